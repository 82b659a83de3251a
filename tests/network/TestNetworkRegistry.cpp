// Registry validation messages, CSV/GeoJSON round trips, and health alarms.
#include "common/InputError.h"
#include "network/RegistryIo.h"
#include "network/RegistryValidation.h"
#include "network/SensorHealth.h"
#include "store/SchemaMigrations.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace salvo;
using namespace salvo::network;

namespace {

NetworkSensor sensor(const char *id, double lat, double lon) {
  NetworkSensor s;
  s.id = id;
  s.position = {lat, lon, 190.0};
  return s;
}

bool anyMessage(const std::vector<RegistryIssue> &issues, const QString &pattern,
                RegistryIssue::Severity severity) {
  for (const RegistryIssue &i : issues) {
    if (i.severity == severity && QString::fromStdString(i.message).contains(pattern)) {
      return true;
    }
  }
  return false;
}

QString describe(const std::vector<RegistryIssue> &issues) {
  QStringList lines;
  for (const RegistryIssue &i : issues) {
    lines << QString::fromStdString(i.message);
  }
  return lines.join('\n');
}

} // namespace

class TestNetworkRegistry : public QObject {
  Q_OBJECT

private slots:
  void cleanRegistryHasNoIssues() {
    const std::vector<NetworkSensor> sensors{
        sensor("A", 41.874, -87.636), sensor("B", 41.874, -87.631), sensor("C", 41.878, -87.633)};
    const auto issues = validateRegistry(sensors);
    QVERIFY2(issues.empty(), qPrintable(describe(issues)));
  }

  void validationNamesEachProblem() {
    std::vector<NetworkSensor> sensors{
        sensor("A", 41.874, -87.636),          sensor("B", 41.874, -87.631),
        sensor("B", 41.878, -87.633),          sensor("", 41.876, -87.634),
        sensor("NAN", std::nan(""), -87.63),   sensor("LAT", 95.0, -87.63),
        sensor("TWIN", 41.874000005, -87.636), sensor("FAR", 41.95, -87.636)};
    const auto issues = validateRegistry(sensors);
    const auto E = RegistryIssue::Severity::Error;
    const auto W = RegistryIssue::Severity::Warning;
    QVERIFY2(anyMessage(issues, "Sensor id 'B' is used more than once.", E),
             qPrintable(describe(issues)));
    QVERIFY(anyMessage(issues, "Sensor in row 4 has no id.", E));
    QVERIFY(anyMessage(issues, "Sensor 'NAN' has a position that is not a number.", E));
    QVERIFY(anyMessage(issues, "Sensor 'LAT' has latitude 95", E));
    QVERIFY(anyMessage(issues, "Sensors 'A' and 'TWIN' are only 0.", W));
    QVERIFY(anyMessage(issues, "Sensor 'FAR' is ", W));
    QVERIFY(anyMessage(issues, "from its nearest neighbour", W));
    QVERIFY(hasErrors(issues));
  }

  void csvRoundTrip() {
    QTemporaryDir dir;
    std::vector<NetworkSensor> sensors{sensor("A,1", 41.874, -87.636),
                                       sensor("B", 41.875, -87.631)};
    sensors[1].noise_floor_db_spl = 61.5;
    sensors[1].status = SensorStatus::Retired;
    const std::filesystem::path path = dir.filePath("registry.csv").toStdString();
    writeRegistryCsv(path, sensors);
    const auto back = readRegistryCsv(path);
    QCOMPARE(back.size(), std::size_t(2));
    QCOMPARE(back[0].id, std::string("A,1"));
    QVERIFY(std::isnan(back[0].noise_floor_db_spl));
    QCOMPARE(back[1].noise_floor_db_spl, 61.5);
    QVERIFY(back[1].status == SensorStatus::Retired);
    QVERIFY(std::abs(back[0].position.lat_deg - 41.874) < 1e-9);
    QCOMPARE(readSensorsAnyFormat(path).size(), std::size_t(2));
  }

  void csvErrorsNameLineAndField() {
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id,lat_deg,lon_deg,alt_m\nA,41.8,-87.6,190\nB,north,-87.6,190\n");
    file.close();
    try {
      readRegistryCsv(path.toStdString());
      QFAIL("no error");
    } catch (const InputError &e) {
      QCOMPARE(e.item(), std::string("line 3"));
      QCOMPARE(e.field(), std::string("lat_deg"));
    }
  }

  void geoJsonRoundTripAndScenario() {
    QTemporaryDir dir;
    std::vector<NetworkSensor> sensors{sensor("A", 41.874, -87.636), sensor("B", 41.875, -87.631)};
    sensors[0].status = SensorStatus::Proposed;
    const std::filesystem::path path = dir.filePath("registry.geojson").toStdString();
    writeRegistryGeoJson(path, sensors);
    const auto back = readSensorsAnyFormat(path);
    QCOMPARE(back.size(), std::size_t(2));
    QVERIFY(back[0].status == SensorStatus::Proposed);
    QVERIFY(std::abs(back[1].position.lon_deg + 87.631) < 1e-9);
    const auto scenario = readSensorsAnyFormat(SALVO_SHARED_DIR "/scenarios/easy-101/sensors.json");
    QCOMPARE(scenario.size(), std::size_t(12));
    QCOMPARE(scenario[0].id, std::string("S001"));
  }

  void healthAlarms() {
    const UtcNs now = 1'800'000'000'000'000'000;
    auto beat = [&](double ageS, double noise) {
      SensorHealthSample s;
      s.time_utc_ns = now - static_cast<UtcNs>(ageS * 1e9);
      s.noise_floor_dbfs = noise;
      s.gps_lock = true;
      s.battery_v = 12.6;
      return s;
    };
    std::vector<SensorHealthInput> inputs(5);
    for (int i = 0; i < 5; ++i) {
      inputs[static_cast<std::size_t>(i)].sensor_id = "S" + std::to_string(i + 1);
      inputs[static_cast<std::size_t>(i)].last_heartbeat = beat(10, -70.0 + i);
    }
    inputs[1].last_heartbeat = beat(900, -70); // offline
    inputs[2].residual_clock_offset_s = 0.012; // clock fault
    inputs[2].last_heartbeat->gps_lock = false;
    inputs[3].last_heartbeat->noise_floor_dbfs = -45.0; // abnormal noise
    inputs[4].last_heartbeat->battery_v = 10.2;         // low battery
    const auto status = evaluateHealth(inputs, now);
    QCOMPARE(status.size(), std::size_t(5));
    QVERIFY(status[0].online && status[0].alarms.empty());
    QVERIFY(!status[1].online);
    QVERIFY(status[1].alarms.front().kind == AlarmKind::Offline);
    QVERIFY(QString::fromStdString(status[1].alarms.front().message).contains("900 s ago"));
    QVERIFY(status[2].alarms.front().kind == AlarmKind::ClockFault);
    QVERIFY(
        QString::fromStdString(status[2].alarms.front().message).contains("12.0 ms, no GPS lock"));
    QCOMPARE(status[3].alarms.size(), std::size_t(1));
    QVERIFY(status[3].alarms.front().kind == AlarmKind::AbnormalNoise);
    QVERIFY(status[4].alarms.front().kind == AlarmKind::LowBattery);
  }

  void healthHistoryFromStore() {
    QTemporaryDir dir;
    auto db = openStore(dir.filePath("store.db").toStdString());
    SensorSpec spec;
    spec.id = "S1";
    spec.position = {41.87, -87.63, 190};
    spec.sample_rate_hz = 16000;
    spec.full_scale_pa = 200;
    SensorStore store(db, "admin");
    {
      Transaction tx(db);
      store.upsertInTransaction(spec);
      tx.commit();
    }
    for (int k = 0; k < 3; ++k) {
      SensorHealthSample s;
      s.time_utc_ns = 1000 + k;
      s.noise_floor_dbfs = -70.0 + k;
      s.gps_lock = k != 1;
      store.recordHealth("S1", s);
    }
    const auto history = readHealthHistory(db, "S1", 1001, 5000);
    QCOMPARE(history.size(), std::size_t(2));
    QCOMPARE(history[0].time_utc_ns, UtcNs(1001));
    QVERIFY(history[0].gps_lock == false);
    QCOMPARE(*history[1].noise_floor_dbfs, -68.0);
    QVERIFY(!history[1].battery_v);
  }
};

QTEST_GUILESS_MAIN(TestNetworkRegistry)
#include "TestNetworkRegistry.moc"
