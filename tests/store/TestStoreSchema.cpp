#include "StoreTestSupport.h"

#include "store/AuditLog.h"
#include "store/IncidentIndex.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"
#include "store/StoreError.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

using namespace salvo;

namespace {

// What version 1 and 2 of Salvo would have written: rows inserted with the SQL of
// that version, audited as Salvo did then.
void fillVersion1(Database &database) {
  Transaction transaction(database);
  database.exec("INSERT INTO sensors (sensor_id, lat, lon, alt_m, sample_rate_hz, full_scale_pa) "
                "VALUES ('S001', 41.87, -87.63, 190.0, 16000.0, 200.0)");
  AuditLog(database).recordRow("v1", "insert", "sensor", database.lastInsertRowId());
  database.exec("INSERT INTO incidents (label, source, time_utc_ns, lat, lon, alt_m, "
                "horizontal_error_m, class, confidence, rounds, status, created_utc_ns) VALUES "
                "('I0001', 'old', 1783264461932663336, 41.8756, -87.6299, 181.5, 7.5, "
                "'gunfire', 0.93, 3, 'new', 1783264470000000000)");
  const std::int64_t id = database.lastInsertRowId();
  database.exec("INSERT INTO shots VALUES (" + std::to_string(id) + ", 0, 1783264461932663336), (" +
                std::to_string(id) + ", 1, 1783264462003720912)");
  database.exec("INSERT INTO incident_sensors VALUES (" + std::to_string(id) + ", 'S001')");
  if (database.tableExists("incidents_rtree")) { // version 2 on indexed every insert
    Statement index(database, "INSERT INTO incidents_rtree VALUES (?, ?, ?, ?, ?, ?, ?)");
    bindIncidentIndexRow(index, id, 41.8756, -87.6299, 1783264461932663336);
    index.run();
  }
  AuditLog(database).recordRow("v1", "insert", "incident", id);
  transaction.commit();
}

std::string makeFile(const QTemporaryDir &dir, const char *name) {
  return dir.filePath(QString::fromLatin1(name)).toStdString();
}

} // namespace

class TestStoreSchema : public QObject {
  Q_OBJECT

private slots:
  void emptyFileGetsTheCurrentSchema() {
    QTemporaryDir dir;
    Database database = openStore(makeFile(dir, "new.sqlite"));
    QCOMPARE(storeSchemaVersion(database), kStoreSchemaVersion);
    QCOMPARE(database.queryText("PRAGMA journal_mode"), std::string("wal"));
    QCOMPARE(database.queryInt64("PRAGMA foreign_keys"), 1);
    QCOMPARE(database.queryInt64("PRAGMA application_id"), std::int64_t(kStoreApplicationId));
    for (const char *table :
         {"sensors", "sensor_health", "pulses", "incidents", "shots", "evidence_clips", "reviews",
          "dispatches", "users", "roles", "audit_log", "incident_buckets",
          "incident_bucket_members", "schema_version"}) {
      QVERIFY2(database.tableExists(table), table);
    }
    // One audit record a migration step, and the chain verifies.
    QCOMPARE(AuditLog(database).count(), std::int64_t(kStoreSchemaVersion));
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
    QCOMPARE(database.queryInt64("SELECT count(*) FROM roles"), 3);
  }

  void migratesFromEveryEarlierVersion_data() {
    QTest::addColumn<int>("from");
    for (int version = 0; version < kStoreSchemaVersion; ++version) {
      QTest::newRow(qPrintable(QStringLiteral("v%1").arg(version))) << version;
    }
  }
  void migratesFromEveryEarlierVersion() {
    QFETCH(int, from);
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "old.sqlite");
    {
      Database database(path, Database::Mode::ReadWrite);
      migrateSchema(database, from);
      QCOMPARE(storeSchemaVersion(database), from);
      if (from >= 1) {
        fillVersion1(database);
      }
    }
    Database database = openStore(path);
    QCOMPARE(storeSchemaVersion(database), kStoreSchemaVersion);
    QCOMPARE(database.queryInt64("SELECT count(*) FROM schema_version"),
             std::int64_t(kStoreSchemaVersion));
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
    if (from >= 1) {
      // The version-1 incident survived, with its shots, and version 2 indexed it.
      IncidentStore store(database, "test");
      QCOMPARE(store.count(), 1);
      const std::vector<StoredIncident> found =
          store.inArea({41.87, 41.88, -87.64, -87.62, 1783264461000000000, 1783264462000000000});
      QCOMPARE(found.size(), std::size_t(1));
      QCOMPARE(found[0].incident.shots.size(), std::size_t(2));
      QCOMPARE(found[0].incident.confidence, 0.93);
      QCOMPARE(found[0].incident.sensors, std::vector<std::string>{"S001"});
    }
    // Reopening migrates nothing more.
    const std::int64_t records = AuditLog(database).count();
    Database again = openStore(path);
    QCOMPARE(AuditLog(again).count(), records);
  }

  // Version 5 moves a version-4 file's one-entry-per-incident R*Tree to buckets: every
  // incident findable, fewer boxes than incidents, the index consistent.
  void version4IncidentsMoveToBuckets() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "v4.sqlite");
    std::mt19937_64 random(31);
    std::vector<Incident> incidents;
    {
      Database database(path, Database::Mode::ReadWrite);
      migrateSchema(database, 4);
      storetest::addSensors(database);
      Transaction transaction(database);
      Statement insert(database,
                       "INSERT INTO incidents (label, source, time_utc_ns, lat, lon, alt_m, "
                       "horizontal_error_m, class, confidence, rounds, status, created_utc_ns) "
                       "VALUES (?, 'v4', ?, ?, ?, 190.0, 5.0, 'gunfire', 0.5, 1, 'new', 1)");
      Statement index(database, "INSERT INTO incidents_rtree VALUES (?, ?, ?, ?, ?, ?, ?)");
      for (int i = 0; i < 500; ++i) {
        incidents.push_back(storetest::randomIncident(random, i));
        const Incident &incident = incidents.back();
        insert.reset();
        insert.bind(1, incident.id).bind(2, incident.time_utc_ns);
        insert.bind(3, incident.position.lat_deg).bind(4, incident.position.lon_deg);
        insert.run();
        const std::int64_t id = database.lastInsertRowId();
        index.reset();
        bindIncidentIndexRow(index, id, incident.position.lat_deg, incident.position.lon_deg,
                             incident.time_utc_ns);
        index.run();
        AuditLog(database).recordRow("v4", "insert", "incident", id);
      }
      transaction.commit();
    }
    Database database = openStore(path);
    QCOMPARE(storeSchemaVersion(database), kStoreSchemaVersion);
    QVERIFY(!database.tableExists("incidents_rtree"));
    const std::int64_t buckets = database.queryInt64("SELECT count(*) FROM incident_buckets");
    QVERIFY2(buckets > 0 && buckets < 500, std::to_string(buckets).c_str());
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
    IncidentStore store(database, "test");
    QCOMPARE(store.countInArea({41.0, 43.0, -88.0, -87.0, 1'783'209'600'000'000'000,
                                1'783'209'600'000'000'000 + 86'400'000'000'000}),
             std::int64_t(500));
    const Incident &one = incidents[123];
    const std::vector<StoredIncident> found =
        store.inArea({one.position.lat_deg, one.position.lat_deg, one.position.lon_deg,
                      one.position.lon_deg, one.time_utc_ns, one.time_utc_ns});
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found[0].incident.id, one.id);
  }

  void newerSchemaIsRefusedNamingBothVersions() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "future.sqlite");
    {
      Database database = openStore(path);
      database.exec("INSERT INTO schema_version VALUES (7, 'from the future', 0)");
    }
    for (Database::Mode mode : {Database::Mode::ReadWrite, Database::Mode::ReadOnly}) {
      try {
        openStore(path, mode);
        QFAIL("a newer schema was accepted");
      } catch (const StoreError &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QStringLiteral("schema version 7")), error.what());
        QVERIFY2(message.contains(QStringLiteral("schema version %1").arg(kStoreSchemaVersion)),
                 error.what());
        QVERIFY2(message.contains(QString::fromStdString(path)), error.what());
      }
    }
    // Untouched: still version 7, nothing migrated or audited by the refusal.
    Database raw(path, Database::Mode::ReadOnly);
    QCOMPARE(raw.queryInt64("SELECT max(version) FROM schema_version"), 7);
  }

  void olderSchemaReadOnlyAsksForAnUpgrade() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "v1.sqlite");
    {
      Database database(path, Database::Mode::ReadWrite);
      migrateSchema(database, 1);
    }
    try {
      openStore(path, Database::Mode::ReadOnly);
      QFAIL("an old schema was opened read-only as if current");
    } catch (const StoreError &error) {
      QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("schema version 1")),
               error.what());
    }
  }

  void garbageFileIsAClearError() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "garbage.sqlite");
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    try {
      openStore(path);
      QFAIL("garbage opened as a store");
    } catch (const StoreError &error) {
      QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("not a SQLite database")),
               error.what());
      QVERIFY(QString::fromUtf8(error.what()).contains(QString::fromStdString(path)));
    }
  }

  void damagedPagesAreFoundByVerify() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "damaged.sqlite");
    {
      Database database = openStore(path);
      storetest::addSensors(database);
      IncidentStore store(database, "test");
      std::mt19937_64 random(7);
      std::vector<Incident> incidents;
      for (int i = 0; i < 2000; ++i) {
        incidents.push_back(storetest::randomIncident(random, i));
      }
      store.insertBatch(incidents, "test");
      database.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Scribble over pages in the middle of the file, past the header and schema.
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    QVERIFY(size > 200000);
    for (qint64 offset = size / 3; offset < size / 3 + 40000; offset += 4096) {
      file.seek(offset + 100);
      file.write(QByteArray(600, '\xA5'));
    }
    file.close();
    bool reported = false;
    try {
      Database database = openStore(path, Database::Mode::ReadOnly);
      const AuditVerification verification = verifyAudit(database);
      reported = !verification.ok;
    } catch (const StoreError &error) {
      reported = true; // SQLITE_CORRUPT surfaced as a StoreError: also a clear error
      QVERIFY2(QString::fromUtf8(error.what()).contains(QString::fromStdString(path)),
               error.what());
    }
    QVERIFY(reported);
  }

  void sqliteFileOfAnotherProgramIsRefused() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "other.sqlite");
    {
      Database database(path, Database::Mode::ReadWrite);
      database.exec("CREATE TABLE songs (title TEXT)");
    }
    QVERIFY_THROWS_EXCEPTION(StoreError, openStore(path));
    // And nothing was added to it.
    Database raw(path, Database::Mode::ReadOnly);
    QVERIFY(!raw.tableExists("schema_version"));
  }

  void readOnlyFileIsAClearError() {
    if (::geteuid() == 0) {
      QSKIP("root ignores file permissions");
    }
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "ro.sqlite");
    {
      Database database = openStore(path);
      database.exec("PRAGMA journal_mode = DELETE"); // no -wal/-shm needed to read it
    }
    QVERIFY(::chmod(path.c_str(), 0444) == 0);
    try {
      openStore(path);
      QFAIL("a read-only file was opened for writing");
    } catch (const StoreError &error) {
      QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("read-only")), error.what());
    }
    // Reading it still works.
    Database database = openStore(path, Database::Mode::ReadOnly);
    QVERIFY(verifyAudit(database).ok);
  }

  void writingThroughAReadOnlyConnectionIsAClearError() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "ro-mode.sqlite");
    { openStore(path); }
    Database database = openStore(path, Database::Mode::ReadOnly);
    try {
      IncidentStore(database, "test").insertBatch({}, "test");
      QFAIL("wrote through a read-only connection");
    } catch (const StoreError &error) {
      QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("read-only")), error.what());
    }
  }

  void lockedFileIsAClearError() {
    QTemporaryDir dir;
    const std::string path = makeFile(dir, "locked.sqlite");
    Database holder = openStore(path);
    holder.exec("BEGIN EXCLUSIVE");
    Database second(path, Database::Mode::ReadWrite, 50);
    try {
      IncidentStore(second, "test").insertBatch({}, "test");
      QFAIL("wrote through another process's lock");
    } catch (const StoreError &error) {
      QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("locked")), error.what());
    }
    holder.exec("ROLLBACK");
  }

  void missingFileReadOnlyIsAClearError() {
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(StoreError,
                             openStore(makeFile(dir, "absent.sqlite"), Database::Mode::ReadOnly));
  }
};

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "TestStoreSchema.moc"
