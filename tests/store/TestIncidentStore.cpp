#include "StoreTestSupport.h"

#include "store/AuditLog.h"
#include "store/IncidentStore.h"
#include "store/ReviewStore.h"
#include "store/SchemaMigrations.h"
#include "store/StoreError.h"
#include "store/UserStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

using namespace salvo;

class TestIncidentStore : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  int files_ = 0;

  Database freshStore() {
    Database database =
        openStore(dir_.filePath(QStringLiteral("store-%1.sqlite").arg(++files_)).toStdString());
    storetest::addSensors(database);
    return database;
  }

private slots:
  void roundTripKeepsEveryField() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(1);
    const Incident incident = storetest::randomIncident(random, 1);
    const std::vector<std::int64_t> ids = store.insertBatch({&incident, 1}, "easy-101");
    QCOMPARE(ids.size(), std::size_t(1));
    const std::optional<StoredIncident> stored = store.find(ids[0]);
    QVERIFY(stored);
    QCOMPARE(stored->source, std::string("easy-101"));
    QCOMPARE(stored->status, IncidentStatus::New);
    QCOMPARE(stored->incident.id, incident.id);
    QCOMPARE(stored->incident.time_utc_ns, incident.time_utc_ns);
    QCOMPARE(stored->incident.position.lat_deg, incident.position.lat_deg); // bit-exact
    QCOMPARE(stored->incident.position.lon_deg, incident.position.lon_deg);
    QCOMPARE(stored->incident.confidence, incident.confidence);
    QCOMPARE(stored->incident.incidentClass, incident.incidentClass);
    QCOMPARE(stored->incident.rounds, incident.rounds);
    QCOMPARE(stored->incident.shots.size(), incident.shots.size());
    QCOMPARE(stored->incident.shots.back().time_utc_ns, incident.shots.back().time_utc_ns);
    QCOMPARE(stored->incident.sensors, incident.sensors);
  }

  // The insert builds the audited text from the values it stored instead of reading the
  // row back; it must be exactly what the verify walk reads back.
  void auditedTextOfAnInsertIsWhatVerifyReadsBack() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(3);
    std::vector<Incident> incidents;
    for (int i = 0; i < 200; ++i) {
      incidents.push_back(storetest::randomIncident(random, i));
    }
    incidents[0].position.alt_m = -0.0;              // read back as 0.0
    incidents[1].confidence = 1.0;                   // integral reals
    incidents[2].sensors = {"S007", "S001", "S003"}; // stored sorted
    incidents[3].id = "I \"quoted\" \\ \u00e9\n";    // escaped
    incidents[4].shots.clear();
    incidents[4].rounds = 0;
    const std::vector<std::int64_t> ids = store.insertBatch(incidents, "src \"x\"");
    AuditLog log(database);
    for (const std::int64_t id : ids) {
      const std::vector<AuditRecord> history = log.history("incident", id);
      QCOMPARE(history.size(), std::size_t(1));
      QCOMPARE(history.front().content, log.canonicalEntity("incident", id).value());
    }
    // A second batch chains on from the first (head held in memory per batch only).
    store.insertBatch(std::span(incidents).subspan(5, 10), "second");
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
  }

  // insertBatch writes up to 64 rows per statement in power-of-two chunks: every size
  // around the chunk edges stores exactly its rows, ids follow on, the chain verifies.
  void batchesOfEverySizeAroundTheChunkEdges() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(5);
    std::int64_t stored = 0;
    std::int64_t shots = 0;
    for (const int size : {1, 2, 3, 63, 64, 65, 127, 129}) {
      std::vector<Incident> batch;
      for (int i = 0; i < size; ++i) {
        batch.push_back(storetest::randomIncident(random, i));
        shots += static_cast<std::int64_t>(batch.back().shots.size());
      }
      const std::vector<std::int64_t> ids = store.insertBatch(batch, "chunks");
      QCOMPARE(std::ssize(ids), std::ptrdiff_t(size));
      for (int i = 0; i < size; ++i) {
        QCOMPARE(ids[static_cast<std::size_t>(i)], stored + 1 + i);
      }
      stored += size;
      const std::optional<StoredIncident> last = store.find(ids.back());
      QVERIFY(last.has_value());
      QCOMPARE(last->incident.id, batch.back().id);
      QCOMPARE(last->incident.shots.size(), batch.back().shots.size());
    }
    QCOMPARE(store.count(), stored);
    QCOMPARE(database.queryInt64("SELECT count(*) FROM shots"), shots);
    QCOMPARE(database.queryInt64("SELECT count(*) FROM incident_bucket_members"), stored);
    // Incidents of a batch share buckets: fewer R*Tree entries than incidents.
    QVERIFY(database.queryInt64("SELECT count(*) FROM incident_buckets") < stored);
    QCOMPARE(database.queryInt64("SELECT count(*) FROM incident_sensors"), 4 * stored);
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
  }

  void areaQueryMatchesABruteForceScan() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(2);
    std::vector<Incident> incidents;
    for (int i = 0; i < 3000; ++i) {
      incidents.push_back(storetest::randomIncident(random, i));
    }
    // Points exactly on a query's edges must be found: the index rounds outwards.
    incidents[0].position = {41.8, -87.7, 190.0};
    incidents[0].time_utc_ns = 1'783'240'000'000'000'001;
    const std::vector<std::int64_t> ids = store.insertBatch(incidents, "bench");
    std::uniform_real_distribution<double> lat(41.70, 41.95);
    std::uniform_real_distribution<double> lon(-87.85, -87.55);
    std::uniform_int_distribution<std::int64_t> start(0, 80'000'000'000'000);
    std::vector<IncidentArea> areas;
    areas.push_back(
        {41.8, 41.9, -87.7, -87.6, 1'783'240'000'000'000'001, 1'783'250'000'000'000'000});
    for (int q = 0; q < 40; ++q) {
      IncidentArea area;
      area.min_lat_deg = lat(random);
      area.max_lat_deg = area.min_lat_deg + 0.05;
      area.min_lon_deg = lon(random);
      area.max_lon_deg = area.min_lon_deg + 0.06;
      area.from_utc_ns = 1'783'209'600'000'000'000 + start(random);
      area.to_utc_ns = area.from_utc_ns + 6 * 3600 * kNanosPerSecond;
      areas.push_back(area);
    }
    std::size_t total = 0;
    for (const IncidentArea &area : areas) {
      std::set<std::int64_t> expected;
      for (std::size_t i = 0; i < incidents.size(); ++i) {
        const Incident &incident = incidents[i];
        if (incident.position.lat_deg >= area.min_lat_deg &&
            incident.position.lat_deg <= area.max_lat_deg &&
            incident.position.lon_deg >= area.min_lon_deg &&
            incident.position.lon_deg <= area.max_lon_deg &&
            incident.time_utc_ns >= area.from_utc_ns && incident.time_utc_ns <= area.to_utc_ns) {
          expected.insert(ids[i]);
        }
      }
      std::set<std::int64_t> found;
      UtcNs previous = std::numeric_limits<UtcNs>::min();
      for (const StoredIncident &stored : store.inArea(area)) {
        found.insert(stored.row_id);
        QVERIFY(stored.incident.time_utc_ns >= previous); // ordered by time
        previous = stored.incident.time_utc_ns;
      }
      QCOMPARE(found, expected);
      QCOMPARE(store.countInArea(area), std::int64_t(expected.size()));
      total += expected.size();
    }
    QVERIFY(store.countInArea(areas[0]) >= 1); // the edge point
    const std::string plan = store.areaQueryPlan();
    QVERIFY2(plan.find("SCAN r VIRTUAL TABLE INDEX") != std::string::npos, plan.c_str());
    QVERIFY2(plan.find("SEARCH i USING INTEGER PRIMARY KEY") != std::string::npos, plan.c_str());
    QVERIFY(total > 40); // the queries were not all empty
  }

  void statusAndClassQuery() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(3);
    std::vector<Incident> incidents;
    for (int i = 0; i < 200; ++i) {
      incidents.push_back(storetest::randomIncident(random, i));
    }
    const std::vector<std::int64_t> ids = store.insertBatch(incidents, "test");
    {
      Transaction transaction(database);
      store.setStatusInTransaction(ids[5], IncidentStatus::Confirmed);
      store.setStatusInTransaction(ids[9], IncidentStatus::Dismissed, IncidentClass::Fireworks);
      transaction.commit();
    }
    const auto confirmed = store.withStatusAndClass(IncidentStatus::Confirmed, {});
    QCOMPARE(confirmed.size(), std::size_t(1));
    QCOMPARE(confirmed[0].row_id, ids[5]);
    const auto dismissedFireworks =
        store.withStatusAndClass(IncidentStatus::Dismissed, IncidentClass::Fireworks);
    QCOMPARE(dismissedFireworks.size(), std::size_t(1));
    QCOMPARE(dismissedFireworks[0].row_id, ids[9]);
    const auto gunfire = store.withStatusAndClass({}, IncidentClass::Gunfire);
    const auto expected = std::count_if(incidents.begin(), incidents.end(), [](const Incident &i) {
      return i.incidentClass == IncidentClass::Gunfire;
    });
    QCOMPARE(std::int64_t(gunfire.size()),
             std::int64_t(expected) - (incidents[9].incidentClass == IncidentClass::Gunfire));
    for (std::size_t i = 1; i < gunfire.size(); ++i) {
      QVERIFY(gunfire[i - 1].incident.time_utc_ns >= gunfire[i].incident.time_utc_ns);
    }
    QVERIFY(verifyAudit(database).ok);
  }

  void invalidIncidentsAreRefusedAndNothingIsStored() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(4);
    std::vector<Incident> batch = {storetest::randomIncident(random, 1),
                                   storetest::randomIncident(random, 2)};
    batch[1].position.lat_deg = std::nan("");
    try {
      store.insertBatch(batch, "test");
      QFAIL("NaN latitude stored");
    } catch (const InputError &error) {
      QCOMPARE(error.item(), std::string("incident I000002"));
      QCOMPARE(error.field(), std::string("position"));
    }
    QCOMPARE(store.count(), 0); // the batch is all or nothing
    batch[1] = storetest::randomIncident(random, 3);
    batch[1].confidence = 1.5;
    QVERIFY_THROWS_EXCEPTION(InputError, store.insertBatch(batch, "test"));
    batch[1] = storetest::randomIncident(random, 4);
    batch[1].sensors = {"S999"};
    try {
      store.insertBatch(batch, "test");
      QFAIL("unknown sensor stored");
    } catch (const InputError &error) {
      QCOMPARE(error.field(), std::string("sensors"));
    }
    QCOMPARE(store.count(), 0);
    QVERIFY_THROWS_EXCEPTION(InputError, store.inArea({42.0, 41.0, -88.0, -87.0, 0, 1}));
  }

  void usersHaveArgon2idHashesAndRoles() {
    Database database = freshStore();
    UserStore users(database, "admin-setup");
    users.addUser("ana", UserRole::Analyst, "correct horse battery");
    users.addUser("dan", UserRole::Dispatcher, "staple gun 2026");
    const std::string hash = database.queryText("SELECT password_hash FROM users WHERE name='ana'");
    QVERIFY2(hash.starts_with("$argon2id$"), hash.c_str());
    QVERIFY(hash.find("correct horse") == std::string::npos);
    QVERIFY(users.authenticate("ana", "correct horse battery"));
    QCOMPARE(users.authenticate("ana", "correct horse battery")->role, UserRole::Analyst);
    QVERIFY(!users.authenticate("ana", "Correct horse battery"));
    QVERIFY(!users.authenticate("nobody", "correct horse battery"));
    QVERIFY_THROWS_EXCEPTION(InputError, users.addUser("ana", UserRole::Admin, "another pass"));
    QVERIFY_THROWS_EXCEPTION(InputError, users.addUser("eve", UserRole::Admin, "short"));
    users.setActive("dan", false);
    QVERIFY(!users.authenticate("dan", "staple gun 2026"));
    QVERIFY(verifyAudit(database).ok);
  }

  void reviewsAndDispatchesChangeStatusWithRoleChecks() {
    Database database = freshStore();
    UserStore users(database, "admin-setup");
    users.addUser("ana", UserRole::Analyst, "correct horse battery");
    users.addUser("dan", UserRole::Dispatcher, "staple gun 2026");
    IncidentStore store(database, "test");
    std::mt19937_64 random(5);
    const std::vector<Incident> incidents = {storetest::randomIncident(random, 1),
                                             storetest::randomIncident(random, 2)};
    const std::vector<std::int64_t> ids = store.insertBatch(incidents, "test");

    ReviewStore reviews(database);
    DispatchStore dispatches(database);
    // A dispatcher may not review, an analyst may not dispatch.
    QVERIFY_THROWS_EXCEPTION(
        InputError, reviews.recordReview(ids[0], "dan", ReviewDecision::Confirmed, {}, "x"));
    QVERIFY_THROWS_EXCEPTION(InputError, dispatches.recordDispatch(ids[0], "ana", "car 12", ""));
    QVERIFY_THROWS_EXCEPTION(
        InputError, reviews.recordReview(ids[0], "ana", ReviewDecision::Confirmed, {}, ""));
    QVERIFY_THROWS_EXCEPTION(
        InputError, reviews.recordReview(99999, "ana", ReviewDecision::Confirmed, {}, "x"));

    reviews.recordReview(ids[0], "ana", ReviewDecision::Confirmed, IncidentClass::Gunfire,
                         "two sensors show supersonic cracks");
    QCOMPARE(store.find(ids[0])->status, IncidentStatus::Confirmed);
    QCOMPARE(store.find(ids[0])->incident.incidentClass, IncidentClass::Gunfire);
    dispatches.recordDispatch(ids[0], "dan", "car 12", "two units");
    QCOMPARE(store.find(ids[0])->status, IncidentStatus::Dispatched);
    reviews.recordReview(ids[1], "ana", ReviewDecision::Dismissed, IncidentClass::Fireworks,
                         "July 4th display");
    QCOMPARE(store.find(ids[1])->status, IncidentStatus::Dismissed);

    const std::vector<StoredReview> review = reviews.reviewsOf(ids[0]);
    QCOMPARE(review.size(), std::size_t(1));
    QCOMPARE(review[0].user, std::string("ana"));
    QCOMPARE(review[0].reason, std::string("two sensors show supersonic cracks"));
    QCOMPARE(dispatches.dispatchesOf(ids[0]).at(0).unit, std::string("car 12"));
    // Each change left its record: insert, review, status update, dispatch, update.
    AuditLog log(database);
    const std::vector<AuditRecord> history = log.history("incident", ids[0]);
    QCOMPARE(history.size(), std::size_t(3));
    QCOMPARE(history.back().actor, std::string("dan"));
    QVERIFY(history.back().content.find("\"status\":\"dispatched\"") != std::string::npos);
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
  }
};

QTEST_GUILESS_MAIN(TestIncidentStore)
#include "TestIncidentStore.moc"
