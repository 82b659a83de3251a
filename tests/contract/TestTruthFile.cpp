#include "ContractTestFiles.h"

#include "common/InputError.h"
#include "contract/Truth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

class TestTruthFile : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::filesystem::path path(const char *name) const {
    return std::filesystem::path(dir_.path().toStdString()) / name;
  }

private slots:
  void sharedTruthParses_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("sensors");
    QTest::newRow("easy-101") << "easy-101" << 6 << 12;
    QTest::newRow("urban-202") << "urban-202" << 13 << 16;
    QTest::newRow("celebration-303") << "celebration-303" << 48 << 12;
  }
  void sharedTruthParses() {
    QFETCH(QString, name);
    QFETCH(int, events);
    QFETCH(int, sensors);
    const auto file = test::sharedScenario(qPrintable(name)) / "truth.json";
    const ScenarioTruth truth = readScenarioTruth(file);
    QCOMPARE(int(truth.events.size()), events);
    QCOMPARE(int(truth.sensors.size()), sensors);
    QVERIFY(truth.speed_of_sound_mps > 300.0 && truth.speed_of_sound_mps < 370.0);
    // Every time is exact: compare with the integers read from the text by from_chars.
    const QByteArray text = test::readBytes(file);
    const auto firstTimes = test::integersAfterKey(text, "time_utc_ns");
    QCOMPARE(int(firstTimes.size()), events);
    std::vector<UtcNs> shotTimes;
    for (std::size_t i = 0; i < truth.events.size(); ++i) {
      QCOMPARE(truth.events[i].time_utc_ns, firstTimes[i]);
      shotTimes.insert(shotTimes.end(), truth.events[i].shot_times_utc_ns.begin(),
                       truth.events[i].shot_times_utc_ns.end());
    }
    // All 19-digit integers in the file, in order, are the event times and shot times.
    const QRegularExpression nineteen(QStringLiteral("\\b\\d{19}\\b"));
    std::vector<UtcNs> all;
    auto it = nineteen.globalMatch(QString::fromUtf8(text));
    while (it.hasNext()) {
      all.push_back(it.next().captured(0).toLongLong());
    }
    QCOMPARE(all.size(), firstTimes.size() + shotTimes.size());
    std::size_t next = 0;
    for (const TruthEvent &event : truth.events) {
      QCOMPARE(event.time_utc_ns, all[next++]);
      for (const UtcNs shot : event.shot_times_utc_ns) {
        QCOMPARE(shot, all[next++]);
      }
    }
  }

  void urbanDetails() {
    const ScenarioTruth truth = readScenarioTruth(test::sharedScenario("urban-202") / "truth.json");
    QCOMPARE(truth.temperature_c, 7.812637497178466);
    QCOMPARE(truth.speed_of_sound_mps, 336.0045195149039);
    const TruthEvent &e1 = truth.events[0];
    QCOMPARE(e1.id, std::string("E001"));
    QCOMPARE(e1.eventClass, IncidentClass::Gunfire);
    QCOMPARE(e1.weapon, std::optional<std::string>("shotgun"));
    QCOMPARE(e1.automatic, std::optional<bool>(false));
    QVERIFY(!e1.burst_height_m.has_value());
    QCOMPARE(e1.rounds, 2);
    QCOMPARE(e1.shot_times_utc_ns, (std::vector<UtcNs>{1783218897254965808, 1783218897576408060}));
    QCOMPARE(e1.position.lat_deg, 34.05630263823934);
    QCOMPARE(e1.extra_json.at("east_m"), std::string("89.41984580784867"));
    const TruthEvent &e2 = truth.events[1];
    QCOMPARE(e2.eventClass, IncidentClass::Other);
    QCOMPARE(e2.subclass, std::string("nail_gun"));
    QVERIFY(!e2.weapon.has_value() && !e2.automatic.has_value());
    const TruthEvent &e4 = truth.events[3];
    QCOMPARE(e4.eventClass, IncidentClass::Fireworks);
    QCOMPARE(e4.subclass, std::string("aerial_shell"));
    QCOMPARE(e4.burst_height_m, std::optional<double>(141.2225676113016));
    QCOMPARE(truth.sensors[0].id, std::string("S001"));
    QVERIFY(truth.sensors[0].nlos);
    QCOMPARE(truth.sensors[0].clock_error_s, 5.3620629054333436e-08);
    QVERIFY(!truth.sensors[1].nlos);
  }

  void writeThenReadIsTheSameDocument_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("easy-101") << "easy-101";
    QTest::newRow("urban-202") << "urban-202";
    QTest::newRow("celebration-303") << "celebration-303";
  }
  void writeThenReadIsTheSameDocument() {
    QFETCH(QString, name);
    const auto original = test::sharedScenario(qPrintable(name)) / "truth.json";
    const auto copy = path("truth.json");
    writeScenarioTruth(copy, readScenarioTruth(original));
    // Same JSON values, extras included (key order and spacing aside).
    const QJsonObject a = QJsonDocument::fromJson(test::readBytes(original)).object();
    const QJsonObject b = QJsonDocument::fromJson(test::readBytes(copy)).object();
    QVERIFY(!a.isEmpty());
    QVERIFY2(b == a, "the written truth differs from the original");
    // Writing what was read back gives the same bytes.
    const auto again = path("again.json");
    writeScenarioTruth(again, readScenarioTruth(copy));
    QCOMPARE(test::readBytes(again), test::readBytes(copy));
  }

  void rejectsBadTruth_data() {
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
    row("format", "acoustic-truth/1", "acoustic-truth/9", "", "format", "expected");
    row("class", R"("class": "gunfire")", R"("class": "bang")", "event E001", "class", "is 'bang'");
    row("shot time float", "1783240909553148119", "1783240909553148119.0", "event E001",
        "shot_times_utc_ns[1]", "is a float");
    row("shot times empty", "[1783240909153148119, 1783240909553148119]", "[]", "event E001",
        "shot_times_utc_ns", "is empty");
    row("nlos not bool", R"("nlos": false)", R"("nlos": 0)", "sensor S001", "nlos",
        "expected true or false");
    row("clock error NaN", "3.1e-7", "NaN", "sensor S001", "clock_error_s", "is NaN");
    row("extra NaN", R"("alt_m": 181.5)", R"("alt_m": 181.5, "east_m": NaN)", "event E001",
        "east_m", "NaN");
    row("duplicate event", R"("id": "E002")", R"("id": "E001")", "event E001", "id", "duplicate");
    row("speed of sound zero", "344.2", "0", "", "speed_of_sound_mps", "must be positive");
  }
  void rejectsBadTruth() {
    QFETCH(QByteArray, find);
    QFETCH(QByteArray, replace);
    QFETCH(QString, item);
    QFETCH(QString, field);
    QFETCH(QString, problem);
    QByteArray text = R"({"format": "acoustic-truth/1",
 "temperature_c": 21.9, "speed_of_sound_mps": 344.2,
 "events": [
   {"id": "E001", "class": "gunfire", "subclass": "gunfire", "rounds": 3,
    "time_utc_ns": 1783240909153148119,
    "shot_times_utc_ns": [1783240909153148119, 1783240909553148119],
    "lat": 41.881004, "lon": -87.627580, "alt_m": 181.5},
   {"id": "E002", "class": "other", "subclass": "door_slam", "rounds": 1,
    "time_utc_ns": 1783240919153148119, "shot_times_utc_ns": [1783240919153148119],
    "lat": 41.881, "lon": -87.6275, "alt_m": 181.0}
 ],
 "sensors": [{"id": "S001", "nlos": false, "clock_error_s": 3.1e-7}]})";
    test::writeBytes(path("ok.json"), text);
    QCOMPARE(readScenarioTruth(path("ok.json")).events.size(), std::size_t(2));
    QVERIFY2(text.contains(find), find.constData());
    text.replace(find, replace);
    test::writeBytes(path("bad.json"), text);
    try {
      readScenarioTruth(path("bad.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      const QString message = QString::fromStdString(error.what());
      QCOMPARE(QString::fromStdString(error.item()), item);
      QCOMPARE(QString::fromStdString(error.field()), field);
      QVERIFY2(message.contains(problem), qPrintable(message));
    }
  }
};

QTEST_GUILESS_MAIN(TestTruthFile)
#include "TestTruthFile.moc"
