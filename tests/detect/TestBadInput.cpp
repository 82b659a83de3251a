// Bad input on a real scenario: easy-101 copied to a temporary folder with three sensors
// broken the ways field sensors break — a file cut short (its header still promises the
// full length), a run of NaN samples, and a clock that steps by 6 ms mid-scenario. Each
// must give a warning naming that sensor, and the gunfire must still be located.
#include "audio/AudioFile.h"
#include "contract/Truth.h"
#include "detect/DetectPulses.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <limits>

using namespace salvo;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = fs::path(SALVO_SHARED_DIR) / "scenarios/easy-101";
constexpr double kRate_hz = 16000.0;

void writeFloat(const fs::path &path, const std::vector<float> &samples) {
  writeAudioFile(path, samples, kRate_hz, AudioContainer::Wav, AudioEncoding::Float32);
}

// Everything after `at_s` comes `step_s` late: the sensor's clock stepped back by step_s.
void stepClock(const fs::path &path, double at_s, double step_s) {
  std::vector<float> x = readAudioFile(path);
  const auto at = static_cast<std::ptrdiff_t>(at_s * kRate_hz);
  const auto step = static_cast<std::ptrdiff_t>(step_s * kRate_hz);
  // Repeat the (quiet) stretch just before the step rather than insert silence.
  std::vector<float> repeat(x.begin() + at - step, x.begin() + at);
  x.insert(x.begin() + at, repeat.begin(), repeat.end());
  x.resize(x.size() - static_cast<std::size_t>(step));
  writeFloat(path, x);
}

bool warns(const std::vector<std::string> &warnings, const std::string &sensor,
           const std::string &word) {
  for (const std::string &w : warnings) {
    if (w.find("sensor " + sensor) != std::string::npos && w.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

QString joined(const std::vector<std::string> &warnings) {
  QString text;
  for (const std::string &w : warnings) {
    text += QString::fromStdString(w) + QStringLiteral("\n");
  }
  return text;
}

} // namespace

class TestBadInput : public QObject {
  Q_OBJECT

private slots:
  void brokenSensorsWarnByNameAndTheRestIsLocated() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path folder = fs::path(dir.path().toStdString()) / "easy-bad";
    fs::copy(kSource, folder, fs::copy_options::recursive);
    fs::permissions(folder / "audio", fs::perms::owner_all, fs::perm_options::add);

    // S002: the file is cut at 60 % of its bytes; the WAV header still says full length.
    const fs::path s002 = folder / "audio/S002.wav";
    fs::permissions(s002, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    fs::resize_file(s002, fs::file_size(s002) * 6 / 10);
    // S004: 0.2 s of NaN at 5 s (a converter dropout), written as float samples.
    std::vector<float> s004 = readAudioFile(folder / "audio/S004.wav");
    std::fill(s004.begin() + static_cast<std::ptrdiff_t>(5.0 * kRate_hz),
              s004.begin() + static_cast<std::ptrdiff_t>(5.2 * kRate_hz),
              std::numeric_limits<float>::quiet_NaN());
    writeFloat(folder / "audio/S004.wav", s004);
    // S006: the clock steps by 6 ms at 6 s, between the first and the second gunfire.
    stepClock(folder / "audio/S006.wav", 6.0, 0.006);

    const ScenarioFolder scenario = openScenarioFolder(folder);
    const LocateOptions options = optionsForManifest(scenario.manifest);
    const LocateResult result = locateScenario(
        scenario, [](const SensorRecording &r, std::size_t i) { return detectSensorPulses(r, i); },
        options);
    const QString text = joined(result.warnings);
    QVERIFY2(warns(result.warnings, "S002", "truncated"), qPrintable(text));
    QVERIFY2(warns(result.warnings, "S004", "NaN"), qPrintable(text));
    QVERIFY2(warns(result.warnings, "S006", "clock"), qPrintable(text));
    // Only the broken sensors are warned about.
    for (const std::string &w : result.warnings) {
      QVERIFY2(w.find("S002") != std::string::npos || w.find("S004") != std::string::npos ||
                   w.find("S006") != std::string::npos,
               w.c_str());
    }
    QCOMPARE(result.clock_faults.size(), std::size_t{1});
    QCOMPARE(scenario.manifest.sensors[result.clock_faults[0].sensor_index].id,
             std::string("S006"));
    QVERIFY2(std::abs(result.clock_faults[0].offset_s - 0.006) < 0.001,
             qPrintable(QString::number(result.clock_faults[0].offset_s)));

    // Every gunfire event is still located, within 10 m.
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const LocalEnuFrame frame(result.frame_origin);
    for (const TruthEvent &event : truth.events) {
      if (event.eventClass != IncidentClass::Gunfire) {
        continue;
      }
      const Eigen::Vector3d at = frame.toEnu(event.position);
      double best_m = 1e9;
      for (const Incident &incident : result.incidents.incidents) {
        if (incident.time_utc_ns > event.shot_times_utc_ns.front() - secondsToNanos(1.5) &&
            incident.time_utc_ns < event.shot_times_utc_ns.back() + secondsToNanos(1.5)) {
          best_m = std::min(best_m, (frame.toEnu(incident.position) - at).head<2>().norm());
        }
      }
      QVERIFY2(best_m < 10.0, qPrintable(QString::fromStdString(event.id) +
                                         QStringLiteral(" error %1 m\n").arg(best_m) + text));
    }
  }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "TestBadInput.moc"
