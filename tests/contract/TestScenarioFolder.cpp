#include "ContractTestFiles.h"

#include "common/InputError.h"
#include "contract/Scenario.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace salvo;

namespace {

struct TestSensor {
  const char *id;
  int rate_hz;
  int frames;
  UtcNs start_utc_ns;
};

QByteArray manifestText(const std::vector<TestSensor> &sensors, bool weather = true) {
  QByteArray text = R"({"format": "acoustic-scenario/1", "name": "folder-test", )";
  if (weather) {
    text += R"("weather": {"temperature_c": 12.0}, )";
  }
  text += R"("sensors": [)";
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    const TestSensor &s = sensors[i];
    text += QStringLiteral(R"(%1{"id": "%2", "lat": %3, "lon": -87.635, "alt_m": 190.0, )"
                           R"("audio": "audio/%2.wav", "sample_rate": %4, "full_scale_pa": 200.0, )"
                           R"("start_utc_ns": %5})")
                .arg(i ? ", " : "")
                .arg(QString::fromLatin1(s.id))
                .arg(41.87 + 0.001 * double(i), 0, 'f', 6)
                .arg(s.rate_hz)
                .arg(s.start_utc_ns)
                .toUtf8();
  }
  return text + "]}";
}

std::string joined(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines) {
    text += line + "; ";
  }
  return text;
}

constexpr UtcNs kStart = 1783240901153148119;

} // namespace

class TestScenarioFolder : public QObject {
  Q_OBJECT

  // A scenario folder whose WAVs are made to match `sensors` (mono, their rate).
  std::filesystem::path makeScenario(QTemporaryDir &dir, const std::vector<TestSensor> &sensors,
                                     bool weather = true) {
    const auto folder = std::filesystem::path(dir.path().toStdString());
    std::filesystem::create_directories(folder / "audio");
    test::writeBytes(folder / "sensors.json", manifestText(sensors, weather));
    for (const TestSensor &s : sensors) {
      test::writeBytes(folder / "audio" / (std::string(s.id) + ".wav"),
                       test::pcm16Wav(s.rate_hz, 1, s.frames));
    }
    return folder;
  }

  InputError openExpectingError(const std::filesystem::path &folder) {
    try {
      openScenarioFolder(folder);
    } catch (const InputError &error) {
      return error;
    }
    return InputError("", "", "", "no error was thrown");
  }

private slots:
  void opensAndMeasuresEveryRecording() {
    QTemporaryDir dir;
    const auto folder = makeScenario(dir, {{"S001", 16000, 16000, kStart},
                                           {"S002", 8000, 12345, kStart + 250'000'000},
                                           {"S003", 44100, 44100 * 2, kStart - 1'000}});
    const ScenarioFolder scenario = openScenarioFolder(folder);
    QCOMPARE(scenario.manifest.sensors.size(), std::size_t(3));
    QCOMPARE(scenario.recordings.size(), std::size_t(3));
    const SensorRecording &s1 = scenario.recordings[0];
    QCOMPARE(s1.spec.id, std::string("S001"));
    QCOMPARE(s1.frames, std::int64_t(16000));
    QCOMPARE(s1.duration_s, 1.0);
    QCOMPARE(s1.end_utc_ns, kStart + 1'000'000'000);
    QVERIFY(s1.audio_path.is_absolute());
    QCOMPARE(s1.audio_path, (folder / "audio" / "S001.wav").lexically_normal());
    // 12345 frames at 8 kHz last exactly 1.543125 s.
    QCOMPARE(scenario.recordings[1].end_utc_ns, kStart + 250'000'000 + 1'543'125'000);
    QCOMPARE(scenario.recordings[2].end_utc_ns, kStart - 1'000 + 2'000'000'000);
    QCOMPARE(scenario.start_utc_ns, kStart - 1'000);
    QCOMPARE(scenario.end_utc_ns, kStart + 1'999'999'000);
    QVERIFY2(scenario.warnings.empty(), joined(scenario.warnings).c_str());
  }

  void acceptsTheManifestPathToo() {
    QTemporaryDir dir;
    const auto folder = makeScenario(
        dir,
        {{"S001", 16000, 800, kStart}, {"S002", 16000, 800, kStart}, {"S003", 16000, 800, kStart}});
    const ScenarioFolder scenario = openScenarioFolder(folder / "sensors.json");
    QCOMPARE(scenario.folder, folder.lexically_normal());
    QCOMPARE(scenario.recordings.size(), std::size_t(3));
  }

  void sharedScenariosOpen_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("sensors");
    QTest::addColumn<double>("duration_s");
    QTest::newRow("easy-101") << "easy-101" << 12 << 40.0;
    QTest::newRow("urban-202") << "urban-202" << 16 << 75.0;
    QTest::newRow("celebration-303") << "celebration-303" << 12 << 60.0;
  }
  void sharedScenariosOpen() {
    QFETCH(QString, name);
    QFETCH(int, sensors);
    QFETCH(double, duration_s);
    const ScenarioFolder scenario = openScenarioFolder(test::sharedScenario(qPrintable(name)));
    QCOMPARE(int(scenario.recordings.size()), sensors);
    for (const SensorRecording &recording : scenario.recordings) {
      QCOMPARE(recording.spec.sample_rate_hz, 16000.0);
      QCOMPARE(recording.duration_s, duration_s);
      QCOMPARE(recording.end_utc_ns - recording.spec.start_utc_ns, std::int64_t(duration_s * 1e9));
    }
    QVERIFY(scenario.end_utc_ns - scenario.start_utc_ns >= std::int64_t(duration_s * 1e9));
    QVERIFY2(scenario.warnings.empty(), joined(scenario.warnings).c_str());
  }

  void missingAudioNamesSensorAndField() {
    QTemporaryDir dir;
    const auto folder = makeScenario(
        dir,
        {{"S001", 16000, 800, kStart}, {"S002", 16000, 800, kStart}, {"S003", 16000, 800, kStart}});
    std::filesystem::remove(folder / "audio" / "S002.wav");
    const InputError error = openExpectingError(folder);
    QCOMPARE(error.item(), std::string("sensor S002"));
    QCOMPARE(error.field(), std::string("audio"));
    QVERIFY2(std::string(error.what()).find("does not exist") != std::string::npos, error.what());
  }

  void stereoAudioIsRefused() {
    QTemporaryDir dir;
    const auto folder = makeScenario(
        dir,
        {{"S001", 16000, 800, kStart}, {"S002", 16000, 800, kStart}, {"S003", 16000, 800, kStart}});
    test::writeBytes(folder / "audio" / "S003.wav", test::pcm16Wav(16000, 2, 800));
    const InputError error = openExpectingError(folder);
    QCOMPARE(error.item(), std::string("sensor S003"));
    QCOMPARE(error.field(), std::string("audio"));
    QVERIFY2(std::string(error.what()).find("2 channels") != std::string::npos, error.what());
  }

  void sampleRateMismatchIsRefused() {
    QTemporaryDir dir;
    const auto folder = makeScenario(
        dir,
        {{"S001", 16000, 800, kStart}, {"S002", 16000, 800, kStart}, {"S003", 16000, 800, kStart}});
    test::writeBytes(folder / "audio" / "S001.wav", test::pcm16Wav(8000, 1, 800));
    const InputError error = openExpectingError(folder);
    QCOMPARE(error.item(), std::string("sensor S001"));
    QCOMPARE(error.field(), std::string("sample_rate"));
    const std::string message = error.what();
    QVERIFY2(message.find("16000") != std::string::npos &&
                 message.find("8000") != std::string::npos,
             message.c_str());
  }

  void notAudioIsRefused() {
    QTemporaryDir dir;
    const auto folder = makeScenario(
        dir,
        {{"S001", 16000, 800, kStart}, {"S002", 16000, 800, kStart}, {"S003", 16000, 800, kStart}});
    test::writeBytes(folder / "audio" / "S002.wav", "this is not a wave file\n");
    const InputError error = openExpectingError(folder);
    QCOMPARE(error.item(), std::string("sensor S002"));
    QCOMPARE(error.field(), std::string("audio"));
    // A folder where the file should be.
    std::filesystem::remove(folder / "audio" / "S002.wav");
    std::filesystem::create_directory(folder / "audio" / "S002.wav");
    QCOMPARE(openExpectingError(folder).field(), std::string("audio"));
  }

  void missingFolderOrManifest() {
    QTemporaryDir dir;
    const auto folder = std::filesystem::path(dir.path().toStdString());
    const InputError missing = openExpectingError(folder / "no-such-scenario");
    QVERIFY2(std::string(missing.what()).find("does not exist") != std::string::npos,
             missing.what());
    const InputError noManifest = openExpectingError(folder);
    QVERIFY2(std::string(noManifest.what()).find("sensors.json") != std::string::npos,
             noManifest.what());
  }

  void oddButUsableScenariosWarn() {
    QTemporaryDir dir;
    // S004 starts an hour late (a clock that lost GPS?) and overlaps nobody; S003 is
    // much shorter than the rest; there is no weather report.
    const auto folder = makeScenario(dir,
                                     {{"S001", 16000, 16000 * 10, kStart},
                                      {"S002", 16000, 16000 * 10, kStart},
                                      {"S003", 16000, 16000 * 2, kStart},
                                      {"S004", 16000, 16000 * 10, kStart + 3600 * kNanosPerSecond}},
                                     false);
    const ScenarioFolder scenario = openScenarioFolder(folder);
    QCOMPARE(scenario.end_utc_ns, kStart + 3610 * kNanosPerSecond);
    auto warned = [&scenario](const std::string &text) {
      return std::any_of(
          scenario.warnings.begin(), scenario.warnings.end(),
          [&text](const std::string &w) { return w.find(text) != std::string::npos; });
    };
    QVERIFY(warned("sensor S004 does not overlap in time with any other sensor"));
    QVERIFY(warned("no instant is covered by every sensor"));
    QVERIFY(warned("sensor S003 records 2.000 s, far from the median 10.000 s"));
    QVERIFY(warned("sensor S004 starts 3600.000 s after the median start"));
    QVERIFY(warned("no weather.temperature_c"));
    QVERIFY(!warned("sensor S001"));
  }

  void fewSensorsWarn() {
    QTemporaryDir dir;
    const auto folder = makeScenario(dir, {{"S001", 16000, 800, kStart}});
    const ScenarioFolder scenario = openScenarioFolder(folder);
    QCOMPARE(scenario.warnings.size(), std::size_t(1));
    QVERIFY(scenario.warnings[0].find("at least 3") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestScenarioFolder)
#include "TestScenarioFolder.moc"
