#include "ContractTestFiles.h"

#include "common/InputError.h"
#include "contract/Incidents.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace salvo;

namespace {

// The example of ../shared/specs/acoustic-scenario.md, verbatim.
const char *kSpecExample = R"({
  "format": "acoustic-incidents/1",
  "scenario": "urban-5",
  "incidents": [
    {"id": "I0001",
     "time_utc_ns": 1783240909153148119,
     "lat": 41.881004, "lon": -87.627580, "alt_m": 181.5,
     "horizontal_error_m": 7.5,
     "class": "gunfire",
     "confidence": 0.97,
     "rounds": 3,
     "shots": [{"time_utc_ns": 1783240909153148119}, {"time_utc_ns": 1783240909553148119}],
     "sensors": ["S003", "S004", "S007", "S008"]}
  ]
})";

const char *kClipExample = R"({"format": "acoustic-clip-class/1", "file": "clip.wav",
 "class": "gunfire", "confidence": 0.91,
 "scores": {"gunfire": 0.91, "fireworks": 0.06, "other": 0.03}})";

Incident makeIncident(const char *id, IncidentClass incidentClass, UtcNs time_utc_ns) {
  Incident incident;
  incident.id = id;
  incident.time_utc_ns = time_utc_ns;
  incident.position = {34.05630263823934, -118.24273148143996, 181.51691948622465};
  incident.horizontal_error_m = 12.25;
  incident.incidentClass = incidentClass;
  incident.confidence = 0.8125;
  incident.rounds = 3;
  incident.shots = {{time_utc_ns}, {time_utc_ns + 321'442'252}, {time_utc_ns + 700'000'001}};
  incident.sensors = {"S001", "S007", "S012", "S016"};
  return incident;
}

} // namespace

class TestIncidentsFile : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::filesystem::path path(const char *name) const {
    return std::filesystem::path(dir_.path().toStdString()) / name;
  }
  std::filesystem::path write(const QByteArray &text, const char *name = "incidents.json") {
    test::writeBytes(path(name), text);
    return path(name);
  }

private slots:
  void classNames() {
    QCOMPARE(incidentClassName(IncidentClass::Gunfire), std::string_view("gunfire"));
    QCOMPARE(incidentClassName(IncidentClass::Fireworks), std::string_view("fireworks"));
    QCOMPARE(incidentClassName(IncidentClass::Other), std::string_view("other"));
    for (const auto c : {IncidentClass::Gunfire, IncidentClass::Fireworks, IncidentClass::Other}) {
      QCOMPARE(parseIncidentClass(incidentClassName(c)), std::optional<IncidentClass>(c));
    }
    QVERIFY(!parseIncidentClass("Gunfire").has_value()); // the contract is lower case
    QVERIFY(!parseIncidentClass("explosion").has_value());
    QVERIFY(!parseIncidentClass("").has_value());
  }

  void readsTheSpecExample() {
    const IncidentsFile file = readIncidentsFile(write(kSpecExample));
    QCOMPARE(file.scenario, std::string("urban-5"));
    QCOMPARE(file.incidents.size(), std::size_t(1));
    const Incident &incident = file.incidents[0];
    QCOMPARE(incident.id, std::string("I0001"));
    QCOMPARE(incident.time_utc_ns, UtcNs(1783240909153148119));
    QCOMPARE(incident.position.lat_deg, 41.881004);
    QCOMPARE(incident.position.lon_deg, -87.627580);
    QCOMPARE(incident.position.alt_m, 181.5);
    QCOMPARE(incident.horizontal_error_m, 7.5);
    QCOMPARE(incident.incidentClass, IncidentClass::Gunfire);
    QCOMPARE(incident.confidence, 0.97);
    QCOMPARE(incident.rounds, 3);
    QCOMPARE(incident.shots.size(), std::size_t(2));
    QCOMPARE(incident.shots[1].time_utc_ns, UtcNs(1783240909553148119));
    QCOMPARE(incident.sensors, (std::vector<std::string>{"S003", "S004", "S007", "S008"}));
  }

  void roundTripAndStableBytes() {
    IncidentsFile file;
    file.scenario = "urban-202 — ñandú \"quoted\"";
    file.incidents.push_back(makeIncident("I0001", IncidentClass::Gunfire, 1783218897254965808));
    file.incidents.push_back(makeIncident("I0002", IncidentClass::Fireworks, 1783218912684485927));
    file.incidents.push_back(makeIncident("I0003", IncidentClass::Other, 1783218902495016677));
    file.incidents[2].shots.clear();
    file.incidents[2].confidence = 1.0;
    file.incidents[2].horizontal_error_m = 0.0;
    writeIncidentsFile(path("a.json"), file);
    const IncidentsFile back = readIncidentsFile(path("a.json"));
    QCOMPARE(back.scenario, file.scenario);
    QCOMPARE(back.incidents.size(), file.incidents.size());
    for (std::size_t i = 0; i < file.incidents.size(); ++i) {
      const Incident &a = file.incidents[i];
      const Incident &b = back.incidents[i];
      QCOMPARE(b.id, a.id);
      QCOMPARE(b.time_utc_ns, a.time_utc_ns);
      QCOMPARE(b.position.lat_deg, a.position.lat_deg);
      QCOMPARE(b.position.lon_deg, a.position.lon_deg);
      QCOMPARE(b.position.alt_m, a.position.alt_m);
      QCOMPARE(b.horizontal_error_m, a.horizontal_error_m);
      QCOMPARE(b.incidentClass, a.incidentClass);
      QCOMPARE(b.confidence, a.confidence);
      QCOMPARE(b.rounds, a.rounds);
      QCOMPARE(b.shots.size(), a.shots.size());
      for (std::size_t s = 0; s < a.shots.size(); ++s) {
        QCOMPARE(b.shots[s].time_utc_ns, a.shots[s].time_utc_ns);
      }
      QCOMPARE(b.sensors, a.sensors);
    }
    writeIncidentsFile(path("b.json"), back);
    const QByteArray bytes = test::readBytes(path("a.json"));
    QCOMPARE(test::readBytes(path("b.json")), bytes);
    // Contract order, pretty, and every time an exact integer.
    QVERIFY(bytes.startsWith("{\n  \"format\": \"acoustic-incidents/1\",\n  \"scenario\": "));
    QVERIFY(bytes.contains("\"id\": \"I0002\",\n      \"time_utc_ns\": 1783218912684485927,"));
    QVERIFY(bytes.contains("{\"time_utc_ns\": 1783218913005928179}"));
    QVERIFY(bytes.contains("\"sensors\": [\"S001\", \"S007\", \"S012\", \"S016\"]"));
    QVERIFY(bytes.contains("\"shots\": [],"));
    QVERIFY(bytes.contains("\"confidence\": 1.0,"));
    QVERIFY(bytes.contains("\"class\": \"fireworks\","));
    // What Salvo writes is plain JSON any parser takes.
    QJsonParseError error{};
    QVERIFY(QJsonDocument::fromJson(bytes, &error).isObject());
    QCOMPARE(error.error, QJsonParseError::NoError);
  }

  void noIncidentsIsValid() {
    const IncidentsFile empty = readIncidentsFile(
        write(R"({"format": "acoustic-incidents/1", "scenario": "quiet", "incidents": []})"));
    QVERIFY(empty.incidents.empty());
    writeIncidentsFile(path("empty.json"), empty);
    QVERIFY(readIncidentsFile(path("empty.json")).incidents.empty());
  }

  void rejectsBadIncidents_data() {
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
    row("format", "acoustic-incidents/1", "acoustic-incident/1", "", "format",
        "expected 'acoustic-incidents/1'");
    row("scenario missing", R"("scenario": "urban-5",)", "", "", "scenario", "missing");
    row("unknown class", R"("gunfire")", R"("explosion")", "incident I0001", "class",
        "is 'explosion', expected gunfire, fireworks or other");
    row("confidence above 1", "0.97", "1.5", "incident I0001", "confidence", "outside 0..1");
    row("confidence NaN", "0.97", "NaN", "incident I0001", "confidence", "is NaN");
    row("negative error radius", "7.5", "-7.5", "incident I0001", "horizontal_error_m",
        "outside 0..");
    row("lat outside", "41.881004", "91", "incident I0001", "lat", "outside -90..90");
    row("lon Infinity", "-87.627580", "-Infinity", "incident I0001", "lon", "is -Infinity");
    row("zero rounds", R"("rounds": 3)", R"("rounds": 0)", "incident I0001", "rounds",
        "expected 1 or more");
    row("fractional rounds", R"("rounds": 3)", R"("rounds": 2.5)", "incident I0001", "rounds",
        "is 2.5, expected an integer");
    row("time a float", R"("time_utc_ns": 1783240909153148119,)",
        R"("time_utc_ns": 1783240909153148119.5,)", "incident I0001", "time_utc_ns",
        "is a float (1783240909153148119.5)");
    row("shot time a float", R"({"time_utc_ns": 1783240909553148119})",
        R"({"time_utc_ns": 1.783240909553148e18})", "incident I0001: shots[1]", "time_utc_ns",
        "is a float");
    row("shot not an object", R"({"time_utc_ns": 1783240909553148119})", "17", "incident I0001",
        "shots[1]", "is a number, expected an object");
    row("sensor id empty", R"("S004")", R"("")", "incident I0001", "sensors[1]", "is empty");
    row("sensor id a number", R"("S004")", "4", "incident I0001", "sensors[1]",
        "is a number, expected a string");
    row("shots missing", R"("shots": [)", R"("shotz": [)", "incident I0001", "shots", "missing");
    row("id missing", R"({"id": "I0001",)", "{", "incident #1", "id", "missing");
    row("duplicate id", R"("sensors": ["S003", "S004", "S007", "S008"]})",
        R"("sensors": ["S003"]}, {"id": "I0001", "time_utc_ns": 1, "lat": 0, "lon": 0,
           "alt_m": 0, "horizontal_error_m": 1, "class": "other", "confidence": 0.5,
           "rounds": 1, "shots": [], "sensors": []})",
        "incident I0001", "id", "duplicate: entries #1 and #2");
  }
  void rejectsBadIncidents() {
    QFETCH(QByteArray, find);
    QFETCH(QByteArray, replace);
    QFETCH(QString, item);
    QFETCH(QString, field);
    QFETCH(QString, problem);
    QByteArray text(kSpecExample);
    QVERIFY2(text.contains(find), find.constData());
    text.replace(find, replace);
    const auto file = write(text, "bad.json");
    try {
      readIncidentsFile(file);
      QFAIL("no error");
    } catch (const InputError &error) {
      const QString message = QString::fromStdString(error.what());
      QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(file.string()));
      QCOMPARE(QString::fromStdString(error.item()), item);
      QCOMPARE(QString::fromStdString(error.field()), field);
      QVERIFY2(message.contains(problem), qPrintable(message));
    }
  }

  void writerRefusesInvalidIncidents() {
    IncidentsFile file;
    file.scenario = "x";
    file.incidents.push_back(makeIncident("I0001", IncidentClass::Gunfire, 1));
    file.incidents[0].confidence = std::numeric_limits<double>::quiet_NaN();
    try {
      writeIncidentsFile(path("refused.json"), file);
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(error.item(), std::string("incident I0001"));
      QCOMPARE(error.field(), std::string("confidence"));
    }
    file.incidents[0].confidence = 0.5;
    file.incidents[0].rounds = 0;
    QVERIFY_THROWS_EXCEPTION(InputError, writeIncidentsFile(path("refused.json"), file));
    file.incidents[0].rounds = 1;
    file.incidents.push_back(file.incidents[0]);
    QVERIFY_THROWS_EXCEPTION(InputError, writeIncidentsFile(path("refused.json"), file));
    QVERIFY(!std::filesystem::exists(path("refused.json")));
  }

  void writingOverAnExistingFileIsAtomic() {
    IncidentsFile file;
    file.scenario = "kept";
    file.incidents.push_back(makeIncident("I0001", IncidentClass::Gunfire, 1));
    writeIncidentsFile(path("kept.json"), file);
    const QByteArray before = test::readBytes(path("kept.json"));
    file.incidents[0].position.lat_deg = 200.0;
    QVERIFY_THROWS_EXCEPTION(InputError, writeIncidentsFile(path("kept.json"), file));
    QCOMPARE(test::readBytes(path("kept.json")), before);
    // A folder that does not exist: an error naming the file, not a crash.
    QVERIFY_THROWS_EXCEPTION(InputError, writeIncidentsFile(path("no/such/dir.json"), file));
  }

  void clipSpecExample() {
    const ClipClassification clip = readClipClassification(write(kClipExample, "clip.json"));
    QCOMPARE(clip.file, std::string("clip.wav"));
    QCOMPARE(clip.incidentClass, IncidentClass::Gunfire);
    QCOMPARE(clip.confidence, 0.91);
    QCOMPARE(clip.scores.size(), std::size_t(3));
    QCOMPARE(clip.scores.at("fireworks"), 0.06);
    const std::string json = clipClassificationToJson(clip);
    QCOMPARE(QString::fromStdString(json),
             QStringLiteral("{\n  \"format\": \"acoustic-clip-class/1\",\n  \"file\": "
                            "\"clip.wav\",\n  \"class\": \"gunfire\",\n  \"confidence\": 0.91,\n  "
                            "\"scores\": {\"gunfire\": 0.91, \"fireworks\": 0.06, \"other\": "
                            "0.03}\n}\n"));
    writeClipClassification(path("clip2.json"), clip);
    QCOMPARE(test::readBytes(path("clip2.json")), QByteArray::fromStdString(json));
    const ClipClassification back = readClipClassification(path("clip2.json"));
    QCOMPARE(back.scores, clip.scores);
    QCOMPARE(back.file, clip.file);
  }

  void clipRejectsBadScores() {
    QByteArray text(kClipExample);
    text.replace("\"other\": 0.03", "\"explosion\": 0.03");
    try {
      readClipClassification(write(text, "clip-bad.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(error.field(), std::string("scores"));
      QVERIFY(std::string(error.what()).find("explosion") != std::string::npos);
    }
    text = kClipExample;
    text.replace("0.06", "NaN");
    try {
      readClipClassification(write(text, "clip-bad.json"));
      QFAIL("no error");
    } catch (const InputError &error) {
      QCOMPARE(error.field(), std::string("scores.fireworks"));
      QVERIFY(std::string(error.what()).find("is NaN") != std::string::npos);
    }
    text = kClipExample;
    text.replace("acoustic-clip-class/1", "acoustic-incidents/1");
    QVERIFY_THROWS_EXCEPTION(InputError, readClipClassification(write(text, "clip-bad.json")));
    ClipClassification clip = readClipClassification(write(kClipExample, "clip.json"));
    clip.confidence = -0.1;
    QVERIFY_THROWS_EXCEPTION(InputError, clipClassificationToJson(clip));
  }
};

QTEST_GUILESS_MAIN(TestIncidentsFile)
#include "TestIncidentsFile.moc"
