#include "dispatch/CadWebhook.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace salvo {
namespace {

std::string urlText(const QUrl &url) {
  return url.toDisplayString(QUrl::RemoveUserInfo).toStdString();
}

} // namespace

CadWebhook::CadWebhook(QObject *parent)
    : QObject(parent), network_(new QNetworkAccessManager(this)) {}

CadWebhook::~CadWebhook() {
  // No finished() from a half-destroyed webhook: the receiver may be going away too.
  if (QNetworkReply *reply = reply_.data(); reply != nullptr) {
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
  }
}

void CadWebhook::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                      int timeout_ms) {
  auto refuse = [this](std::string error) {
    WebhookResult result;
    result.error = std::move(error);
    // Queued, so a caller connecting after post() still hears it.
    QTimer::singleShot(0, this, [this, result] { emit finished(result); });
  };
  if (busy()) {
    refuse("a dispatch to " + urlText(url_) + " is still running");
    return;
  }
  const QString scheme = url.scheme().toLower();
  if (!url.isValid() || url.host().isEmpty() ||
      (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
    refuse("the CAD webhook URL \"" + url.toString().toStdString() +
           "\" is not an http:// or https:// address");
    return;
  }
  url_ = url;
  timeout_ms_ = timeout_ms;
  QNetworkRequest request(url);
  request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
  request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Salvo CAP dispatch"));
  request.setTransferTimeout(timeout_ms);
  reply_ = network_->post(request, body);
  connect(reply_, &QNetworkReply::finished, this, &CadWebhook::onReplyFinished);
}

void CadWebhook::onReplyFinished() {
  QNetworkReply *reply = reply_;
  reply_.clear();
  if (!reply) {
    return;
  }
  reply->deleteLater();
  WebhookResult result;
  const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
  result.http_status = status.isValid() ? status.toInt() : 0;
  result.response_body = reply->read(4096).toStdString();
  const std::string where = urlText(url_);
  if (reply->error() == QNetworkReply::OperationCanceledError ||
      reply->error() == QNetworkReply::TimeoutError) {
    result.error = "no answer from the CAD webhook " + where + " within " +
                   std::to_string(timeout_ms_) + " ms";
  } else if (result.http_status >= 200 && result.http_status < 300) {
    result.ok = true;
  } else if (result.http_status != 0) {
    const std::string reason =
        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toStdString();
    result.error = "the CAD webhook " + where + " answered HTTP " +
                   std::to_string(result.http_status) + (reason.empty() ? "" : " " + reason) +
                   (result.response_body.empty() ? "" : ": " + result.response_body.substr(0, 200));
  } else {
    result.error =
        "cannot reach the CAD webhook " + where + ": " + reply->errorString().toStdString();
  }
  emit finished(result);
}

WebhookResult postAndWait(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                          int timeout_ms) {
  CadWebhook webhook;
  WebhookResult result;
  QEventLoop loop;
  QObject::connect(&webhook, &CadWebhook::finished, &loop, [&](const WebhookResult &outcome) {
    result = outcome;
    loop.quit();
  });
  webhook.post(url, body, contentType, timeout_ms);
  loop.exec();
  return result;
}

} // namespace salvo
