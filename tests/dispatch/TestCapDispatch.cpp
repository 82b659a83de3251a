#include "../support/LocalHttpServer.h"
#include "DispatchTestSupport.h"

#include "dispatch/CapDispatch.h"
#include "store/AuditLog.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

class TestCapDispatch : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  int files_ = 0;

  Database freshStore() {
    Database database =
        openStore(dir_.filePath(QStringLiteral("d-%1.sqlite").arg(++files_)).toStdString());
    dispatchtest::fillStore(database);
    return database;
  }

  QString writeFile(const std::string &text) {
    const QString path = dir_.filePath(QStringLiteral("cap-%1.xml").arg(++files_));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
      qFatal("cannot write %s", qPrintable(path));
    }
    file.write(QByteArray::fromStdString(text));
    return path;
  }

private slots:
  void everyStatusGivesSchemaValidCap() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    CapOptions options;
    options.sent_utc_ns = 1'783'260'000'123'456'789;
    options.address = "1200 S Michigan Ave & E 12th St";
    const char *certainties[] = {"Observed", "Possible", "Unlikely"};
    for (std::int64_t row = 1; row <= 3; ++row) {
      const CapAlert alert = capAlertFor(store.find(row).value(), options);
      QCOMPARE(alert.certainty, std::string(certainties[row - 1]));
      const std::string xml = capAlertXml(alert);
      const dispatchtest::XmllintResult lint = dispatchtest::validateCap(writeFile(xml));
      QVERIFY2(lint.valid, qPrintable(lint.output + QString::fromStdString(xml)));
    }
    const CapAlert alert = capAlertFor(store.find(1).value(), options);
    QCOMPARE(alert.sent, std::string("2026-07-05T14:00:00+00:00"));
    QCOMPARE(alert.identifier, std::string("salvo-1-1783260000123456789"));
    QCOMPARE(alert.event, std::string("Gunfire"));
    QCOMPARE(alert.severity, std::string("Severe"));
    const StoredIncident first = store.find(1).value();
    QVERIFY(alert.circle.starts_with(
        QString::number(first.incident.position.lat_deg, 'f', 6).toStdString() + ","));
    const std::string xml = capAlertXml(alert);
    QVERIFY(xml.find("<status>Actual</status>") != std::string::npos);
    QVERIFY(xml.find("<category>Security</category>") != std::string::npos);
    QVERIFY(xml.find("<valueName>rounds</valueName>") != std::string::npos);
    QVERIFY(xml.find("I0001 &lt;&amp;") != std::string::npos); // escaped, not raw
    QVERIFY(xml.find("<value>confirmed</value>") != std::string::npos);
  }

  void jsonCarriesTheSameAlert() {
    Database database = freshStore();
    const CapAlert alert = capAlertFor(IncidentStore(database, "test").find(2).value());
    QJsonParseError error{};
    const QJsonDocument json =
        QJsonDocument::fromJson(QByteArray::fromStdString(capAlertJson(alert)), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = json.object();
    QCOMPARE(root.value(QStringLiteral("status")).toString(), QStringLiteral("Actual"));
    QCOMPARE(root.value(QStringLiteral("msgType")).toString(), QStringLiteral("Alert"));
    const QJsonObject info = root.value(QStringLiteral("info")).toArray().at(0).toObject();
    QCOMPARE(info.value(QStringLiteral("certainty")).toString(), QStringLiteral("Possible"));
    const QJsonObject parameters = info.value(QStringLiteral("parameter")).toObject();
    QCOMPARE(parameters.value(QStringLiteral("incidentStatus")).toString(), QStringLiteral("new"));
    QCOMPARE(
        info.value(QStringLiteral("area")).toObject().value(QStringLiteral("circle")).toString(),
        QString::fromStdString(alert.circle));
  }

  void acceptedPostIsRecordedAndAudited() {
    Database database = freshStore();
    test::LocalHttpServer server([](const test::HttpRequest &) {
      return test::HttpReply{201, "text/plain", "queued as CAD-77", {}};
    });
    QVERIFY(server.isListening());
    const StoredIncident incident = IncidentStore(database, "test").find(1).value();
    QVERIFY(!dispatchRefusal(incident));
    QVERIFY(!dispatchUserRefusal(database, "dan"));
    const CapAlert alert = capAlertFor(incident);
    const QUrl url = server.url(QStringLiteral("/cad/alerts"));
    const WebhookResult result =
        postAndWait(url, capBody(alert, CapEncoding::Xml), capContentType(CapEncoding::Xml), 5000);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.http_status, 201);
    QCOMPARE(server.requests().size(), 1);
    const test::HttpRequest &request = server.requests().front();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/cad/alerts"));
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/cap+xml"));
    QCOMPARE(request.body, QByteArray::fromStdString(capAlertXml(alert)));

    const std::int64_t id = recordCapDispatch(database, 1, "dan", alert, url, result);
    const std::vector<StoredDispatch> dispatches = DispatchStore(database).dispatchesOf(1);
    QCOMPARE(dispatches.size(), std::size_t(1));
    QCOMPARE(dispatches[0].id, id);
    QCOMPARE(dispatches[0].unit, std::string(kCadWebhookUnit));
    QVERIFY(dispatches[0].note.find(alert.identifier) != std::string::npos);
    QVERIFY(dispatches[0].note.find("HTTP 201") != std::string::npos);
    QCOMPARE(IncidentStore(database, "test").find(1)->status, IncidentStatus::Dispatched);
    QCOMPARE(AuditLog(database).history("dispatch", id).size(), std::size_t(1));
    QVERIFY(verifyAudit(database).ok);
  }

  void unconfirmedIncidentsAndNonDispatchersAreRefused() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    const std::optional<std::string> isNew = dispatchRefusal(store.find(2).value());
    QVERIFY(isNew && isNew->find("not been reviewed") != std::string::npos);
    QVERIFY(dispatchRefusal(store.find(3).value()));
    const std::optional<std::string> analyst = dispatchUserRefusal(database, "ana");
    QVERIFY(analyst && analyst->find("not a dispatcher") != std::string::npos);
    QVERIFY(dispatchUserRefusal(database, "nobody"));
  }

  void httpErrorsAreReportedClearly() {
    test::LocalHttpServer server([](const test::HttpRequest &) {
      return test::HttpReply{503, "text/plain", "CAD maintenance until 03:00", {}};
    });
    const WebhookResult result =
        postAndWait(server.url(QStringLiteral("/hook")), "<alert/>", "application/cap+xml", 5000);
    QVERIFY(!result.ok);
    QCOMPARE(result.http_status, 503);
    QVERIFY2(result.error.find("HTTP 503") != std::string::npos, result.error.c_str());
    QVERIFY2(result.error.find("CAD maintenance") != std::string::npos, result.error.c_str());
    QVERIFY2(result.error.find("127.0.0.1") != std::string::npos, result.error.c_str());
  }

  void silentServerTimesOut() {
    QTcpServer silent; // accepts, never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/hook").arg(silent.serverPort()));
    QElapsedTimer timer;
    timer.start();
    const WebhookResult result = postAndWait(url, "<alert/>", "application/cap+xml", 300);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.find("within 300 ms") != std::string::npos, result.error.c_str());
    QVERIFY(timer.elapsed() < 10000);
  }

  void refusedConnectionAndBadUrlsAreErrors() {
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    const WebhookResult refused =
        postAndWait(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), "x", "text/plain");
    QVERIFY(!refused.ok);
    QVERIFY2(refused.error.find("cannot reach") != std::string::npos, refused.error.c_str());
    for (const char *bad : {"ftp://example.org/x", "not a url", ""}) {
      const WebhookResult result =
          postAndWait(QUrl(QString::fromLatin1(bad)), "x", "text/plain", 1000);
      QVERIFY(!result.ok);
      QVERIFY2(result.error.find("not an http") != std::string::npos, result.error.c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestCapDispatch)
#include "TestCapDispatch.moc"
