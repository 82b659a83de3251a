#include "ContractTestFiles.h"

#include "common/InputError.h"
#include "contract/Scenario.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace salvo;

namespace {

// Three sensors with distinct values, so each case below can change one field of one
// sensor by a plain text replacement.
const char *kManifest = R"({
  "format": "acoustic-scenario/1",
  "name": "unit-3",
  "weather": {"temperature_c": 21.4},
  "sensors": [
    {"id": "S001", "lat": 41.87321, "lon": -87.63511, "alt_m": 196.2,
     "audio": "audio/S001.wav", "sample_rate": 16000, "full_scale_pa": 200.0,
     "start_utc_ns": 1783240901153148119},
    {"id": "S002", "lat": 41.87422, "lon": -87.63612, "alt_m": 197.3,
     "audio": "audio/S002.wav", "sample_rate": 48000, "full_scale_pa": 150.5,
     "start_utc_ns": 1783240901153149001},
    {"id": "S003", "lat": 41.87523, "lon": -87.63713, "alt_m": 198.4,
     "audio": "audio/S003.flac", "sample_rate": 22050, "full_scale_pa": 63.2,
     "start_utc_ns": 1783240901153147777}
  ]
})";

} // namespace

class TestScenarioManifest : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::filesystem::path writeManifest(const QByteArray &text, const char *name = "sensors.json") {
    const auto path = std::filesystem::path(dir_.path().toStdString()) / name;
    test::writeBytes(path, text);
    return path;
  }

private slots:
  void readsEveryField() {
    const ScenarioManifest manifest = readScenarioManifest(writeManifest(kManifest));
    QCOMPARE(manifest.format, std::string("acoustic-scenario/1"));
    QCOMPARE(manifest.name, std::string("unit-3"));
    QVERIFY(manifest.weather_temperature_c.has_value());
    QCOMPARE(*manifest.weather_temperature_c, 21.4);
    QCOMPARE(manifest.sensors.size(), std::size_t(3));
    const SensorSpec &s2 = manifest.sensors[1];
    QCOMPARE(s2.id, std::string("S002"));
    QCOMPARE(s2.position.lat_deg, 41.87422);
    QCOMPARE(s2.position.lon_deg, -87.63612);
    QCOMPARE(s2.position.alt_m, 197.3);
    QCOMPARE(s2.audio, std::string("audio/S002.wav"));
    QCOMPARE(s2.sample_rate_hz, 48000.0);
    QCOMPARE(s2.full_scale_pa, 150.5);
    QCOMPARE(s2.start_utc_ns, UtcNs(1783240901153149001));
  }

  void weatherIsOptional() {
    QByteArray text(kManifest);
    text.replace(R"("weather": {"temperature_c": 21.4},)", "");
    QVERIFY(!readScenarioManifest(writeManifest(text)).weather_temperature_c.has_value());
    text = kManifest;
    text.replace(R"({"temperature_c": 21.4})", "{}");
    QVERIFY(!readScenarioManifest(writeManifest(text)).weather_temperature_c.has_value());
  }

  void sharedScenariosParse_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("sensors");
    QTest::newRow("easy-101") << "easy-101" << 12;
    QTest::newRow("urban-202") << "urban-202" << 16;
    QTest::newRow("celebration-303") << "celebration-303" << 12;
  }
  void sharedScenariosParse() {
    QFETCH(QString, name);
    QFETCH(int, sensors);
    const auto path = test::sharedScenario(qPrintable(name)) / "sensors.json";
    const ScenarioManifest manifest = readScenarioManifest(path);
    QCOMPARE(QString::fromStdString(manifest.name), name);
    QCOMPARE(int(manifest.sensors.size()), sensors);
    QVERIFY(manifest.weather_temperature_c.has_value());
    // The nanosecond stamps are beyond 2^53, where a double would round them: compare
    // with the integers read straight from the text by std::from_chars.
    const auto expected = test::integersAfterKey(test::readBytes(path), "start_utc_ns");
    QCOMPARE(int(expected.size()), sensors);
    for (int i = 0; i < sensors; ++i) {
      QVERIFY(expected[std::size_t(i)] > (std::int64_t(1) << 53));
      QCOMPARE(manifest.sensors[std::size_t(i)].start_utc_ns, expected[std::size_t(i)]);
    }
  }

  void urbanSensorValues() {
    const ScenarioManifest manifest =
        readScenarioManifest(test::sharedScenario("urban-202") / "sensors.json");
    const SensorSpec &first = manifest.sensors.front();
    QCOMPARE(first.id, std::string("S001"));
    QCOMPARE(first.position.lat_deg, 34.04620361);
    QCOMPARE(first.position.lon_deg, -118.25067163);
    QCOMPARE(first.position.alt_m, 198.5);
    QCOMPARE(first.start_utc_ns, UtcNs(1783218894215499492));
    QCOMPARE(manifest.sensors.back().start_utc_ns, UtcNs(1783218894215499165));
    QCOMPARE(*manifest.weather_temperature_c, 9.3);
  }

  void int64LimitsAreExact() {
    QByteArray text(kManifest);
    text.replace("1783240901153148119", "9223372036854775807");
    text.replace("1783240901153149001", "-9223372036854775808");
    const ScenarioManifest manifest = readScenarioManifest(writeManifest(text));
    QCOMPARE(manifest.sensors[0].start_utc_ns, std::numeric_limits<UtcNs>::max());
    QCOMPARE(manifest.sensors[1].start_utc_ns, std::numeric_limits<UtcNs>::min());
  }

  void roundTripKeepsEveryValue() {
    const ScenarioManifest original =
        readScenarioManifest(test::sharedScenario("urban-202") / "sensors.json");
    const auto path = std::filesystem::path(dir_.path().toStdString()) / "written.json";
    writeScenarioManifest(path, original);
    const ScenarioManifest back = readScenarioManifest(path);
    QCOMPARE(back.name, original.name);
    QCOMPARE(back.weather_temperature_c, original.weather_temperature_c);
    QCOMPARE(back.sensors.size(), original.sensors.size());
    for (std::size_t i = 0; i < original.sensors.size(); ++i) {
      const SensorSpec &a = original.sensors[i];
      const SensorSpec &b = back.sensors[i];
      QCOMPARE(b.id, a.id);
      // Exact equality: shortest round-trip formatting loses nothing.
      QCOMPARE(b.position.lat_deg, a.position.lat_deg);
      QCOMPARE(b.position.lon_deg, a.position.lon_deg);
      QCOMPARE(b.position.alt_m, a.position.alt_m);
      QCOMPARE(b.audio, a.audio);
      QCOMPARE(b.sample_rate_hz, a.sample_rate_hz);
      QCOMPARE(b.full_scale_pa, a.full_scale_pa);
      QCOMPARE(b.start_utc_ns, a.start_utc_ns);
    }
  }

  void writtenFilesArePrettyAndStable() {
    ScenarioManifest manifest = readScenarioManifest(writeManifest(kManifest));
    manifest.sensors[2].position.lat_deg = 0.1 + 0.2; // a value with 17 significant digits
    manifest.sensors[2].sample_rate_hz = 44100.5;
    const auto dir = std::filesystem::path(dir_.path().toStdString());
    writeScenarioManifest(dir / "a.json", manifest);
    writeScenarioManifest(dir / "b.json", readScenarioManifest(dir / "a.json"));
    const QByteArray a = test::readBytes(dir / "a.json");
    QCOMPARE(test::readBytes(dir / "b.json"), a);
    QVERIFY(a.startsWith("{\n  \"format\": \"acoustic-scenario/1\",\n  \"name\": \"unit-3\",\n"));
    QVERIFY(a.contains("\"start_utc_ns\": 1783240901153148119"));
    QVERIFY(a.contains("\"sample_rate\": 16000,")); // integral rates stay integers
    QVERIFY(a.contains("\"sample_rate\": 44100.5,"));
    QVERIFY(a.contains("\"full_scale_pa\": 200.0,")); // floats stay floats
    QVERIFY(a.contains("\"lat\": 0.30000000000000004,"));
    QVERIFY(a.endsWith("}\n"));
    QCOMPARE(readScenarioManifest(dir / "b.json").sensors[2].position.lat_deg, 0.1 + 0.2);
  }

  void writerRefusesWhatTheReaderWouldRefuse() {
    ScenarioManifest manifest = readScenarioManifest(writeManifest(kManifest));
    const auto path = std::filesystem::path(dir_.path().toStdString()) / "refused.json";
    manifest.sensors[1].position.lon_deg = std::numeric_limits<double>::quiet_NaN();
    try {
      writeScenarioManifest(path, manifest);
      QFAIL("a NaN longitude was written");
    } catch (const InputError &error) {
      QCOMPARE(error.item(), std::string("sensor S002"));
      QCOMPARE(error.field(), std::string("lon"));
      QVERIFY2(std::string(error.what()).find("NaN") != std::string::npos, error.what());
    }
    QVERIFY(!std::filesystem::exists(path));
    manifest.sensors[1].position.lon_deg = 1.0;
    manifest.sensors[2].id = "S001";
    QVERIFY_THROWS_EXCEPTION(InputError, writeScenarioManifest(path, manifest));
    manifest.sensors.clear();
    QVERIFY_THROWS_EXCEPTION(InputError, writeScenarioManifest(path, manifest));
    QVERIFY(!std::filesystem::exists(path));
  }

  void namesInsideStringsAreNotTokens() {
    // NaN and Infinity inside strings are text, and must come back unchanged.
    QByteArray text(kManifest);
    text.replace(R"("name": "unit-3")", "\"name\": \"NaN Infinity -Infinity \\\"NaN\\\" 1.5e3\"");
    text.replace(R"("audio/S002.wav")", R"("audio/NaN.wav")");
    const ScenarioManifest manifest = readScenarioManifest(writeManifest(text));
    QCOMPARE(manifest.name, std::string("NaN Infinity -Infinity \"NaN\" 1.5e3"));
    QCOMPARE(manifest.sensors[1].audio, std::string("audio/NaN.wav"));
  }

  void rejectsBadManifests_data() {
    QTest::addColumn<QByteArray>("find");
    QTest::addColumn<QByteArray>("replace");
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("problem");
    auto row = [](const char *name, const char *find, const char *replace, const char *item,
                  const char *field, const char *problem) {
      QTest::newRow(name) << QByteArray(find) << QByteArray(replace) << QString(item)
                          << QString(field) << QString(problem);
    };
    row("format missing", R"("format": "acoustic-scenario/1",)", "", "", "format", "missing");
    row("format wrong", "acoustic-scenario/1", "acoustic-scenario/2", "", "format",
        "expected 'acoustic-scenario/1'");
    row("format not a string", R"("acoustic-scenario/1")", "1", "", "format",
        "is a number, expected a string");
    row("name missing", R"("name": "unit-3",)", "", "", "name", "missing");
    row("sensors missing", R"("sensors": [)", R"("sensorz": [)", "", "sensors", "missing");
    row("sensors not an array", R"("sensors": [)", R"("sensors": 5, "x": [)", "", "sensors",
        "is a number, expected an array");
    row("sensor not an object", R"({"id": "S002")", R"(7, {"id": "S002")", "", "sensors[1]",
        "is a number, expected an object");
    row("lat missing", R"("lat": 41.87422, )", "", "sensor S002", "lat", "missing");
    row("lat a string", "41.87422", "\"41.87422\"", "sensor S002", "lat",
        "is a string, expected a number");
    row("lat outside 90", "41.87422", "123.5", "sensor S002", "lat", "is 123.5, outside -90..90");
    row("lat below -90", "41.87523", "-90.000001", "sensor S003", "lat", "outside -90..90");
    row("lon outside 180", "-87.63713", "180.5", "sensor S003", "lon", "outside -180..180");
    row("lat NaN", "41.87523", "NaN", "sensor S003", "lat", "is NaN");
    row("lon Infinity", "-87.63511", "Infinity", "sensor S001", "lon", "is Infinity");
    row("alt -Infinity", "197.3", "-Infinity", "sensor S002", "alt_m", "is -Infinity");
    row("alt implausible", "197.3", "19730", "sensor S002", "alt_m", "outside -1000..10000");
    row("sample rate zero", "48000", "0", "sensor S002", "sample_rate", "is 0, must be positive");
    row("sample rate negative", "48000", "-48000", "sensor S002", "sample_rate",
        "must be positive");
    row("sample rate NaN", "22050", "NaN", "sensor S003", "sample_rate", "is NaN");
    row("full scale zero", "150.5", "0.0", "sensor S002", "full_scale_pa", "must be positive");
    row("full scale negative", "63.2", "-63.2", "sensor S003", "full_scale_pa", "must be positive");
    row("duplicate id", R"("id": "S003")", R"("id": "S001")", "sensor S001", "id",
        "duplicate: entries #1 and #3");
    row("id missing", R"("id": "S002", )", "", "sensor #2", "id", "missing");
    row("id empty", R"("id": "S002")", R"("id": "")", "sensor #2", "id", "is empty");
    row("id a number", R"("id": "S002")", R"("id": 2)", "sensor #2", "id",
        "is a number, expected a string");
    row("audio missing", R"("audio": "audio/S002.wav", )", "", "sensor S002", "audio", "missing");
    row("start a float", "1783240901153149001", "1783240901153149001.0", "sensor S002",
        "start_utc_ns", "is a float (1783240901153149001.0)");
    row("start in exponent form", "1783240901153149001", "1.783240901153149e18", "sensor S002",
        "start_utc_ns", "is a float (1.783240901153149e18)");
    row("start beyond int64", "1783240901153149001", "9223372036854775808", "sensor S002",
        "start_utc_ns", "outside the int64 range");
    row("start a string", "1783240901153149001", "\"1783240901153149001\"", "sensor S002",
        "start_utc_ns", "is a string, expected an integer number of nanoseconds");
    row("start NaN", "1783240901153149001", "NaN", "sensor S002", "start_utc_ns",
        "is NaN, expected an integer number of nanoseconds");
    row("temperature NaN", "21.4", "NaN", "weather", "temperature_c", "is NaN");
    row("temperature absurd", "21.4", "294.5", "weather", "temperature_c", "outside -100..70");
    row("weather not an object", R"({"temperature_c": 21.4})", "21.4", "", "weather",
        "is a number, expected an object");
  }
  void rejectsBadManifests() {
    QFETCH(QByteArray, find);
    QFETCH(QByteArray, replace);
    QFETCH(QString, item);
    QFETCH(QString, field);
    QFETCH(QString, problem);
    QByteArray text(kManifest);
    QVERIFY2(text.contains(find), find.constData());
    text.replace(find, replace);
    const auto path = writeManifest(text, "bad.json");
    try {
      readScenarioManifest(path);
      QFAIL("no error");
    } catch (const InputError &error) {
      const QString message = QString::fromStdString(error.what());
      QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path.string()));
      QCOMPARE(QString::fromStdString(error.item()), item);
      QCOMPARE(QString::fromStdString(error.field()), field);
      QVERIFY2(message.contains(problem), qPrintable(message));
      QVERIFY2(message.startsWith(QString::fromStdString(path.string())), qPrintable(message));
    }
  }

  void nanMessageReadsWell() {
    QByteArray text(kManifest);
    text.replace("41.87523", "NaN");
    const auto path = writeManifest(text, "sensors.json");
    try {
      readScenarioManifest(path);
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(QString::fromStdString(error.what()),
               QString::fromStdString(path.string()) +
                   QStringLiteral(": sensor S003: field 'lat': is NaN"));
    }
  }

  void emptySensorList() {
    const QByteArray text = R"({"format": "acoustic-scenario/1", "name": "x", "sensors": []})";
    try {
      readScenarioManifest(writeManifest(text, "empty.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(error.field(), std::string("sensors"));
      QVERIFY(std::string(error.what()).find("is empty") != std::string::npos);
    }
  }

  void malformedJsonGivesOffsetAndLine() {
    QByteArray text(kManifest);
    // Drop the comma after S002's alt_m: line 8 of the text.
    text.replace(R"("alt_m": 197.3,)", R"("alt_m": 197.3)");
    const int line = 1 + int(text.left(text.indexOf("\"audio\": \"audio/S002.wav\"")).count('\n'));
    try {
      readScenarioManifest(writeManifest(text, "malformed.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      const QString message = QString::fromStdString(error.what());
      QVERIFY2(message.contains(QStringLiteral("malformed JSON at byte ")), qPrintable(message));
      QVERIFY2(message.contains(QStringLiteral("(line %1, column").arg(line)), qPrintable(message));
    }
    // An error after a NaN replacement still points into the user's own text.
    text = kManifest;
    text.replace("41.87321", "NaN");
    text.replace(R"("alt_m": 197.3,)", R"("alt_m": 197.3)");
    try {
      readScenarioManifest(writeManifest(text, "malformed.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      QVERIFY2(QString::fromStdString(error.what())
                   .contains(QStringLiteral("(line %1, column").arg(line)),
               error.what());
    }
  }

  void byteOrderMarkIsAccepted() {
    const QByteArray text = QByteArray("\xEF\xBB\xBF") + kManifest;
    QCOMPARE(readScenarioManifest(writeManifest(text, "bom.json")).sensors.size(), std::size_t(3));
    // Positions in messages still count the mark: it is in the user's file.
    QByteArray broken(kManifest);
    broken.replace("\"name\": \"unit-3\",", "\"name\": \"unit-3\"");
    auto errorOffset = [this](const QByteArray &bytes) {
      try {
        readScenarioManifest(writeManifest(bytes, "bom.json"));
      } catch (const InputError &error) {
        const QRegularExpression at(QStringLiteral("at byte (\\d+) "));
        return at.match(QString::fromStdString(error.what())).captured(1).toInt();
      }
      return -1;
    };
    const int plain = errorOffset(broken);
    QVERIFY(plain > 0);
    QCOMPARE(errorOffset(QByteArray("\xEF\xBB\xBF") + broken), plain + 3);
  }

  void duplicateKeysAreRefused() {
    QByteArray text(kManifest);
    text.replace(R"("alt_m": 198.4,)", R"("alt_m": 198.4, "lat": 41.9,)");
    try {
      readScenarioManifest(writeManifest(text, "twice.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(error.field(), std::string("lat"));
      QVERIFY2(std::string(error.what()).find("appears twice in one object (second at line 12)") !=
                   std::string::npos,
               error.what());
    }
    // The same key in different objects is of course fine.
    QCOMPARE(readScenarioManifest(writeManifest(kManifest)).sensors.size(), std::size_t(3));
  }

  void notJsonAtAll() {
    const auto missing = std::filesystem::path(dir_.path().toStdString()) / "nope.json";
    QVERIFY_THROWS_EXCEPTION(InputError, readScenarioManifest(missing));
    QVERIFY_THROWS_EXCEPTION(InputError, readScenarioManifest(writeManifest("", "e.json")));
    QVERIFY_THROWS_EXCEPTION(InputError, readScenarioManifest(writeManifest("[1, 2]", "a.json")));
    QVERIFY_THROWS_EXCEPTION(
        InputError, readScenarioManifest(std::filesystem::path(dir_.path().toStdString())));
    try {
      readScenarioManifest(writeManifest("", "e.json"));
    } catch (const InputError &error) {
      QVERIFY(std::string(error.what()).find("is empty") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(TestScenarioManifest)
#include "TestScenarioManifest.moc"
