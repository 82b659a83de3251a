#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <string>

class QNetworkAccessManager;
class QNetworkReply;

namespace salvo {

// What became of one POST: ok only for an HTTP 2xx answer. `error` is a sentence
// naming the URL and what went wrong (refused, timed out, HTTP 503 ...).
struct WebhookResult {
  bool ok = false;
  int http_status = 0; // 0 when no HTTP answer came
  std::string error;
  std::string response_body; // the first 4 KiB, for the audit note and the log
};

// A computer-aided-dispatch webhook: POSTs a CAP alert (application/cap+xml or
// application/json) and reports the outcome once, through finished(). Asynchronous,
// so the desk never waits on the network; postAndWait() is for the command line.
class CadWebhook : public QObject {
  Q_OBJECT
public:
  explicit CadWebhook(QObject *parent = nullptr);
  ~CadWebhook() override;

  // Refuses (finished() with an error, at once) a URL that is not http(s). One POST
  // at a time: a second call while one is running is refused the same way.
  void post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
            int timeout_ms = 10000);
  bool busy() const { return !reply_.isNull(); }

signals:
  void finished(const salvo::WebhookResult &result);

private:
  void onReplyFinished();

  QNetworkAccessManager *network_ = nullptr;
  QPointer<QNetworkReply> reply_;
  QUrl url_;
  int timeout_ms_ = 0;
};

// Runs a local event loop until the POST is done: for the CLI and tests, never the GUI.
WebhookResult postAndWait(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                          int timeout_ms = 10000);

} // namespace salvo
