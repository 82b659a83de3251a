// The network manager offscreen: maps for a shared scenario's sensors, a proposed
// sensor dragged with the mouse changes coverage, an offline sensor shrinks it, the
// suggestion adds area, the registry validates imports, and the health tab charts.
#include "manager/GridImageLayer.h"
#include "manager/HealthPanel.h"
#include "manager/HealthTableModel.h"
#include "manager/NetworkManagerWidget.h"
#include "manager/RegistryModel.h"
#include "manager/RegistryPanel.h"
#include "map/TileMapWidget.h"
#include "network/RegistryIo.h"

#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace salvo;

namespace {

const char *kScenario = SALVO_SHARED_DIR "/scenarios/urban-202/sensors.json";

bool waitForMaps(NetworkManagerWidget &w) {
  return QTest::qWaitFor([&] { return !w.isComputing() && !w.maps().coverage.p3.empty(); }, 20000);
}

double coveredSum(const network::NetworkMaps &maps) {
  double sum = 0.0;
  for (float p : maps.coverage.p3) {
    sum += p;
  }
  return sum;
}

// Largest change of P(>=4) or of the 95 % error (relative) between two maps of one grid.
double largestChange(const network::NetworkMaps &a, const network::NetworkMaps &b) {
  double change = 0.0;
  for (std::size_t i = 0; i < a.coverage.p4.size(); ++i) {
    change = std::max(change, static_cast<double>(std::abs(a.coverage.p4[i] - b.coverage.p4[i])));
    const float ea = a.accuracy.error95_m[i];
    const float eb = b.accuracy.error95_m[i];
    if (std::isfinite(ea) && std::isfinite(eb)) {
      change = std::max(change, static_cast<double>(std::abs(ea - eb) / std::max(ea, eb)));
    }
  }
  return change;
}

std::vector<network::SensorHealthInput>
demoHealth(const std::vector<network::NetworkSensor> &sensors, UtcNs now) {
  std::vector<network::SensorHealthInput> inputs;
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    network::SensorHealthInput in;
    in.sensor_id = sensors[i].id;
    SensorHealthSample hb;
    hb.time_utc_ns = now - 20'000'000'000;
    hb.gps_lock = true;
    hb.battery_v = 12.7;
    hb.temperature_c = 31.0;
    hb.noise_floor_dbfs = -72.0 + static_cast<double>(i % 4);
    hb.clock_offset_ns = 20'000;
    in.last_heartbeat = hb;
    in.last_pulse_utc_ns = now - static_cast<UtcNs>(60 + 30 * i) * 1'000'000'000;
    inputs.push_back(in);
  }
  inputs[1].last_heartbeat->time_utc_ns = now - 3'600'000'000'000; // offline for an hour
  inputs[4].residual_clock_offset_s = 0.0113;                      // clock fault
  inputs[4].last_heartbeat->gps_lock = false;
  inputs[7].last_heartbeat->noise_floor_dbfs = -50.0; // abnormal noise
  return inputs;
}

} // namespace

class TestNetworkManager : public QObject {
  Q_OBJECT

private slots:
  void buildsMapsForAScenario() {
    NetworkManagerWidget w;
    w.resize(1400, 900);
    w.coverageMap()->setTileSource(nullptr);
    w.accuracyMap()->setTileSource(nullptr);
    w.show();
    w.setSensors(network::readSensorsAnyFormat(kScenario));
    QVERIFY(waitForMaps(w));
    const auto &maps = w.maps();
    QVERIFY(maps.coverage.grid.cellCount() > 10000);
    QVERIFY(maps.coverage.coveredArea_m2(0.9) > 1e6); // urban-202 covers over a km²
    QCOMPARE(w.registry()->rowCount(), 16);
    QVERIFY(!w.findChild<CoverageLayer *>()->image().isNull());
    QVERIFY(!w.findChild<AccuracyLayer *>()->image().isNull());
  }

  void draggingAProposedSensorChangesCoverage() {
    NetworkManagerWidget w;
    w.resize(1400, 900);
    w.coverageMap()->setTileSource(nullptr);
    w.accuracyMap()->setTileSource(nullptr);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setSensors(network::readSensorsAnyFormat(kScenario));
    QVERIFY(waitForMaps(w));
    const double before = coveredSum(w.maps());
    w.setPlanningMode(true);
    TileMapWidget *map = w.coverageMap();
    // Place the proposed sensor near the edge of the map (outside the network)...
    const QPoint edge(map->width() / 10, map->height() / 2);
    QTest::mouseClick(map, Qt::LeftButton, {}, edge);
    QVERIFY(w.proposedSensor().has_value());
    QVERIFY(waitForMaps(w));
    const double atEdge = coveredSum(w.maps());
    const network::NetworkMaps edgeMaps = w.maps();
    QVERIFY2(atEdge > before, qPrintable(QString("%1 vs %2").arg(atEdge).arg(before)));
    // ...then drag it into the middle of the network, where it adds less new area.
    const QPoint centre(map->width() / 2, map->height() / 2);
    QTest::mousePress(map, Qt::LeftButton, {}, edge);
    QMouseEvent move(QEvent::MouseMove, QPointF(centre), map->mapToGlobal(QPointF(centre)),
                     Qt::NoButton, Qt::LeftButton, {});
    QCoreApplication::sendEvent(map, &move);
    QTest::mouseRelease(map, Qt::LeftButton, {}, centre);
    QVERIFY(waitForMaps(w));
    const GeodeticPosition moved = *w.proposedSensor();
    const GeodeticPosition expected = map->viewport().toGeo(QPointF(centre));
    QVERIFY(std::abs(moved.lat_deg - expected.lat_deg) < 1e-6);
    const double change = largestChange(edgeMaps, w.maps());
    QVERIFY2(change > 0.05, qPrintable(QString::number(change)));
  }

  void suggestionAddsAreaAndOfflineSensorsRemoveIt() {
    NetworkManagerWidget w;
    w.coverageMap()->setTileSource(nullptr);
    w.accuracyMap()->setTileSource(nullptr);
    const auto sensors = network::readSensorsAnyFormat(kScenario);
    w.setSensors(sensors);
    QVERIFY(waitForMaps(w));
    const double full = coveredSum(w.maps());
    const UtcNs now = 1'800'000'000'000'000'000;
    w.setHealth(demoHealth(sensors, now), now);
    QVERIFY(waitForMaps(w));
    QVERIFY(coveredSum(w.maps()) < full); // S002 went offline
    QCOMPARE(w.healthPanel()->model()->rowCount(), 16);
    QCOMPARE(w.healthPanel()->model()->alarmCount(), 3);
    const double withOffline = coveredSum(w.maps());
    w.suggestNextSite();
    QVERIFY(w.proposedSensor().has_value());
    QVERIFY(waitForMaps(w));
    QVERIFY(coveredSum(w.maps()) > withOffline);
  }

  void registryImportShowsValidation() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("reg.csv");
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id,lat_deg,lon_deg,alt_m\nA,41.874,-87.636,190\nA,41.875,-87.630,190\n");
    file.close();
    NetworkManagerWidget w;
    QString message;
    QVERIFY(w.registryPanel()->importFile(csv, &message));
    QListWidget *issues = w.registryPanel()->issueList();
    QVERIFY(issues->count() >= 1);
    QVERIFY(issues->item(0)->text().contains("'A' is used more than once"));
    QVERIFY(!w.registryPanel()->importFile(dir.filePath("none.csv"), &message));
    QVERIFY(message.contains("none.csv"));
    QVERIFY(w.registryPanel()->exportFile(dir.filePath("out.geojson"), &message));
    QCOMPARE(network::readSensorsAnyFormat(dir.filePath("out.geojson").toStdString()).size(),
             std::size_t(2));
  }

  void healthChartShowsHistory() {
    HealthPanel panel;
    std::vector<SensorHealthSample> samples;
    for (int k = 0; k < 30; ++k) {
      SensorHealthSample s;
      s.time_utc_ns = 1'800'000'000'000'000'000 + static_cast<UtcNs>(k) * 60'000'000'000;
      s.noise_floor_dbfs = -70.0 + std::sin(k / 4.0) * 3.0;
      s.battery_v = 12.8 - 0.01 * k;
      samples.push_back(s);
    }
    panel.setHistory("S1", samples);
    panel.showHistory("S1");
    QCOMPARE(panel.chart()->graph(0)->dataCount(), 30);
    QCOMPARE(panel.chart()->graph(1)->dataCount(), 0); // no clock offsets reported
  }

  // Run with SALVO_NETMGR_SCREENSHOT=FILE.png to save the picture for docs/.
  void screenshot() {
    const QByteArray path = qgetenv("SALVO_NETMGR_SCREENSHOT");
    if (path.isEmpty()) {
      QSKIP("set SALVO_NETMGR_SCREENSHOT to save a screenshot");
    }
    NetworkManagerWidget w;
    w.resize(1500, 1000);
    w.coverageMap()->setTileSource(nullptr);
    w.accuracyMap()->setTileSource(nullptr);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const auto sensors = network::readSensorsAnyFormat(kScenario);
    w.setSensors(sensors);
    const UtcNs now = 1'800'000'000'000'000'000;
    w.setHealth(demoHealth(sensors, now), now);
    w.suggestNextSite();
    QVERIFY(waitForMaps(w));
    std::vector<SensorHealthSample> history;
    for (int k = 0; k < 120; ++k) {
      SensorHealthSample s;
      s.time_utc_ns = now - static_cast<UtcNs>(120 - k) * 60'000'000'000;
      s.noise_floor_dbfs = -70.0 + 2.5 * std::sin(k / 9.0) + (k > 90 ? 18.0 : 0.0);
      s.battery_v = 12.9 - 0.004 * k;
      s.clock_offset_ns = 20'000;
      history.push_back(s);
    }
    w.healthPanel()->setHistory("S008", history);
    w.healthPanel()->showHistory("S008");
    w.findChild<QTabWidget *>("managerTabs")->setCurrentIndex(1);
    QTest::qWait(200);
    QVERIFY(w.grab().save(QString::fromLocal8Bit(path)));
  }
};

QTEST_MAIN(TestNetworkManager)
#include "TestNetworkManager.moc"
