#include "IncidentTableModel.h"
#include "SensorTableModel.h"
#include "map/HeatMapLayer.h"
#include "map/IncidentLayer.h"
#include "map/MapStyle.h"
#include "map/MbTilesSource.h"
#include "map/SensorLayer.h"
#include "map/TileBaseMap.h"
#include "map/TileMapWidget.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {

constexpr double kLat = 40.4168;
constexpr double kLon = -3.7038;

Incident incidentAt(const std::string &id, double lat, double lon, double error_m,
                    IncidentClass incidentClass, std::int64_t time_ns = 0) {
  Incident incident;
  incident.id = id;
  incident.position = {lat, lon, 650.0};
  incident.horizontal_error_m = error_m;
  incident.incidentClass = incidentClass;
  incident.rounds = 3;
  incident.time_utc_ns = time_ns;
  return incident;
}

SensorRecording sensorAt(const std::string &id, double lat, double lon) {
  SensorRecording recording;
  recording.spec.id = id;
  recording.spec.position = {lat, lon, 650.0};
  return recording;
}

bool isRedTinted(const QColor &colour) {
  return colour.red() - colour.green() > 12;
}

} // namespace

class TestTileMapWidget : public QObject {
  Q_OBJECT
private slots:
  void projectionRoundTrips() {
    const QPointF origin = MapViewport::worldPixel(0.0, 0.0, 0.0);
    QVERIFY(std::abs(origin.x() - 128.0) < 1e-9 && std::abs(origin.y() - 128.0) < 1e-9);
    MapViewport viewport;
    viewport.size = {640, 480};
    QVERIFY(std::abs(MapViewport{{0, 0, 0}, 0.0}.metresPerPixel() - 156543.03392) < 1e-3);
    for (const double zoom : {3.0, 11.5, 17.25}) {
      for (const auto &[lat, lon] : {std::pair{kLat, kLon}, {-33.9, 151.2}, {64.1, -21.9}}) {
        viewport.centre = {lat + 0.001, lon - 0.002, 0};
        viewport.zoom = zoom;
        const QPointF screen = viewport.toScreen(lat, lon);
        const GeodeticPosition back = viewport.toGeo(screen);
        QVERIFY(std::abs(back.lat_deg - lat) < 1e-9);
        QVERIFY(std::abs(back.lon_deg - lon) < 1e-9);
        const QPointF unit = MapViewport::unitMercator(lat, lon);
        const QPointF viaUnit =
            unit * viewport.worldSize_px() - viewport.centreWorldPixel() + QPointF(320, 240);
        QVERIFY((viaUnit - screen).manhattanLength() < 1e-6);
      }
    }
  }

  void errorCircleHasTheRightPixelRadius() {
    IncidentTableModel incidents;
    incidents.setIncidents({incidentAt("I0001", kLat, kLon, 100.0, IncidentClass::Gunfire)});
    TileMapWidget map;
    map.setTileSource(nullptr);
    map.setModels(nullptr, &incidents);
    map.heatMapLayer()->setVisible(false);
    map.resize(400, 400);
    map.setCentre({kLat, kLon, 0});
    map.setZoom(16.0);
    const double expected_px = 100.0 / map.viewport().metresPerPixel(kLat);
    QVERIFY(std::abs(map.incidentLayer()->errorRadius_px(map.viewport(), 0) - expected_px) < 1e-9);
    QVERIFY(expected_px > 50.0 && expected_px < 60.0);

    const QImage image = map.grab().toImage();
    const QPointF centre = map.incidentLayer()->screenPosition(map.viewport(), 0);
    QVERIFY((centre - QPointF(200, 200)).manhattanLength() < 1e-6);
    for (const QPointF direction : {QPointF(1, 0), QPointF(-1, 0), QPointF(0, 1), QPointF(0, -1),
                                    QPointF(M_SQRT1_2, M_SQRT1_2)}) {
      const QPoint inside = (centre + direction * (expected_px - 3.0)).toPoint();
      const QPoint outside = (centre + direction * (expected_px + 3.0)).toPoint();
      QVERIFY2(isRedTinted(image.pixelColor(inside)), qPrintable(QString::number(inside.x())));
      QVERIFY2(!isRedTinted(image.pixelColor(outside)), qPrintable(QString::number(outside.x())));
    }
    // The marker itself: filled gunfire red in the middle (new incident).
    QCOMPARE(image.pixelColor(QPoint(200, 196)).red() > 180, true);
  }

  void zoomAboutCursorKeepsThePointUnderIt() {
    TileMapWidget map;
    map.setTileSource(nullptr);
    map.resize(600, 400);
    map.setCentre({kLat, kLon, 0});
    map.setZoom(13.0);
    const QPointF anchor(110.0, 310.0);
    const GeodeticPosition under = map.viewport().toGeo(anchor);
    map.zoomAbout(14.7, anchor);
    QCOMPARE(map.viewport().zoom, 14.7);
    QVERIFY((map.viewport().toScreen(under.lat_deg, under.lon_deg) - anchor).manhattanLength() <
            1e-6);

    // Through the wheel: half a level per notch, about the cursor.
    const QPointF cursor(450.0, 90.0);
    const GeodeticPosition underCursor = map.viewport().toGeo(cursor);
    QWheelEvent wheel(cursor, map.mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&map, &wheel);
    QVERIFY(std::abs(map.viewport().zoom - 15.2) < 1e-9);
    QVERIFY((map.viewport().toScreen(underCursor.lat_deg, underCursor.lon_deg) - cursor)
                .manhattanLength() < 1e-6);

    // Keys: + zooms about the centre, an arrow pans by a fixed step.
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    QTest::keyClick(&map, Qt::Key_Plus);
    QVERIFY(std::abs(map.viewport().zoom - 16.2) < 1e-9);
    const QPointF before = map.viewport().centreWorldPixel();
    QTest::keyClick(&map, Qt::Key_Left);
    QVERIFY(map.viewport().centreWorldPixel().x() < before.x());
  }

  void clickSelectsIncidentOrSensor() {
    IncidentTableModel incidents;
    incidents.setIncidents(
        {incidentAt("I0001", kLat, kLon, 30.0, IncidentClass::Gunfire),
         incidentAt("I0002", kLat + 0.003, kLon, 30.0, IncidentClass::Fireworks)});
    SensorTableModel sensors;
    sensors.setRecordings(
        {sensorAt("S01", kLat - 0.004, kLon - 0.004), sensorAt("S02", kLat + 0.004, kLon + 0.004)});
    TileMapWidget map;
    map.setTileSource(nullptr);
    map.setModels(&sensors, &incidents);
    map.resize(600, 500);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    QSignalSpy incidentSpy(&map, &TileMapWidget::incidentClicked);
    QSignalSpy sensorSpy(&map, &TileMapWidget::sensorClicked);

    const QPoint second = map.incidentLayer()->screenPosition(map.viewport(), 1).toPoint();
    QTest::mouseClick(&map, Qt::LeftButton, {}, second + QPoint(3, -2));
    QCOMPARE(incidentSpy.count(), 1);
    QCOMPARE(incidentSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(map.selectedIncident(), 1);

    const QPoint sensor = map.sensorLayer()->screenPosition(map.viewport(), 1).toPoint();
    QTest::mouseClick(&map, Qt::LeftButton, {}, sensor);
    QCOMPARE(sensorSpy.count(), 1);
    QCOMPARE(sensorSpy.at(0).at(0).toString(), QStringLiteral("S02"));

    // The selection follows the incident when a newer one is inserted above it.
    incidents.addIncident(incidentAt("I0003", kLat, kLon + 0.003, 30.0, IncidentClass::Other, 5));
    QCOMPARE(map.selectedIncident(), 2);
  }

  void sensorsAreColouredByHealth() {
    SensorTableModel sensors;
    sensors.setRecordings({sensorAt("S01", kLat, kLon), sensorAt("S02", kLat + 0.002, kLon)});
    TileMapWidget map;
    map.setTileSource(nullptr);
    map.setModels(&sensors, nullptr);
    map.resize(400, 400);
    map.sensorLayer()->setHealth(QStringLiteral("S02"), SensorHealth::ClockFault);
    const QImage image = map.grab().toImage();
    QCOMPARE(image.pixelColor(map.sensorLayer()->screenPosition(map.viewport(), 0).toPoint()),
             mapstyle::kSensorOnline);
    QCOMPARE(image.pixelColor(map.sensorLayer()->screenPosition(map.viewport(), 1).toPoint()),
             mapstyle::kSensorClockFault);
  }

  void heatMapIsCachedUntilTheViewChanges() {
    IncidentTableModel incidents;
    std::vector<Incident> list;
    for (int i = 0; i < 50; ++i) {
      list.push_back(incidentAt("I" + std::to_string(i), kLat + 0.0002 * (i % 7),
                                kLon + 0.0002 * (i % 5), 20.0, IncidentClass::Gunfire));
    }
    incidents.setIncidents(list);
    TileMapWidget map;
    map.setTileSource(nullptr);
    map.setModels(nullptr, &incidents);
    map.resize(400, 300);
    QCOMPARE(map.heatMapLayer()->recentCount(), 50);
    map.grab();
    const int renders = map.heatMapLayer()->renderCount();
    QVERIFY(renders >= 1);
    map.grab();
    QCOMPARE(map.heatMapLayer()->renderCount(), renders);
    map.panByPixels({30, 0});
    const QImage image = map.grab().toImage();
    QCOMPARE(map.heatMapLayer()->renderCount(), renders + 1);
    // The cluster is hot: red-orange under the incidents' centre, not plain land.
    const QColor hot = image.pixelColor(QPoint(image.width() / 2 + 60, image.height() / 2 + 40));
    QVERIFY(hot != mapstyle::kLand);
  }

  void mbtilesShowAndStandInForMissingChildren() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("one.mbtiles"));
    {
      QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("w"));
      db.setDatabaseName(path);
      QVERIFY(db.open());
      QSqlQuery query(db);
      QVERIFY(query.exec(QStringLiteral("CREATE TABLE tiles (zoom_level INTEGER, tile_column "
                                        "INTEGER, tile_row INTEGER, tile_data BLOB)")));
      QImage image(256, 256, QImage::Format_ARGB32);
      image.fill(QColor(0, 0, 200));
      QByteArray png;
      QBuffer buffer(&png);
      buffer.open(QIODevice::WriteOnly);
      image.save(&buffer, "PNG");
      // Every z=3 tile, so whatever z=3 view we pick is covered.
      for (int x = 0; x < 8; ++x) {
        for (int y = 0; y < 8; ++y) {
          query.prepare(QStringLiteral("INSERT INTO tiles VALUES (3, ?, ?, ?)"));
          query.addBindValue(x);
          query.addBindValue(y);
          query.addBindValue(png);
          QVERIFY(query.exec());
        }
      }
      db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("w"));

    TileMapWidget map;
    map.setTileSource(std::make_unique<MbTilesSource>(path));
    map.resize(300, 200);
    map.setCentre({kLat, kLon, 0});
    map.setZoom(3.0);
    map.grab(); // asks for the tiles
    QTRY_VERIFY(map.baseMap()->cachedTileCount() > 0);
    QCOMPARE(map.grab().toImage().pixelColor(150, 100), QColor(0, 0, 200));
    // At z=5 the file has nothing: the z=3 parent stands in, upscaled.
    map.setZoom(5.0);
    map.grab();
    QTest::qWait(50);
    QCOMPARE(map.grab().toImage().pixelColor(150, 100), QColor(0, 0, 200));
  }

  void fallbackSaysItIsPlain() {
    TileMapWidget map;
    map.setTileSource(nullptr);
    QVERIFY(map.attributionText().contains(QStringLiteral("Plain map")));
  }
};

QTEST_MAIN(TestTileMapWidget)
#include "TestTileMapWidget.moc"
