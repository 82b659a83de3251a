#include "ScenarioArrivals.h"
#include "detect/DetectPulses.h"

#include <QTest>

#include <filesystem>

using namespace salvo;
using namespace salvo::test;

class TestDetectScenarios : public QObject {
  Q_OBJECT

private slots:
  void easyScenarioArrivalsAreFoundOnTime() {
    const std::filesystem::path folder =
        std::filesystem::path(SALVO_SHARED_DIR) / "scenarios/easy-101";
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    std::vector<std::vector<Pulse>> pulses;
    for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
      SensorDetection d = detectSensorPulses(scenario.recordings[s], s);
      QVERIFY2(d.warnings.empty(), d.warnings.empty() ? "" : d.warnings.front().c_str());
      for (const Pulse &p : d.pulses) {
        QCOMPARE(p.sensor_index, s);
      }
      pulses.push_back(std::move(d.pulses));
    }
    const std::vector<ExpectedArrival> arrivals = expectedArrivals(scenario, truth);
    const ArrivalScore gunfire = scoreArrivals(arrivals, pulses, true, true);
    const ArrivalScore all = scoreArrivals(arrivals, pulses, false, false);
    qInfo("gunfire, line of sight: %d/%d detected (%.0f %%), |onset error| median %.3f ms, "
          "90th %.3f ms",
          gunfire.detected, gunfire.expected, 100.0 * gunfire.fraction(),
          gunfire.percentileAbs_s(0.5) * 1e3, gunfire.percentileAbs_s(0.9) * 1e3);
    qInfo("every event: %d/%d detected (%.0f %%), median %.3f ms", all.detected, all.expected,
          100.0 * all.fraction(), all.percentileAbs_s(0.5) * 1e3);
    // Conservative: the simulator is not ours and the scenario has overlapping bursts.
    QVERIFY(gunfire.expected > 100);
    QVERIFY(gunfire.fraction() > 0.6);
    QVERIFY(gunfire.percentileAbs_s(0.5) < 0.0003);
  }

  void truncatedAndBrokenFilesWarnAndGoOn() {
    const std::filesystem::path folder =
        std::filesystem::path(SALVO_SHARED_DIR) / "scenarios/easy-101";
    const ScenarioFolder scenario = openScenarioFolder(folder);
    SensorRecording longer = scenario.recordings[0];
    longer.frames += 16000; // the manifest/probe promised a second more than is there
    const SensorDetection d = detectSensorPulses(longer, 0);
    QVERIFY(!d.pulses.empty());
    QCOMPARE(d.warnings.size(), std::size_t{1});
    QVERIFY(d.warnings[0].find(longer.spec.id) != std::string::npos);
    QVERIFY(d.warnings[0].find("short") != std::string::npos);

    SensorRecording missing = scenario.recordings[1];
    missing.audio_path = folder / "audio/does-not-exist.wav";
    const SensorDetection m = detectSensorPulses(missing, 1);
    QVERIFY(m.pulses.empty());
    QCOMPARE(m.warnings.size(), std::size_t{1});
    QVERIFY(m.warnings[0].find(missing.spec.id) != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestDetectScenarios)
#include "TestDetectScenarios.moc"
