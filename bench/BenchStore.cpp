// Incident store figures: ingest rate in batches, rectangle-and-time query latency over
// a million incidents, bytes per incident, and the evidence FLAC/WAV size ratio.
//   bench_store [INCIDENTS] [SCENARIO_FOLDER]
// Targets (issue "Incident store"): ≥ 20,000 incidents/s, median query ≤ 10 ms over
// 1,000,000 incidents, ≤ 1 KB per incident without audio, FLAC ≤ 60 % of WAV.
#include "contract/Scenario.h"
#include "store/BatchInsert.h"
#include "store/EvidenceStore.h"
#include "store/IncidentIndex.h"
#include "store/IncidentStore.h"
#include "store/LocateRunStore.h"
#include "store/SchemaMigrations.h"
#include "store/SensorStore.h"

#include <QTemporaryDir>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace salvo;
using Clock = std::chrono::steady_clock;

namespace {

constexpr UtcNs kStart_utc_ns = 1'767'225'600'000'000'000; // 2026-01-01
constexpr std::int64_t kYear_ns = 365LL * 86'400'000'000'000LL;

// A city of 30 × 30 km over one year: shots, fireworks, other bangs. Incidents reach
// the store in the order the network hears them: `number` of `total` spread evenly
// over the year, with jitter, so time indexes grow at their end as they do in service.
Incident randomIncident(std::mt19937_64 &random, std::int64_t number, std::int64_t total) {
  std::uniform_real_distribution<double> lat(41.70, 41.97);
  std::uniform_real_distribution<double> lon(-87.85, -87.49);
  const std::int64_t spacing_ns = kYear_ns / std::max<std::int64_t>(total, 1);
  std::uniform_int_distribution<std::int64_t> jitter(0, spacing_ns);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Incident incident;
  incident.id = "I" + std::to_string(number);
  incident.time_utc_ns = kStart_utc_ns + number * spacing_ns + jitter(random);
  incident.position = {lat(random), lon(random), 180.0 + 20.0 * unit(random)};
  incident.horizontal_error_m = 5.0 + 20.0 * unit(random);
  incident.incidentClass = unit(random) < 0.6 ? IncidentClass::Gunfire : IncidentClass::Fireworks;
  incident.confidence = unit(random);
  incident.rounds = 1 + static_cast<int>(random() % 5);
  for (int shot = 0; shot < incident.rounds; ++shot) {
    incident.shots.push_back({incident.time_utc_ns + shot * 90'000'000LL});
  }
  incident.sensors = {"S01", "S02", "S03", "S04"};
  return incident;
}

// CPU time of this process: on a shared, loaded machine the wall clock also counts
// other programs, so both are printed.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// CPU time of this process in ns resolution, for single queries: on a machine loaded
// with other work a query's wall time is mostly the wait for a core.
double preciseCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1))];
}

// The rate over everything stored so far and over the last stretch: a store slows down
// as its indexes outgrow the cache, so the last stretch is the sustained rate.
void printRate(const char *indent, std::int64_t stored, Clock::duration wall, double cpu_s,
               std::int64_t recent, Clock::duration recentWall, double recentCpu_s) {
  std::printf("%s%lld incidents: %.0f/s wall clock, %.0f per CPU second; last %lld: %.0f/s "
              "wall, %.0f per CPU s (target >= 20000)\n",
              indent, static_cast<long long>(stored), static_cast<double>(stored) / seconds(wall),
              static_cast<double>(stored) / cpu_s, static_cast<long long>(recent),
              static_cast<double>(recent) / seconds(recentWall),
              static_cast<double>(recent) / recentCpu_s);
}

struct IngestCost {
  Clock::duration wall{};
  double cpu_s = 0.0;
};

// What the references add to the bare incident rows.
enum class ReferenceIndex { None, RtreePerIncident, Buckets };

void createReferenceIndex(Database &database, ReferenceIndex index) {
  if (index == ReferenceIndex::RtreePerIncident) { // schema 2-4
    database.exec("CREATE VIRTUAL TABLE incidents_rtree USING rtree_i32 (id, min_lat_e7, "
                  "max_lat_e7, min_lon_e7, max_lon_e7, min_time_s, max_time_s)");
  } else if (index == ReferenceIndex::Buckets) { // schema 5, as migration 5 makes them
    database.exec(R"sql(
CREATE VIRTUAL TABLE incident_buckets USING rtree_i32 (
  id, min_lat_e7, max_lat_e7, min_lon_e7, max_lon_e7, min_time_s, max_time_s);
CREATE TABLE incident_bucket_members (
  bucket INTEGER NOT NULL, incident INTEGER NOT NULL REFERENCES incidents (id),
  PRIMARY KEY (bucket, incident)) WITHOUT ROWID)sql");
  }
}

// The references, measured in the same run: the same incident rows into a bare table
// (the incidents columns and CHECKs; no secondary index, shots, sensors or audit), in
// the same batches, one transaction each, through the same Database settings; then
// with the schema-4 index (one R*Tree entry per incident) or with the bucket index.
// Ratios of these figures change little with what else loads the machine.
IngestCost referenceIngest(const std::filesystem::path &path, std::int64_t total,
                           std::int64_t batchSize, ReferenceIndex index) {
  Database database(path, Database::Mode::ReadWrite);
  database.exec(R"sql(
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY, label TEXT NOT NULL, source TEXT NOT NULL,
  time_utc_ns INTEGER NOT NULL, lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180), alt_m REAL NOT NULL,
  horizontal_error_m REAL NOT NULL CHECK (horizontal_error_m >= 0),
  class TEXT NOT NULL CHECK (class IN ('gunfire', 'fireworks', 'other')),
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  rounds INTEGER NOT NULL CHECK (rounds >= 0), created_utc_ns INTEGER NOT NULL))sql");
  createReferenceIndex(database, index);
  BatchInsert insert(database,
                     "INSERT INTO incidents (id, label, source, time_utc_ns, lat, lon, alt_m, "
                     "horizontal_error_m, class, confidence, rounds, created_utc_ns)",
                     12);
  BatchInsert insertRtree(database, "INSERT INTO incidents_rtree", 7);
  std::optional<IncidentIndexWriter> buckets;
  if (index == ReferenceIndex::Buckets) {
    buckets.emplace(database);
  }
  std::mt19937_64 random(42); // the same incidents as the store's run
  std::vector<Incident> batch;
  std::vector<IncidentIndexPoint> points;
  IngestCost cost;
  for (std::int64_t done = 0; done < total; done += batchSize) {
    batch.clear();
    for (std::int64_t i = 0; i < std::min(batchSize, total - done); ++i) {
      batch.push_back(randomIncident(random, done + i, total));
    }
    const auto start = Clock::now();
    const double startCpu_s = cpuSeconds();
    Transaction transaction(database);
    insert.run(batch.size(), [&](Statement &row, int p, std::size_t i) {
      const Incident &incident = batch[i];
      row.bind(p, done + 1 + static_cast<std::int64_t>(i)).bind(p + 1, incident.id);
      row.bind(p + 2, "bench").bind(p + 3, incident.time_utc_ns);
      row.bind(p + 4, incident.position.lat_deg).bind(p + 5, incident.position.lon_deg);
      row.bind(p + 6, incident.position.alt_m).bind(p + 7, incident.horizontal_error_m);
      row.bind(p + 8, incidentClassName(incident.incidentClass));
      row.bind(p + 9, incident.confidence).bind(p + 10, incident.rounds);
      row.bind(p + 11, nowUtc_ns());
    });
    points.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      points.push_back({done + 1 + static_cast<std::int64_t>(i), batch[i].position.lat_deg,
                        batch[i].position.lon_deg, batch[i].time_utc_ns});
    }
    if (index == ReferenceIndex::RtreePerIncident) {
      insertRtree.run(points.size(), [&](Statement &row, int p, std::size_t i) {
        bindIncidentIndexRow(row, p,
                             incidentIndexRow(points[i].id, points[i].lat_deg, points[i].lon_deg,
                                              points[i].time_utc_ns));
      });
    } else if (buckets) {
      buckets->add(points);
    }
    transaction.commit();
    cost.wall += Clock::now() - start;
    cost.cpu_s += cpuSeconds() - startCpu_s;
  }
  return cost;
}

void printReference(const char *name, std::int64_t total, const IngestCost &reference,
                    Clock::duration ingest, double ingestCpu_s) {
  std::printf("  %-44s %7.0f/s wall, %7.0f per CPU s; store/reference %.2f wall, %.2f CPU\n", name,
              static_cast<double>(total) / seconds(reference.wall),
              static_cast<double>(total) / reference.cpu_s,
              seconds(reference.wall) / seconds(ingest), reference.cpu_s / ingestCpu_s);
}

} // namespace

int main(int argc, char **argv) {
  const std::int64_t total = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const std::filesystem::path scenarioFolder =
      argc > 2 ? std::filesystem::path(argv[2])
               : std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / "easy-101";
  QTemporaryDir dir;
  const std::filesystem::path path = dir.filePath(QStringLiteral("bench.sqlite")).toStdString();
  Database database = openStore(path);
  {
    SensorStore sensors(database, "bench");
    Transaction transaction(database);
    for (int i = 1; i <= 4; ++i) {
      SensorSpec spec;
      spec.id = "S0" + std::to_string(i);
      spec.position = {41.8 + 0.01 * i, -87.6, 190.0};
      spec.sample_rate_hz = 16000.0;
      spec.full_scale_pa = 200.0;
      sensors.upsertInTransaction(spec);
    }
    transaction.commit();
  }

  // 1. Ingest in batches of 1000 (each one transaction, synchronous=FULL, audited).
  IncidentStore store(database, "bench");
  std::mt19937_64 random(42);
  constexpr std::int64_t kBatch = 1000;
  Clock::duration ingest{};
  double ingestCpu_s = 0.0;
  std::vector<Incident> batch;
  struct Window {
    std::int64_t stored = 0;
    Clock::duration wall{};
    double cpu_s = 0.0;
  } window;
  for (std::int64_t done = 0; done < total; done += kBatch) {
    batch.clear();
    for (std::int64_t i = 0; i < std::min(kBatch, total - done); ++i) {
      batch.push_back(randomIncident(random, done + i, total));
    }
    const auto start = Clock::now();
    const double startCpu_s = cpuSeconds();
    store.insertBatch(batch, "bench");
    ingest += Clock::now() - start;
    ingestCpu_s += cpuSeconds() - startCpu_s;
    const std::int64_t stored = std::min(done + kBatch, total);
    if (stored % 100'000 == 0 && stored < total) {
      printRate("  ", stored, ingest, ingestCpu_s, stored - window.stored, ingest - window.wall,
                ingestCpu_s - window.cpu_s);
      window = {stored, ingest, ingestCpu_s};
    }
  }
  std::printf("ingest: batches of %lld, one transaction each, synchronous=%s\n",
              static_cast<long long>(kBatch),
              database.queryText("PRAGMA synchronous") == "2" ? "FULL" : "NORMAL");
  printRate("", total, ingest, ingestCpu_s, total - window.stored, ingest - window.wall,
            ingestCpu_s - window.cpu_s);

  std::printf("references, the same %lld incident rows into a bare incidents table "
              "(no shots, sensors, audit):\n",
              static_cast<long long>(total));
  const struct {
    const char *name;
    ReferenceIndex index;
  } references[] = {
      {"rows only", ReferenceIndex::None},
      {"rows + one R*Tree entry per incident (v4)", ReferenceIndex::RtreePerIncident},
      {"rows + bucket map index (v5)", ReferenceIndex::Buckets},
  };
  int file = 0;
  for (const auto &reference : references) {
    const std::string name = "reference-" + std::to_string(++file) + ".sqlite";
    printReference(reference.name, total,
                   referenceIngest(dir.filePath(QString::fromStdString(name)).toStdString(), total,
                                   kBatch, reference.index),
                   ingest, ingestCpu_s);
  }
  std::printf("map index: %lld buckets in the R*Tree for %lld incidents\n",
              static_cast<long long>(database.queryInt64("SELECT count(*) FROM incident_buckets")),
              static_cast<long long>(total));

  database.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const double bytes = static_cast<double>(std::filesystem::file_size(path));
  std::printf("size: %.0f bytes for %lld incidents: %.0f bytes/incident (target <= 1024; "
              "row, shots, sensors, map index, indexes and audit record)\n",
              bytes, static_cast<long long>(total), bytes / static_cast<double>(total));

  // 2. Rectangle-and-time queries: a 3 × 3 km map view over one week.
  std::vector<double> fetch_ms;
  std::vector<double> count_ms;
  std::vector<double> fetchCpu_ms;
  std::int64_t found = 0;
  std::uniform_real_distribution<double> lat(41.70, 41.94);
  std::uniform_real_distribution<double> lon(-87.85, -87.53);
  std::uniform_int_distribution<std::int64_t> when(0, kYear_ns - 7 * 86'400'000'000'000LL);
  for (int q = 0; q < 300; ++q) {
    IncidentArea area;
    area.min_lat_deg = lat(random);
    area.max_lat_deg = area.min_lat_deg + 0.027;
    area.min_lon_deg = lon(random);
    area.max_lon_deg = area.min_lon_deg + 0.036;
    area.from_utc_ns = kStart_utc_ns + when(random);
    area.to_utc_ns = area.from_utc_ns + 7 * 86'400'000'000'000LL;
    auto start = Clock::now();
    const double startCpu_s = preciseCpuSeconds();
    found += static_cast<std::int64_t>(store.inArea(area).size());
    fetchCpu_ms.push_back((preciseCpuSeconds() - startCpu_s) * 1e3);
    fetch_ms.push_back(seconds(Clock::now() - start) * 1e3);
    start = Clock::now();
    store.countInArea(area);
    count_ms.push_back(seconds(Clock::now() - start) * 1e3);
  }
  std::printf("query plan:\n%s", store.areaQueryPlan().c_str());
  std::printf("query (3x3 km, 7 days, %lld incidents stored, %.1f found on average):\n"
              "  full incidents: median %.2f ms, p95 %.2f ms (target median <= 10 ms)\n"
              "  full incidents, CPU time: median %.2f ms, p95 %.2f ms\n"
              "  count only:     median %.2f ms, p95 %.2f ms\n",
              static_cast<long long>(total), static_cast<double>(found) / 300.0,
              percentile(fetch_ms, 0.5), percentile(fetch_ms, 0.95), percentile(fetchCpu_ms, 0.5),
              percentile(fetchCpu_ms, 0.95), percentile(count_ms, 0.5), percentile(count_ms, 0.95));

  // 3. Evidence: FLAC 16-bit clips of a real scenario against the same clips as WAV.
  try {
    const ScenarioFolder scenario = openScenarioFolder(scenarioFolder);
    IncidentsFile incidents;
    incidents.scenario = scenario.manifest.name;
    // One incident a sensor's worth of time, every sensor used: the clips cover gunfire
    // and the quiet between it as a real run would.
    std::mt19937_64 clipRandom(7);
    for (int i = 0; i < 10; ++i) {
      Incident incident;
      incident.id = "E" + std::to_string(i);
      incident.time_utc_ns =
          scenario.start_utc_ns +
          static_cast<UtcNs>(clipRandom() % static_cast<std::uint64_t>(scenario.end_utc_ns -
                                                                       scenario.start_utc_ns));
      incident.position = scenario.recordings.front().spec.position;
      incident.horizontal_error_m = 10.0;
      incident.confidence = 0.5;
      incident.rounds = 1;
      incident.shots = {{incident.time_utc_ns}};
      for (const SensorRecording &recording : scenario.recordings) {
        incident.sensors.push_back(recording.spec.id);
      }
      incidents.incidents.push_back(incident);
    }
    const std::filesystem::path evidencePath =
        dir.filePath(QStringLiteral("evidence.sqlite")).toStdString();
    const LocateRunSummary summary = storeLocateRun(evidencePath, scenario, incidents, "bench");
    std::printf(
        "evidence (%s): %lld clips, FLAC %lld bytes vs 16-bit WAV %lld bytes: %.1f %% "
        "(target <= 60 %%)\n",
        scenario.manifest.name.c_str(), static_cast<long long>(summary.evidence_clips),
        static_cast<long long>(summary.flac_bytes), static_cast<long long>(summary.wav16_bytes),
        100.0 * static_cast<double>(summary.flac_bytes) / static_cast<double>(summary.wav16_bytes));
  } catch (const std::exception &error) {
    std::printf("evidence: skipped: %s\n", error.what());
  }
  return 0;
}
