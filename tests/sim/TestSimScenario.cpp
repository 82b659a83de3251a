#include "audio/AudioFile.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace salvo;
using namespace salvo::sim;

namespace {

QByteArray folderHash(const std::filesystem::path &folder) {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  QCryptographicHash hash(QCryptographicHash::Sha256);
  for (const auto &file : files) {
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly)) {
      return {};
    }
    hash.addData(QByteArray::fromStdString(std::filesystem::relative(file, folder).string()));
    hash.addData(f.readAll());
  }
  return hash.result();
}

int countClass(const SimScenario &scenario, IncidentClass incidentClass) {
  return static_cast<int>(
      std::count_if(scenario.events.begin(), scenario.events.end(),
                    [&](const TruthEvent &e) { return e.eventClass == incidentClass; }));
}

} // namespace

class TestSimScenario : public QObject {
  Q_OBJECT

private slots:
  void sameSeedSameBytes() {
    QTemporaryDir dir;
    ScenarioRequest request;
    request.preset = "urban";
    request.seed = 7;
    request.sensors = 3;
    request.duration_s = 6.0;
    const std::filesystem::path a = dir.filePath("a").toStdString();
    const std::filesystem::path b = dir.filePath("b").toStdString();
    const std::filesystem::path c = dir.filePath("c").toStdString();
    writeScenarioFolder(buildScenario(request), a);
    writeScenarioFolder(buildScenario(request), b);
    request.seed = 8;
    writeScenarioFolder(buildScenario(request), c);
    const QByteArray hashA = folderHash(a);
    QVERIFY(!hashA.isEmpty());
    QCOMPARE(hashA, folderHash(b));
    QVERIFY(hashA != folderHash(c));
  }

  void writtenFolderFollowsTheContract() {
    QTemporaryDir dir;
    ScenarioRequest request;
    request.preset = "hard";
    request.seed = 3;
    request.sensors = 4;
    request.duration_s = 5.0;
    request.sample_rate_hz = 12000.0;
    const std::filesystem::path folder = dir.filePath("hard").toStdString();
    const SimScenario scenario = buildScenario(request);
    writeScenarioFolder(scenario, folder);
    const ScenarioFolder opened = openScenarioFolder(folder);
    QCOMPARE(opened.recordings.size(), std::size_t{4});
    for (const auto &recording : opened.recordings) {
      QCOMPARE(recording.spec.sample_rate_hz, 12000.0);
      QCOMPARE(recording.frames, std::int64_t{60000});
      QCOMPARE(probeAudioFile(recording.audio_path).encoding, std::string("PCM 16-bit"));
    }
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    QCOMPARE(truth.events.size(), scenario.events.size());
    QVERIFY(!truth.events.empty());
    QVERIFY(std::abs(truth.speed_of_sound_mps - scenario.speedOfSound_mps()) < 1e-9);
    // The manifest's stamps carry each clock's error over the common true start.
    for (std::size_t i = 0; i < truth.sensors.size(); ++i) {
      QCOMPARE(opened.manifest.sensors[i].start_utc_ns,
               scenario.start_utc_ns + secondsToNanos(truth.sensors[i].clock_error_s));
    }
  }

  // Hilly: like the recordings Salvo is accepted on (docs/simulator.md).
  void hillyPresetHasItsCharacter() {
    ScenarioRequest request;
    request.preset = "hilly";
    request.seed = 42;
    request.duration_s = 600.0;
    const SimScenario hilly = buildScenario(request);
    double lowestGround = 1e9;
    double highestGround = -1e9;
    for (const auto &sensor : hilly.sensors) {
      QCOMPARE(sensor.sample_rate_hz, 12000.0);
      QVERIFY(sensor.rooftop); // at its own ground height plus its building's
      const double ground = hilly.city.groundUp_m(sensor.enu_m.x(), sensor.enu_m.y());
      QVERIFY(sensor.enu_m.z() > ground + 8.0);
      lowestGround = std::min(lowestGround, ground);
      highestGround = std::max(highestGround, ground);
    }
    QVERIFY2(highestGround - lowestGround > 100.0,
             qPrintable(QString::number(highestGround - lowestGround)));
    int handguns = 0;
    int guns = 0;
    for (const auto &event : hilly.events) {
      if (event.eventClass != IncidentClass::Gunfire) {
        continue;
      }
      ++guns;
      handguns += event.weapon.value_or("") == "handgun" ? 1 : 0;
      // Street level on the terrain, whatever the hill.
      const Eigen::Vector3d at = LocalEnuFrame(hilly.origin).toEnu(event.position);
      QVERIFY(std::abs(at.z() - hilly.city.groundUp_m(at.x(), at.y()) - 1.35) < 0.3);
    }
    QVERIFY(guns >= 10);
    QVERIFY(handguns >= guns * 6 / 10);
    QVERIFY(countClass(hilly, IncidentClass::Other) >= 10);
  }

  void presetsHaveTheirCharacter() {
    ScenarioRequest request;
    request.seed = 42;
    request.duration_s = 120.0;
    request.preset = "quiet";
    const SimScenario quiet = buildScenario(request);
    request.preset = "celebration";
    const SimScenario celebration = buildScenario(request);
    request.preset = "hard";
    const SimScenario hard = buildScenario(request);
    request.preset = "urban";
    const SimScenario urban = buildScenario(request);
    QVERIFY(countClass(quiet, IncidentClass::Gunfire) >= 1);
    QVERIFY(countClass(urban, IncidentClass::Gunfire) >= 1);
    // New Year's Eve: fireworks about a hundred times more often, a few shootings among them.
    QVERIFY(countClass(celebration, IncidentClass::Fireworks) >=
                50 * std::max(1, countClass(urban, IncidentClass::Fireworks)) ||
            countClass(celebration, IncidentClass::Fireworks) >= 80);
    QVERIFY(countClass(celebration, IncidentClass::Gunfire) >= 2);
    QVERIFY(celebration.weather.temperature_c < 10.0);
    // Hard: a GPS fault, a wrong weather report, hills, many buildings.
    int faults = 0;
    double lowest = 1e9;
    double highest = -1e9;
    for (const auto &sensor : hard.sensors) {
      faults += std::abs(sensor.clock_error_s) > 1e-3 ? 1 : 0;
      lowest = std::min(lowest, sensor.position.alt_m);
      highest = std::max(highest, sensor.position.alt_m);
      QVERIFY(sensor.sample_rate_hz == 16000.0);
    }
    QCOMPARE(faults, 1);
    QVERIFY(std::abs(hard.reported_temperature_c - hard.weather.temperature_c) >= 2.9);
    QVERIFY2(highest - lowest > 50.0, qPrintable(QString::number(highest - lowest)));
    auto meanHeight = [](const SimScenario &s) {
      double sum = 0.0;
      for (const auto &b : s.city.buildings()) {
        sum += b.roof_up_m - b.base_up_m;
      }
      return sum / static_cast<double>(std::max<std::size_t>(1, s.city.buildings().size()));
    };
    QVERIFY(meanHeight(hard) > meanHeight(urban) + 5.0);
    QVERIFY(urban.city.buildings().size() > 100);
    for (const auto &sensor : urban.sensors) {
      QVERIFY(std::abs(sensor.clock_error_s) < 5e-6); // GPS-disciplined
    }
    // 6 to 20 sensors a square kilometre.
    for (const SimScenario *s : {&quiet, &urban, &celebration, &hard}) {
      double east = 0.0;
      double north = 0.0;
      double minEast = 1e9, maxEast = -1e9, minNorth = 1e9, maxNorth = -1e9;
      for (const auto &sensor : s->sensors) {
        east = sensor.enu_m.x();
        north = sensor.enu_m.y();
        minEast = std::min(minEast, east);
        maxEast = std::max(maxEast, east);
        minNorth = std::min(minNorth, north);
        maxNorth = std::max(maxNorth, north);
      }
      const double area_km2 = (maxEast - minEast) * (maxNorth - minNorth) * 1e-6;
      const double density = static_cast<double>(s->sensors.size()) / area_km2;
      QVERIFY2(density > 5.0 && density < 40.0, qPrintable(QString::number(density)));
    }
  }

  void badRequestsAreRefused() {
    ScenarioRequest request;
    request.preset = "nonsense";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, buildScenario(request));
    request.preset = "urban";
    request.sample_rate_hz = 4000.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, buildScenario(request));
  }
};

QTEST_GUILESS_MAIN(TestSimScenario)
#include "TestSimScenario.moc"
