#include "store/AuditLog.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <set>

using namespace salvo;

class TestStoreDurability : public QObject {
  Q_OBJECT

private slots:
  // SIGKILL an ingesting process at random points, again and again on the same file:
  // after each kill the file is intact, every incident whose commit had returned is
  // there, and the audit chain verifies.
  void survivesSigkillAtRandomPoints() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("durable.sqlite"));
    std::mt19937 random(20260705);
    std::set<std::int64_t> committed;
    for (int round = 0; round < 6; ++round) {
      QProcess helper;
      helper.setProcessChannelMode(QProcess::SeparateChannels);
      helper.start(QStringLiteral(STORE_INGEST_HELPER), {path, QString::number(1000 + round)});
      QVERIFY2(helper.waitForStarted(10000), qPrintable(helper.errorString()));
      // Let it commit a few batches, then kill it somewhere in the next ones.
      QByteArray output;
      while (output.count('\n') < 20) {
        QVERIFY2(helper.waitForReadyRead(30000), helper.readAllStandardError().constData());
        output += helper.readAllStandardOutput();
      }
      QTest::qWait(static_cast<int>(random() % 150));
      helper.kill(); // SIGKILL on Unix: no destructor, no rollback, no flush
      QVERIFY(helper.waitForFinished(10000));
      QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
      output += helper.readAllStandardOutput();
      // Only complete lines were printed after their commit returned.
      const QList<QByteArray> lines = output.split('\n');
      for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        bool ok = false;
        committed.insert(lines[i].toLongLong(&ok));
        QVERIFY(ok);
      }

      Database database = openStore(path.toStdString());
      QCOMPARE(database.queryText("PRAGMA integrity_check"), std::string("ok"));
      Statement exists(database, "SELECT 1 FROM incidents WHERE id = ?");
      for (const std::int64_t id : committed) {
        exists.reset();
        exists.bind(1, id);
        QVERIFY2(exists.step(), qPrintable(QStringLiteral("incident %1 lost").arg(id)));
      }
      const AuditVerification verification = verifyAudit(database);
      QVERIFY2(verification.ok, verification.problem.c_str());
      // Nothing half-written either: every incident has its shots and its index entry.
      QCOMPARE(
          database.queryInt64("SELECT count(*) FROM incidents i WHERE NOT EXISTS "
                              "(SELECT 1 FROM incident_bucket_members m WHERE m.incident = i.id)"),
          0);
    }
    QVERIFY(committed.size() >= 6 * 20);
  }
};

QTEST_GUILESS_MAIN(TestStoreDurability)
#include "TestStoreDurability.moc"
