// Models and views of the desk, each on its own: the sensor and incident table
// models, the map's projection and interaction, the About text, the command line.
#include "AboutDialog.h"
#include "DeskCommandLine.h"
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "MapScale.h"
#include "ReviewPanel.h"
#include "SensorMapWidget.h"
#include "SensorTableModel.h"
#include "Translations.h"
#include "contract/Scenario.h"
#include "platform/LibraryVersions.h"

#include <QApplication>
#include <QImage>
#include <QItemSelectionModel>
#include <QTest>
#include <QWheelEvent>

using namespace salvo;

namespace {

SensorRecording makeRecording(const std::string &id, double lat, double lon) {
  SensorRecording rec;
  rec.spec.id = id;
  rec.spec.position = {lat, lon, 100.0};
  rec.spec.sample_rate_hz = 16000.0;
  rec.spec.start_utc_ns = 1'783'218'894'215'499'492;
  rec.frames = 16000 * 60;
  rec.duration_s = 60.0;
  rec.end_utc_ns = rec.spec.start_utc_ns + 60 * kNanosPerSecond;
  return rec;
}

// Three sensors: A at the south-west, B about 1 km east of A, C about 1 km north of A.
std::vector<SensorRecording> triangle() {
  const double lat = 34.05;
  const double lon = -118.25;
  const double degPerKmLat = 1.0 / 110.95;
  const double degPerKmLon = 1.0 / (111.32 * std::cos(lat * M_PI / 180.0));
  return {makeRecording("A", lat, lon), makeRecording("B", lat, lon + degPerKmLon),
          makeRecording("C", lat + degPerKmLat, lon)};
}

Incident makeIncident(const std::string &id, UtcNs time, IncidentClass incidentClass) {
  Incident incident;
  incident.id = id;
  incident.time_utc_ns = time;
  incident.position = {34.05, -118.25, 0.0};
  incident.horizontal_error_m = 12.0;
  incident.incidentClass = incidentClass;
  incident.confidence = 0.87;
  incident.rounds = 3;
  incident.sensors = {"S001", "S002", "S005"};
  return incident;
}

bool isSensorBlue(QRgb pixel) {
  const QColor color(pixel);
  return color.blue() > 140 && color.red() < 80 && color.green() < 130;
}

} // namespace

class TestDeskViews : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(applyLanguage(QStringLiteral("en"))); }

  void sensorModelShowsColumnsAndRoles() {
    SensorTableModel model;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 7);
    model.setRecordings(triangle());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, SensorTableModel::IdColumn).data().toString(), QStringLiteral("B"));
    QCOMPARE(model.index(0, SensorTableModel::LatitudeColumn).data().toString(),
             QStringLiteral("34.050000"));
    QCOMPARE(model.index(0, SensorTableModel::RateColumn).data().toString(),
             QStringLiteral("16000"));
    QCOMPARE(model.index(0, SensorTableModel::DurationColumn).data().toString(),
             QStringLiteral("60.000"));
    QCOMPARE(model.index(0, SensorTableModel::StartColumn).data().toString(),
             QStringLiteral("2026-07-05 02:34:54.215"));
    QCOMPARE(model.index(2, 0).data(SensorTableModel::LatitudeRole).toDouble(),
             triangle()[2].spec.position.lat_deg);
    QCOMPARE(model.headerData(SensorTableModel::AltitudeColumn, Qt::Horizontal).toString(),
             QStringLiteral("Altitude (m)"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
  }

  void incidentModelKeepsNewestFirstAndTracksStatus() {
    IncidentTableModel model;
    QCOMPARE(model.columnCount(), 7);
    QCOMPARE(model.headerData(IncidentTableModel::RoundsColumn, Qt::Horizontal).toString(),
             QStringLiteral("Rounds"));
    const UtcNs t0 = 1'783'218'900'000'000'000;
    model.setIncidents({makeIncident("I1", t0, IncidentClass::Gunfire),
                        makeIncident("I3", t0 + 20 * kNanosPerSecond, IncidentClass::Other)});
    model.addIncident(makeIncident("I2", t0 + 10 * kNanosPerSecond, IncidentClass::Fireworks));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.incident(0).id, std::string("I3"));
    QCOMPARE(model.incident(1).id, std::string("I2"));
    QCOMPARE(model.incident(2).id, std::string("I1"));
    QCOMPARE(model.index(2, IncidentTableModel::ClassColumn).data().toString(),
             QStringLiteral("Gunfire"));
    QCOMPARE(model.index(2, IncidentTableModel::ConfidenceColumn).data().toString(),
             QStringLiteral("87 %"));
    QCOMPARE(model.index(2, IncidentTableModel::SensorsColumn).data().toInt(), 3);
    QCOMPARE(model.index(2, IncidentTableModel::StatusColumn).data().toString(),
             QStringLiteral("New"));
    QVERIFY(model.setStatus(2, ReviewStatus::Confirmed));
    QCOMPARE(model.index(2, IncidentTableModel::StatusColumn).data().toString(),
             QStringLiteral("Confirmed"));
    QVERIFY(!model.setStatus(3, ReviewStatus::Rejected));
  }

  void emptyTablesSayWhy() {
    IncidentTableModel model;
    EmptyStateTableView view;
    view.setModel(&model);
    view.setEmptyText(QStringLiteral("Nothing yet"));
    QVERIFY(view.isShowingEmptyText());
    model.addIncident(makeIncident("I1", 1, IncidentClass::Gunfire));
    QVERIFY(!view.isShowingEmptyText());
  }

  void reviewPanelShowsSelectedIncident() {
    ReviewPanel panel;
    QVERIFY(panel.isShowingEmptyState());
    QVERIFY(panel.emptyText().contains(QStringLiteral("Select an incident")));
    panel.setIncident(makeIncident("I7", 1'783'218'900'000'000'000, IncidentClass::Gunfire));
    QVERIFY(!panel.isShowingEmptyState());
    panel.setIncident(std::nullopt);
    QVERIFY(panel.isShowingEmptyState());
  }

  void mapPlacesSensorsAtTheirPositions() {
    SensorTableModel model;
    SensorMapWidget map;
    map.resize(800, 600);
    map.setModel(&model);
    QCOMPARE(map.sensorCount(), 0);
    model.setRecordings(triangle());
    QCOMPARE(map.sensorCount(), 3);
    const QPointF a = map.sensorWidgetPosition(0);
    const QPointF b = map.sensorWidgetPosition(1);
    const QPointF c = map.sensorWidgetPosition(2);
    for (const QPointF &p : {a, b, c}) {
      QVERIFY2(QRectF(map.rect()).contains(p), "every sensor is in view after a fit");
    }
    // B is east of A on the same latitude, C north of A on the same longitude,
    // both about 1 km away: equal distances on screen, at right angles.
    QVERIFY(b.x() > a.x() + 100);
    QVERIFY(std::abs(b.y() - a.y()) < 1.5);
    QVERIFY(c.y() < a.y() - 100);
    QVERIFY(std::abs(c.x() - a.x()) < 1.5);
    const double ab = std::hypot(b.x() - a.x(), b.y() - a.y());
    const double ac = std::hypot(c.x() - a.x(), c.y() - a.y());
    QVERIFY(std::abs(ab - ac) / ab < 0.01);
    QVERIFY(std::abs(ab * map.metresPerPixel() - 1000.0) < 10.0);
    // The frame is anchored at the centre of the network.
    QVERIFY(map.frameOrigin().has_value());
    QVERIFY(std::abs(map.frameOrigin()->lat_deg - (34.05 + 0.5 / 110.95)) < 1e-4);

    // Each sensor is drawn where the widget says it is.
    const QImage image = map.grab().toImage();
    for (const QPointF &p : {a, b, c}) {
      QVERIFY(isSensorBlue(image.pixel(p.toPoint())));
    }
    QCOMPARE(map.sensorAt(b + QPointF(3, 2)), 1);
    QCOMPARE(map.sensorAt(QPointF(2, 2)), -1);
  }

  void mapZoomsAboutTheCursorAndPans() {
    SensorTableModel model;
    model.setRecordings(triangle());
    SensorMapWidget map;
    map.resize(800, 600);
    map.setModel(&model);
    const double scaleBefore = map.metresPerPixel();
    const QPointF anchor(200, 150);
    const QPointF anchorEnu = map.widgetToEnu(anchor);
    QWheelEvent wheel(anchor, map.mapToGlobal(anchor), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&map, &wheel);
    QVERIFY(map.metresPerPixel() < scaleBefore); // zoomed in
    const QPointF after = map.enuToWidget(anchorEnu);
    QVERIFY(std::abs(after.x() - anchor.x()) < 1e-6 && std::abs(after.y() - anchor.y()) < 1e-6);

    const QPointF bBefore = map.sensorWidgetPosition(1);
    QTest::mousePress(&map, Qt::LeftButton, {}, QPoint(400, 300));
    QTest::mouseMove(&map, QPoint(430, 320));
    QTest::mouseMove(&map, QPoint(460, 340));
    QTest::mouseRelease(&map, Qt::LeftButton, {}, QPoint(460, 340));
    const QPointF bAfter = map.sensorWidgetPosition(1);
    QVERIFY(std::abs(bAfter.x() - bBefore.x() - 60.0) < 1e-6);
    QVERIFY(std::abs(bAfter.y() - bBefore.y() - 40.0) < 1e-6);

    map.fitToSensors();
    QCOMPARE(map.metresPerPixel(), scaleBefore);
  }

  void mapClickSelectsSensor() {
    SensorTableModel model;
    model.setRecordings(triangle());
    SensorMapWidget map;
    map.resize(800, 600);
    map.setModel(&model);
    QItemSelectionModel selection(&model);
    map.setSelectionModel(&selection);
    QTest::mouseClick(&map, Qt::LeftButton, {}, map.sensorWidgetPosition(2).toPoint());
    QVERIFY(selection.isRowSelected(2, {}));
    QTest::mouseClick(&map, Qt::LeftButton, {}, QPoint(3, 3));
    QVERIFY(!selection.hasSelection());
  }

  void scaleBarLengthsAreRound() {
    QCOMPARE(niceScaleLength_m(1.0, 200.0), 200.0);
    QCOMPARE(niceScaleLength_m(3.0, 200.0), 500.0);
    QCOMPARE(niceScaleLength_m(0.9, 100.0), 50.0);
    QCOMPARE(niceScaleLength_m(100.0, 150.0), 10000.0);
    QCOMPARE(niceScaleLength_m(0.0, 150.0), 0.0);
    QCOMPARE(formatDistance(500.0), QStringLiteral("500 m"));
    QCOMPARE(formatDistance(2000.0), QStringLiteral("2 km"));
  }

  void aboutListsLibraryVersions() {
    AboutDialog dialog;
    const QString text = dialog.plainText();
    QVERIFY(text.contains(QStringLiteral("Salvo 0.")));
    QStringList named;
    for (const auto &[library, version] : libraryVersions()) {
      QVERIFY2(text.contains(QString::fromStdString(library)), library.c_str());
      QVERIFY2(text.contains(QString::fromStdString(version)), version.c_str());
      named << QString::fromStdString(library);
    }
    for (const char *library : {"Qt", "PortAudio", "libsndfile", "SQLite", "Eigen", "FFTW"}) {
      QVERIFY2(named.contains(QLatin1String(library)), library);
    }
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    // The image the docs show; written where the build keeps outputs.
    dialog.show();
    const QImage image = dialog.grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.save(QStringLiteral(SALVO_BINARY_DIR "/about.png")));
  }

  void commandLineIsChecked() {
    const QString exe = QStringLiteral("salvo");
    auto run = parseDeskCommandLine({exe});
    QCOMPARE(run.outcome, DeskCommandLine::Outcome::Run);
    QCOMPARE(run.options.screenshotDelay_s, 1.0);
    QVERIFY2(run.options.demo, "a plain `salvo` opens on the demo city");
    QVERIFY(!parseDeskCommandLine({exe, QStringLiteral("--db"), QStringLiteral("d.sqlite")})
                 .options.demo);
    QVERIFY(!parseDeskCommandLine({exe, QStringLiteral("--replay"), QStringLiteral("/x")})
                 .options.demo);

    run = parseDeskCommandLine({exe, QStringLiteral("--scenario"), QStringLiteral("/x"),
                                QStringLiteral("--screenshot"), QStringLiteral("a.png"),
                                QStringLiteral("--after"), QStringLiteral("2.5"),
                                QStringLiteral("--lang"), QStringLiteral("es")});
    QCOMPARE(run.outcome, DeskCommandLine::Outcome::Run);
    QCOMPARE(run.options.scenarioFolder, QStringLiteral("/x"));
    QVERIFY(!run.options.demo);
    QCOMPARE(run.options.screenshotPath, QStringLiteral("a.png"));
    QCOMPARE(run.options.screenshotDelay_s, 2.5);
    QCOMPARE(run.options.language, QStringLiteral("es"));

    QCOMPARE(parseDeskCommandLine({exe, QStringLiteral("--lang"), QStringLiteral("fr")}).outcome,
             DeskCommandLine::Outcome::ExitFailure);
    QCOMPARE(parseDeskCommandLine({exe, QStringLiteral("--after"), QStringLiteral("2")}).outcome,
             DeskCommandLine::Outcome::ExitFailure);
    QCOMPARE(parseDeskCommandLine({exe, QStringLiteral("--screenshot"), QStringLiteral("a.png"),
                                   QStringLiteral("--after"), QStringLiteral("-1")})
                 .outcome,
             DeskCommandLine::Outcome::ExitFailure);
    QCOMPARE(parseDeskCommandLine({exe, QStringLiteral("--bogus")}).outcome,
             DeskCommandLine::Outcome::ExitFailure);
    const auto help = parseDeskCommandLine({exe, QStringLiteral("--help")});
    QCOMPARE(help.outcome, DeskCommandLine::Outcome::ExitSuccess);
    QVERIFY(help.output.contains(QStringLiteral("--screenshot")));
    QCOMPARE(languageFromArguments({exe, QStringLiteral("--lang=es")}), QStringLiteral("es"));
    QCOMPARE(languageFromArguments({exe, QStringLiteral("--lang"), QStringLiteral("xx")}),
             QString());
  }
};

QTEST_MAIN(TestDeskViews)
#include "TestDeskViews.moc"
