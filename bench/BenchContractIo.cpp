// How fast the contract files are read and written. A desk that opens a year of a busy
// city's incidents (~100 000) must not stall; the reference is Qt's bare JSON parse of
// the same bytes, measured in the same run, so the figure that matters is the ratio:
// what strict validation, exact nanoseconds and the NaN handling cost on top.

#include "contract/Incidents.h"
#include "contract/Scenario.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <filesystem>

using namespace salvo;

namespace {

IncidentsFile makeIncidents(int count) {
  IncidentsFile file;
  file.scenario = "bench";
  const UtcNs start = 1783218894215499492;
  for (int i = 0; i < count; ++i) {
    Incident incident;
    char id[16];
    std::snprintf(id, sizeof id, "I%06d", i + 1);
    incident.id = id;
    incident.time_utc_ns = start + std::int64_t(i) * 317'000'123'457;
    incident.position = {34.05 + 1e-5 * (i % 997), -118.24 - 1e-5 * (i % 991), 181.5};
    incident.horizontal_error_m = 5.0 + (i % 40) * 0.25;
    incident.incidentClass = static_cast<IncidentClass>(i % 3);
    incident.confidence = 0.5 + (i % 50) * 0.01;
    incident.rounds = 1 + i % 6;
    for (int s = 0; s < incident.rounds; ++s) {
      incident.shots.push_back({incident.time_utc_ns + s * 123'456'789});
    }
    incident.sensors = {"S001", "S004", "S007", "S011", "S015"};
    file.incidents.push_back(std::move(incident));
  }
  return file;
}

double best_ms(int repeats, const auto &work) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    QElapsedTimer timer;
    timer.start();
    work();
    best = std::min(best, double(timer.nsecsElapsed()) * 1e-6);
  }
  return best;
}

} // namespace

int main(int argc, char **argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 100000;
  QTemporaryDir dir;
  const auto path = std::filesystem::path(dir.path().toStdString()) / "incidents.json";
  const IncidentsFile incidents = makeIncidents(count);

  const double write_ms = best_ms(3, [&] { writeIncidentsFile(path, incidents); });
  QFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::ReadOnly)) {
    return 1;
  }
  const QByteArray bytes = file.readAll();
  const double mb = double(bytes.size()) / 1e6;

  std::size_t read = 0;
  const double read_ms = best_ms(3, [&] { read = readIncidentsFile(path).incidents.size(); });
  const double qt_ms = best_ms(3, [&] { (void)QJsonDocument::fromJson(bytes).object().size(); });

  std::printf("incidents file: %d incidents, %.1f MB\n", count, mb);
  std::printf("  write (validate + render + atomic save): %8.1f ms  %6.1f MB/s\n", write_ms,
              mb / (write_ms * 1e-3));
  std::printf("  read  (sanitize + parse + validate):     %8.1f ms  %6.1f MB/s  (%zu read)\n",
              read_ms, mb / (read_ms * 1e-3), read);
  std::printf("  reference: QJsonDocument::fromJson only: %8.1f ms  -> read costs %.2fx it\n",
              qt_ms, read_ms / qt_ms);

#ifdef SALVO_SHARED_DIR
  for (const char *name : {"easy-101", "urban-202", "celebration-303"}) {
    const auto folder = std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / name;
    std::size_t sensors = 0;
    const double open_ms =
        best_ms(5, [&] { sensors = openScenarioFolder(folder).recordings.size(); });
    std::printf("openScenarioFolder %-16s %2zu sensors: %6.2f ms (manifest + audio headers)\n",
                name, sensors, open_ms);
  }
#endif
  return 0;
}
