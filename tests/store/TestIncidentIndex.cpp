// The bucket map index of schema 5 (IncidentIndex.h): area queries answer exactly as
// the one-entry-per-incident R*Tree of schema 4 did and as a full scan does, and
// verifyAudit() notices any edit of the index tables.
#include "StoreTestSupport.h"

#include "store/AuditLog.h"
#include "store/IncidentIndex.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <initializer_list>
#include <random>
#include <vector>

using namespace salvo;

namespace {

constexpr UtcNs kDay_ns = 86'400 * kNanosPerSecond;
constexpr UtcNs kMidnight_utc_ns = 1'783'209'600'000'000'000; // 2026-07-05T00:00:00Z

// Incidents over 0.2° × 0.2° and three days: many cell and day edges, some points
// exactly on them.
std::vector<Incident> incidentsAcrossEdges(std::mt19937_64 &random, int count) {
  std::uniform_real_distribution<double> lat(41.85, 42.05);
  std::uniform_real_distribution<double> lon(-87.75, -87.55);
  std::uniform_int_distribution<std::int64_t> time(-kDay_ns, 2 * kDay_ns);
  std::vector<Incident> incidents;
  for (int i = 0; i < count; ++i) {
    Incident incident = storetest::randomIncident(random, i);
    incident.position.lat_deg = lat(random);
    incident.position.lon_deg = lon(random);
    incident.time_utc_ns = kMidnight_utc_ns + time(random);
    if (i % 50 == 0) { // on a cell corner at midnight
      incident.position.lat_deg = 41.95;
      incident.position.lon_deg = -87.65;
      incident.time_utc_ns = kMidnight_utc_ns + kDay_ns;
    }
    incidents.push_back(incident);
  }
  return incidents;
}

IncidentArea randomArea(std::mt19937_64 &random, const std::vector<Incident> &incidents) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  IncidentArea area;
  if (unit(random) < 0.2) { // edges exactly on an incident
    const Incident &at = incidents[random() % incidents.size()];
    area = {at.position.lat_deg,
            at.position.lat_deg + 0.01 * unit(random),
            at.position.lon_deg - 0.01 * unit(random),
            at.position.lon_deg,
            at.time_utc_ns - static_cast<UtcNs>(unit(random) * 1e13),
            at.time_utc_ns};
    return area;
  }
  const double size_deg = 0.002 + 0.1 * unit(random) * unit(random);
  area.min_lat_deg = 41.84 + 0.2 * unit(random);
  area.max_lat_deg = area.min_lat_deg + size_deg;
  area.min_lon_deg = -87.76 + 0.2 * unit(random);
  area.max_lon_deg = area.min_lon_deg + size_deg * 1.3;
  area.from_utc_ns = kMidnight_utc_ns - kDay_ns + static_cast<UtcNs>(unit(random) * 3e14);
  area.to_utc_ns = area.from_utc_ns + static_cast<UtcNs>(unit(random) * unit(random) * 2e14);
  return area;
}

// The schema-4 query: one R*Tree entry per incident, then the exact columns.
std::vector<std::int64_t> oldRtreeQuery(Database &database, const IncidentArea &area) {
  Statement query(database,
                  "SELECT i.id FROM temp.old_rtree r CROSS JOIN incidents i ON i.id = r.id "
                  "WHERE r.max_lat_e7 >= ?1 AND r.min_lat_e7 <= ?2 AND r.max_lon_e7 >= ?3 "
                  "AND r.min_lon_e7 <= ?4 AND r.max_time_s >= ?5 AND r.min_time_s <= ?6 "
                  "AND i.lat BETWEEN ?7 AND ?8 AND i.lon BETWEEN ?9 AND ?10 "
                  "AND i.time_utc_ns BETWEEN ?11 AND ?12 ORDER BY i.time_utc_ns, i.id");
  const IncidentIndexBox box =
      incidentIndexBox(area.min_lat_deg, area.max_lat_deg, area.min_lon_deg, area.max_lon_deg,
                       area.from_utc_ns, area.to_utc_ns);
  query.bind(1, std::int64_t{box.min_lat_e7}).bind(2, std::int64_t{box.max_lat_e7});
  query.bind(3, std::int64_t{box.min_lon_e7}).bind(4, std::int64_t{box.max_lon_e7});
  query.bind(5, std::int64_t{box.min_time_s}).bind(6, std::int64_t{box.max_time_s});
  query.bind(7, area.min_lat_deg).bind(8, area.max_lat_deg);
  query.bind(9, area.min_lon_deg).bind(10, area.max_lon_deg);
  query.bind(11, area.from_utc_ns).bind(12, area.to_utc_ns);
  std::vector<std::int64_t> ids;
  while (query.step()) {
    ids.push_back(query.columnInt64(0));
  }
  return ids;
}

std::vector<std::int64_t> scan(const std::vector<Incident> &incidents,
                               const std::vector<std::int64_t> &ids, const IncidentArea &area) {
  std::vector<std::pair<UtcNs, std::int64_t>> found;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const Incident &incident = incidents[i];
    if (incident.position.lat_deg >= area.min_lat_deg &&
        incident.position.lat_deg <= area.max_lat_deg &&
        incident.position.lon_deg >= area.min_lon_deg &&
        incident.position.lon_deg <= area.max_lon_deg && incident.time_utc_ns >= area.from_utc_ns &&
        incident.time_utc_ns <= area.to_utc_ns) {
      found.emplace_back(incident.time_utc_ns, ids[i]);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::int64_t> result;
  for (const auto &[time_utc_ns, id] : found) {
    result.push_back(id);
  }
  return result;
}

} // namespace

class TestIncidentIndex : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  int files_ = 0;

  Database freshStore() {
    Database database =
        openStore(dir_.filePath(QStringLiteral("index-%1.sqlite").arg(++files_)).toStdString());
    storetest::addSensors(database);
    return database;
  }

private slots:
  void bucketsGroupByCellAndDay() {
    const std::vector<IncidentIndexPoint> points = {
        {1, 41.801, -87.601, kMidnight_utc_ns + 10},
        {2, 41.849, -87.649, kMidnight_utc_ns + kDay_ns - 1}, // same cell, same day
        {3, 41.851, -87.601, kMidnight_utc_ns + 20},          // next cell north
        {4, 41.801, -87.601, kMidnight_utc_ns + kDay_ns},     // next day
        {5, 41.802, -87.602, kMidnight_utc_ns - 1},           // the day before
    };
    const std::vector<IncidentBucket> buckets = bucketIncidents(points);
    QCOMPARE(buckets.size(), std::size_t(4));
    std::size_t members = 0;
    for (const IncidentBucket &bucket : buckets) {
      members += bucket.members.size();
      for (const std::int64_t id : bucket.members) {
        const IncidentIndexPoint &point = points[static_cast<std::size_t>(id - 1)];
        QVERIFY(boxContains(
            bucket.box, incidentIndexRow(id, point.lat_deg, point.lon_deg, point.time_utc_ns).box));
      }
    }
    QCOMPARE(members, points.size());
    const auto shared = std::find_if(buckets.begin(), buckets.end(), [](const auto &bucket) {
      return bucket.members == std::vector<std::int64_t>{1, 2};
    });
    QVERIFY(shared != buckets.end());
  }

  void areaQueryMatchesTheOldRtreeAndAScan() {
    Database database = freshStore();
    IncidentStore store(database, "test");
    database.exec("CREATE VIRTUAL TABLE temp.old_rtree USING rtree_i32 (id, min_lat_e7, "
                  "max_lat_e7, min_lon_e7, max_lon_e7, min_time_s, max_time_s)");
    Statement oldIndex(database, "INSERT INTO temp.old_rtree VALUES (?, ?, ?, ?, ?, ?, ?)");
    std::mt19937_64 random(17);
    const std::vector<Incident> incidents = incidentsAcrossEdges(random, 4000);
    std::vector<std::int64_t> ids;
    // Batches of many sizes, and single inserts as the desk makes them.
    std::size_t next = 0;
    for (const std::size_t size :
         std::initializer_list<std::size_t>{1, 7, 64, 900, 1, 1, 2500, 33, 1}) {
      const std::span<const Incident> part(incidents.data() + next, size);
      if (size == 1) {
        Transaction transaction(database);
        ids.push_back(store.insertInTransaction(part.front(), "single"));
        transaction.commit();
      } else {
        const std::vector<std::int64_t> batch = store.insertBatch(part, "batch");
        ids.insert(ids.end(), batch.begin(), batch.end());
      }
      next += size;
    }
    QCOMPARE(next, std::size_t(3508));
    const std::vector<Incident> stored(incidents.begin(), incidents.begin() + 3508);
    for (std::size_t i = 0; i < stored.size(); ++i) {
      oldIndex.reset();
      bindIncidentIndexRow(oldIndex, ids[i], stored[i].position.lat_deg, stored[i].position.lon_deg,
                           stored[i].time_utc_ns);
      oldIndex.run();
    }
    QVERIFY(database.queryInt64("SELECT count(*) FROM incident_buckets") < 3508 / 4);

    std::size_t total = 0;
    for (int q = 0; q < 300; ++q) {
      const IncidentArea area = randomArea(random, stored);
      const std::vector<std::int64_t> expected = scan(stored, ids, area);
      std::vector<std::int64_t> found;
      for (const StoredIncident &incident : store.inArea(area)) {
        found.push_back(incident.row_id);
      }
      QCOMPARE(found, expected);
      QCOMPARE(oldRtreeQuery(database, area), expected);
      QCOMPARE(store.countInArea(area), std::int64_t(expected.size()));
      total += expected.size();
    }
    QVERIFY(total > 1000); // the queries were not all empty
    const std::string plan = store.areaQueryPlan();
    QVERIFY2(plan.find("SCAN r VIRTUAL TABLE INDEX") != std::string::npos, plan.c_str());
    QVERIFY2(plan.find("SEARCH m USING PRIMARY KEY") != std::string::npos, plan.c_str());
    QVERIFY2(plan.find("SEARCH i USING INTEGER PRIMARY KEY") != std::string::npos, plan.c_str());
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());
  }

  void verifyNamesEveryIndexEdit_data() {
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("named");
    // Incidents 1, 51, 101 and 151 share one point, so their bucket keeps its box.
    QTest::newRow("unindex incident") << "DELETE FROM incident_bucket_members WHERE incident = 51"
                                      << "incident 51 is in no map index bucket";
    QTest::newRow("incident twice")
        << "INSERT INTO incident_bucket_members SELECT bucket + 1, incident FROM "
           "incident_bucket_members WHERE incident = 30"
        << "map index bucket";
    QTest::newRow("move box") << "UPDATE incident_buckets SET min_time_s = min_time_s + 99, "
                                 "max_time_s = max_time_s + 99 WHERE id = 3"
                              << "map index bucket 3 has a box that is not the union";
    QTest::newRow("widen box") << "UPDATE incident_buckets SET max_lat_e7 = max_lat_e7 + 1 "
                                  "WHERE id = 4"
                               << "map index bucket 4 has a box that is not the union";
    QTest::newRow("delete box") << "DELETE FROM incident_buckets WHERE id = 5"
                                << "map index bucket 5 lists incident";
    QTest::newRow("empty bucket")
        << "UPDATE incident_bucket_members SET bucket = 1000 + bucket WHERE bucket = 6"
        << "map index bucket 6 has a box but no incidents";
    QTest::newRow("extra box") << "INSERT INTO incident_buckets VALUES (999, 0, 1, 0, 1, 0, 1)"
                               << "map index bucket 999 has a box but no incidents";
  }
  void verifyNamesEveryIndexEdit() {
    QFETCH(QString, sql);
    QFETCH(QString, named);
    Database database = freshStore();
    IncidentStore store(database, "test");
    std::mt19937_64 random(23);
    store.insertBatch(incidentsAcrossEdges(random, 200), "batch");
    QVERIFY(verifyAudit(database).ok);
    database.exec(sql.toStdString());
    const AuditVerification verification = verifyAudit(database);
    QVERIFY(!verification.ok);
    QVERIFY2(QString::fromStdString(verification.problem).contains(named),
             verification.problem.c_str());
  }
};

QTEST_GUILESS_MAIN(TestIncidentIndex)
#include "TestIncidentIndex.moc"
