#include "../support/CliRunner.h"
#include "../support/LocalHttpServer.h"
#include "DispatchTestSupport.h"

#include "store/AuditLog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

class TestCapCli : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString db_;

  // salvo-cli while this test's event loop runs, so the local server can answer it.
  testing::CliRun runWithEventLoop(const QStringList &arguments) {
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SALVO_CLI_PATH), arguments);
    testing::CliRun run;
    if (!finished.wait(60000)) {
      process.kill();
      process.waitForFinished();
      return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
  }

private slots:
  void initTestCase() {
    db_ = dir_.filePath(QStringLiteral("cap.sqlite"));
    Database database = openStore(db_.toStdString());
    dispatchtest::fillStore(database);
    // A second locate run numbers its incidents from the start again: I000002 twice.
    std::mt19937_64 random(9);
    Incident again = storetest::randomIncident(random, 2);
    IncidentStore(database, "test").insertBatch({&again, 1}, "second-run");
  }

  void exportsSchemaValidXmlForAnyStatus() {
    for (const char *id : {"#1", "#2", "#3"}) {
      const QString out = dir_.filePath(QStringLiteral("alert-%1.xml").arg(QLatin1String(id + 1)));
      const testing::CliRun run =
          testing::runCli({QStringLiteral("cap"), QStringLiteral("--db"), db_,
                           QStringLiteral("--incident"), QLatin1String(id), QStringLiteral("--out"),
                           out, QStringLiteral("--sent"), QStringLiteral("2026-07-05T14:00:00Z")});
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      const dispatchtest::XmllintResult lint = dispatchtest::validateCap(out);
      QVERIFY2(lint.valid, qPrintable(lint.output));
    }
    QFile second(dir_.filePath(QStringLiteral("alert-2.xml")));
    QVERIFY(second.open(QIODevice::ReadOnly));
    const QByteArray xml = second.readAll();
    QVERIFY(xml.contains("<sent>2026-07-05T14:00:00+00:00</sent>"));
    QVERIFY(xml.contains("<value>new</value>"));
    QVERIFY(xml.contains("<certainty>Possible</certainty>"));
  }

  void labelOfTheIncidentsFilePicksTheLatestRun() {
    const testing::CliRun run = testing::runCli(
        {QStringLiteral("cap"), QStringLiteral("--db"), db_, QStringLiteral("--incident"),
         QStringLiteral("I000002"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("#2, #4")), qPrintable(run.err));
    const QJsonObject alert = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(alert.value(QStringLiteral("incidents")).toString(), QStringLiteral("I000002"));
    QVERIFY2(
        alert.value(QStringLiteral("identifier")).toString().startsWith(QStringLiteral("salvo-4-")),
        qPrintable(run.out));
  }

  void badArgumentsAreClearErrors() {
    testing::CliRun run = testing::runCli({QStringLiteral("cap"), QStringLiteral("--db"), db_,
                                           QStringLiteral("--incident"), QStringLiteral("I9999")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no incident is labelled I9999")),
             qPrintable(run.err));
    run = testing::runCli({QStringLiteral("cap"), QStringLiteral("--db"), db_});
    QCOMPARE(run.exitCode, 2);
    run = testing::runCli({QStringLiteral("cap"), QStringLiteral("--db"),
                           dir_.filePath(QStringLiteral("missing.sqlite")),
                           QStringLiteral("--incident"), QStringLiteral("#1")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("missing.sqlite")), qPrintable(run.err));
  }

  void postSendsConfirmedIncidentsAndRecordsTheDispatch() {
    test::LocalHttpServer server([](const test::HttpRequest &) {
      return test::HttpReply{200, "text/plain", "ok", {}};
    });
    const QString url = server.url(QStringLiteral("/cad")).toString();
    // New and not reviewed: refused before anything is sent.
    testing::CliRun run = runWithEventLoop(
        {QStringLiteral("cap"), QStringLiteral("--db"), db_, QStringLiteral("--incident"),
         QStringLiteral("#2"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("x.xml")),
         QStringLiteral("--post"), url, QStringLiteral("--user"), QStringLiteral("dan")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("not been reviewed")), qPrintable(run.err));
    QCOMPARE(server.requests().size(), 0);

    run = runWithEventLoop(
        {QStringLiteral("cap"), QStringLiteral("--db"), db_, QStringLiteral("--incident"),
         QStringLiteral("#1"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("y.xml")),
         QStringLiteral("--post"), url, QStringLiteral("--user"), QStringLiteral("dan")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(server.requests().size(), 1);
    QVERIFY(server.requests().front().body.contains("<event>Gunfire</event>"));
    Database database(db_.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(DispatchStore(database).dispatchesOf(1).size(), std::size_t(1));
    QCOMPARE(IncidentStore(database, "test").find(1)->status, IncidentStatus::Dispatched);
    QVERIFY(verifyAudit(database).ok);
  }
};

QTEST_GUILESS_MAIN(TestCapCli)
#include "TestCapCli.moc"
