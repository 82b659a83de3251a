#pragma once

// A one-file HTTP/1.1 server on 127.0.0.1 for tests of network clients (tile
// downloads, reverse geocoding, the CAD webhook). It answers every request with the
// reply that a test-supplied handler builds, and keeps every request it saw, so a
// test can check the method, path, headers and body the client really sent.
// It lives on the thread that created it: the test's event loop must run
// (QSignalSpy::wait, QTRY_*) while the client talks to it.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <utility>

namespace salvo::test {

struct HttpRequest {
  QByteArray method;
  QByteArray target;                     // path and query, as sent
  QHash<QByteArray, QByteArray> headers; // names lower-cased
  QByteArray body;
};

struct HttpReply {
  int status = 200;
  QByteArray contentType = "application/json";
  QByteArray body;
  QList<std::pair<QByteArray, QByteArray>> extraHeaders;
};

class LocalHttpServer : public QObject {
public:
  using Handler = std::function<HttpReply(const HttpRequest &)>;

  explicit LocalHttpServer(Handler handler, QObject *parent = nullptr)
      : QObject(parent), handler_(std::move(handler)) {
    server_.listen(QHostAddress::LocalHost, 0);
    connect(&server_, &QTcpServer::newConnection, this, [this] { acceptAll(); });
  }

  bool isListening() const { return server_.isListening(); }
  QUrl url(const QString &path = QStringLiteral("/")) const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server_.serverPort()).arg(path));
  }
  const QList<HttpRequest> &requests() const { return requests_; }

private:
  void acceptAll() {
    while (QTcpSocket *socket = server_.nextPendingConnection()) {
      connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { readFrom(socket); });
      connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
  }

  void readFrom(QTcpSocket *socket) {
    QByteArray &buffer = pending_[socket];
    buffer += socket->readAll();
    // Several requests may arrive on one keep-alive connection.
    while (true) {
      const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        return;
      }
      HttpRequest request = parseHead(buffer.left(headerEnd));
      const qsizetype bodyLength = request.headers.value("content-length", "0").toLongLong();
      if (buffer.size() < headerEnd + 4 + bodyLength) {
        return;
      }
      request.body = buffer.mid(headerEnd + 4, bodyLength);
      buffer.remove(0, headerEnd + 4 + bodyLength);
      requests_.append(request);
      socket->write(serialise(handler_(request)));
    }
  }

  static HttpRequest parseHead(const QByteArray &head) {
    HttpRequest request;
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
      const qsizetype colon = lines[i].indexOf(':');
      if (colon > 0) {
        request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                               lines[i].mid(colon + 1).trimmed());
      }
    }
    return request;
  }

  static QByteArray serialise(const HttpReply &reply) {
    QByteArray text = "HTTP/1.1 " + QByteArray::number(reply.status) + " Status\r\n";
    text += "Content-Type: " + reply.contentType + "\r\n";
    text += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    for (const auto &[name, value] : reply.extraHeaders) {
      text += name + ": " + value + "\r\n";
    }
    return text + "\r\n" + reply.body;
  }

  Handler handler_;
  QTcpServer server_;
  QHash<QTcpSocket *, QByteArray> pending_;
  QList<HttpRequest> requests_;
};

} // namespace salvo::test
