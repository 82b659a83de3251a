#include "../support/CliRunner.h"
#include "StoreTestSupport.h"

#include "store/IncidentStore.h"
#include "store/ReviewStore.h"
#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {

using Run = salvo::testing::CliRun;

Run run(const QStringList &arguments) {
  return salvo::testing::runCli(arguments, 60000);
}

// The sqlite3 shell, as someone tampering with the file would use it.
bool sqliteShell(const QString &db, const QString &sql, QString *error = nullptr) {
  QProcess process;
  process.start(QStringLiteral("sqlite3"), {db, sql});
  if (!process.waitForFinished(30000)) {
    return false;
  }
  if (error) {
    *error = QString::fromUtf8(process.readAllStandardError());
  }
  return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

class TestStoreCli : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString pristine_;
  int copies_ = 0;

  // A fresh copy of the prepared database for one tampering case.
  QString copyOfPristine() {
    const QString copy = dir_.filePath(QStringLiteral("copy-%1.sqlite").arg(++copies_));
    if (!QFile::copy(pristine_, copy)) {
      qFatal("cannot copy the test database");
    }
    return copy;
  }

private slots:
  void initTestCase() {
    QVERIFY(QFile::exists(QStringLiteral(SALVO_CLI_PATH)));
    pristine_ = dir_.filePath(QStringLiteral("pristine.sqlite"));
    Database database = openStore(pristine_.toStdString());
    storetest::addSensors(database);
    std::mt19937_64 random(11);
    std::vector<Incident> incidents;
    for (int i = 0; i < 20; ++i) {
      incidents.push_back(storetest::randomIncident(random, i));
    }
    incidents[4].id = "I,\"quoted\""; // CSV quoting
    IncidentStore(database, "test").insertBatch(incidents, "cli-test");
    UserStore users(database, "setup");
    users.addUser("ana", UserRole::Analyst, "correct horse battery");
    users.addUser("dan", UserRole::Dispatcher, "staple gun 2026");
    ReviewStore(database).recordReview(2, "ana", ReviewDecision::Confirmed, {}, "clear shots");
    DispatchStore(database).recordDispatch(2, "dan", "car 12", "");
    // One file, no -wal beside it, so a plain file copy is the whole database.
    database.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  void helpForEveryAction() {
    for (const QStringList &arguments :
         {QStringList{"db", "export", "--help"}, QStringList{"db", "stats", "--help"},
          QStringList{"audit", "verify", "--help"}, QStringList{"db", "--help"}}) {
      const Run result = run(arguments);
      QCOMPARE(result.exitCode, 0);
      QVERIFY2(result.out.contains(QStringLiteral("--db")) ||
                   result.out.contains(QStringLiteral("export")),
               qPrintable(result.out));
    }
    QCOMPARE(run({"db", "export"}).exitCode, 2);     // --db missing
    QCOMPARE(run({"db", "frobnicate"}).exitCode, 2); // unknown action
    QCOMPARE(run({"db", "export", "--db", pristine_, "--format", "xml"}).exitCode, 2);
  }

  void verifyPassesOnAnUntouchedFile() {
    const Run result = run({"audit", "verify", "--db", pristine_});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(result.out.contains(QStringLiteral("audit verify ok")));
    // The head hash it prints works as an anchor.
    const QString head = result.out.section(QStringLiteral("head "), 1).trimmed();
    QCOMPARE(head.size(), 64);
    QCOMPARE(run({"audit", "verify", "--db", pristine_, "--anchor", head}).exitCode, 0);
    const Run wrong =
        run({"audit", "verify", "--db", pristine_, "--anchor", QString(64, QLatin1Char('0'))});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY(wrong.err.contains(QStringLiteral("anchor")));
  }

  void tamperingWithTheSqliteShellIsCaught_data() {
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("named");
    QTest::addColumn<QString>("detail");
    QTest::newRow("update incident") << "UPDATE incidents SET confidence = 0.01 WHERE id = 7;"
                                     << "incident 7 does not match"
                                     << "confidence";
    QTest::newRow("move incident") << "UPDATE incidents SET lat = lat + 0.001 WHERE id = 12;"
                                   << "incident 12"
                                   << "row.lat";
    QTest::newRow("change shot") << "UPDATE shots SET time_utc_ns = time_utc_ns + 1 "
                                    "WHERE incident = 3 AND shot_index = 0;"
                                 << "incident 3 does not match"
                                 << "shots";
    QTest::newRow("raise role") << "UPDATE users SET role = 'admin' WHERE name = 'dan';"
                                << "user 2 does not match"
                                << "role";
    QTest::newRow("delete incident") << "DELETE FROM incidents WHERE id = 5;"
                                     << "incident 5 is missing"
                                     << "deleted";
    QTest::newRow("insert incident")
        << "INSERT INTO incidents (label, source, time_utc_ns, lat, lon, alt_m, "
           "horizontal_error_m, class, confidence, rounds, status, created_utc_ns) VALUES "
           "('X', 'x', 1, 41.9, -87.6, 190, 5, 'gunfire', 0.5, 1, 'new', 1);"
        << "incident 21 has no audit record"
        << "";
    QTest::newRow("update review") << "UPDATE reviews SET reason = 'nothing seen' WHERE id = 1;"
                                   << "review 1 does not match"
                                   << "reason";
    QTest::newRow("delete dispatch") << "DELETE FROM dispatches WHERE id = 1;"
                                     << "dispatch 1 is missing"
                                     << "";
    QTest::newRow("hide incident from map")
        << "DELETE FROM incident_bucket_members WHERE incident = 6;"
        << "map index"
        << "outside Salvo";
    QTest::newRow("shift map box") << "UPDATE incident_buckets SET min_time_s = min_time_s + 60, "
                                      "max_time_s = max_time_s + 60 WHERE id = 2;"
                                   << "map index bucket 2"
                                   << "outside Salvo";
    QTest::newRow("rewrite audit record")
        << "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' "
           "WHERE seq = 10;"
        << "audit record 10 was altered"
        << "";
    QTest::newRow("delete audit record")
        << "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 8;"
        << "audit record 8 is missing"
        << "";
    QTest::newRow("status and its record")
        << "DROP TRIGGER audit_log_no_update; UPDATE incidents SET status = 'dismissed' "
           "WHERE id = 2; UPDATE audit_log SET content = replace(content, 'dispatched', "
           "'dismissed') WHERE seq = (SELECT max(seq) FROM audit_log WHERE entity = 'incident' "
           "AND entity_id = 2);"
        << "was altered"
        << "";
  }
  void tamperingWithTheSqliteShellIsCaught() {
    QFETCH(QString, sql);
    QFETCH(QString, named);
    QFETCH(QString, detail);
    const QString db = copyOfPristine();
    QString shellError;
    QVERIFY2(sqliteShell(db, sql, &shellError), qPrintable(shellError));
    const Run result = run({"audit", "verify", "--db", db});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(named), qPrintable(result.err));
    QVERIFY2(result.err.contains(detail), qPrintable(result.err));
    QVERIFY(result.err.contains(db));
  }

  void auditLogTriggersRefuseEdits() {
    const QString db = copyOfPristine();
    QString shellError;
    QVERIFY(!sqliteShell(db, QStringLiteral("UPDATE audit_log SET actor = 'x' WHERE seq = 3;"),
                         &shellError));
    QVERIFY2(shellError.contains(QStringLiteral("append-only")), qPrintable(shellError));
    QVERIFY(!sqliteShell(db, QStringLiteral("DELETE FROM audit_log;"), &shellError));
    QCOMPARE(run({"audit", "verify", "--db", db}).exitCode, 0);
  }

  void exportsJsonGeoJsonAndCsv() {
    const Run json = run({"db", "export", "--db", pristine_, "--format", "json"});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.out.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonArray incidents = document.object().value(QStringLiteral("incidents")).toArray();
    QCOMPARE(incidents.size(), 20);
    QCOMPARE(incidents.at(1).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("dispatched"));

    const QString geojsonPath = dir_.filePath(QStringLiteral("incidents.geojson"));
    const Run geo =
        run({"db", "export", "--db", pristine_, "--format", "geojson", "--out", geojsonPath});
    QVERIFY2(geo.exitCode == 0, qPrintable(geo.err));
    QFile geoFile(geojsonPath);
    QVERIFY(geoFile.open(QIODevice::ReadOnly));
    const QJsonObject collection = QJsonDocument::fromJson(geoFile.readAll()).object();
    QCOMPARE(collection.value(QStringLiteral("type")).toString(),
             QStringLiteral("FeatureCollection"));
    const QJsonArray features = collection.value(QStringLiteral("features")).toArray();
    QCOMPARE(features.size(), 20);
    const QJsonObject feature = features.at(0).toObject();
    const QJsonArray coordinates = feature.value(QStringLiteral("geometry"))
                                       .toObject()
                                       .value(QStringLiteral("coordinates"))
                                       .toArray();
    const QJsonObject properties = feature.value(QStringLiteral("properties")).toObject();
    // RFC 7946: longitude first.
    QCOMPARE(coordinates.at(0).toDouble(), properties.value(QStringLiteral("lon")).toDouble());
    QCOMPARE(coordinates.at(1).toDouble(), properties.value(QStringLiteral("lat")).toDouble());
    QVERIFY(coordinates.at(0).toDouble() < -87.0);

    const Run csv = run({"db", "export", "--db", pristine_, "--format", "csv"});
    QVERIFY2(csv.exitCode == 0, qPrintable(csv.err));
    const QStringList lines = csv.out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 21);
    QVERIFY(lines[0].startsWith(QStringLiteral("id,label,source,time_utc_ns")));
    QVERIFY2(lines[5].contains(QStringLiteral("\"I,\"\"quoted\"\"\"")), qPrintable(lines[5]));
  }

  void statsSummariseTheFile() {
    const Run result = run({"db", "stats", "--db", pristine_});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(QRegularExpression(QStringLiteral("incidents\\s+20\\n"))),
             qPrintable(result.out));
    QVERIFY(result.out.contains(QRegularExpression(QStringLiteral("status dispatched\\s+1"))));
    QVERIFY(result.out.contains(QRegularExpression(QStringLiteral("reviews\\s+1\\n"))));
    QVERIFY(result.out.contains(QStringLiteral("bytes/incident")));
  }

  void badFilesAreClearErrors() {
    const QString garbage = dir_.filePath(QStringLiteral("garbage.sqlite"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'z'));
    file.close();
    for (const QStringList &arguments : {QStringList{"audit", "verify", "--db", garbage},
                                         QStringList{"db", "stats", "--db", garbage},
                                         QStringList{"db", "export", "--db", garbage}}) {
      const Run result = run(arguments);
      QCOMPARE(result.exitCode, 1);
      QVERIFY2(result.err.contains(garbage) &&
                   result.err.contains(QStringLiteral("not a SQLite database")),
               qPrintable(result.err));
    }
    const QString future = copyOfPristine();
    QVERIFY(sqliteShell(future, QStringLiteral("INSERT INTO schema_version VALUES (9, 'x', 0);")));
    const Run result = run({"audit", "verify", "--db", future});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("schema version 9")) &&
                 result.err.contains(QStringLiteral("schema version %1").arg(kStoreSchemaVersion)),
             qPrintable(result.err));
    const Run missing = run({"db", "stats", "--db", dir_.filePath(QStringLiteral("none.sqlite"))});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains(QStringLiteral("no such database file")));
  }
};

QTEST_GUILESS_MAIN(TestStoreCli)
#include "TestStoreCli.moc"
