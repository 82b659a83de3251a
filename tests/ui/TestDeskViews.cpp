// Models and views of the desk, each on its own: the sensor and incident table
// models, the map's projection and interaction, the About text, the command line.
#include "AboutDialog.h"
#include "DeskCommandLine.h"
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "MapScale.h"
#include "ReviewPanel.h"
#include "SensorTableModel.h"
#include "Translations.h"
#include "contract/Scenario.h"
#include "desk/IncidentFilterBar.h"
#include "desk/IncidentFilterProxyModel.h"
#include "platform/LibraryVersions.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSignalSpy>
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

} // namespace

class TestDeskViews : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(applyLanguage(QStringLiteral("en"))); }

  void sensorModelShowsColumnsAndRoles() {
    SensorTableModel model;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 8);
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
    // Health: online until the live pipeline says otherwise; offline wins over a clock
    // fault; a new source starts everyone online again.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QCOMPARE(model.index(0, 0).data(SensorTableModel::HealthRole).toInt(),
             int(SensorTableModel::Online));
    QCOMPARE(model.index(0, SensorTableModel::HealthColumn).data().toString(),
             QStringLiteral("Online"));
    model.setClockFault(1, 0.0204);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(1, 3).data(SensorTableModel::HealthRole).toInt(),
             int(SensorTableModel::ClockFault));
    QCOMPARE(model.index(1, 0).data(SensorTableModel::ClockOffsetRole).toDouble(), 0.0204);
    QCOMPARE(model.index(1, SensorTableModel::HealthColumn).data().toString(),
             QStringLiteral("Clock fault (20.4 ms)"));
    model.setOffline(1, true);
    QCOMPARE(model.health(1), int(SensorTableModel::Offline));
    QVERIFY(!model.index(0, 0).data(SensorTableModel::ClockOffsetRole).isValid());
    model.clearHealth();
    QCOMPARE(model.health(1), int(SensorTableModel::Online));
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

  // The queue's filter bar, driven from the keyboard only: class, status, minimum
  // confidence and place narrow the rows; Escape shows them all again.
  void queueFiltersFromTheKeyboard() {
    IncidentTableModel model;
    Incident gunfire = makeIncident("I0001", 1000, IncidentClass::Gunfire);
    Incident weak = makeIncident("I0002", 2000, IncidentClass::Gunfire);
    weak.confidence = 0.55;
    Incident fireworks = makeIncident("I0003", 3000, IncidentClass::Fireworks);
    Incident other = makeIncident("I0004", 4000, IncidentClass::Other);
    for (const Incident &incident : {gunfire, weak, fireworks, other}) {
      model.addIncident(incident);
    }
    model.setPlaceName(QStringLiteral("I0001"), QStringLiteral("1200 W Harrison St"));
    model.setPlaceName(QStringLiteral("I0003"), QStringLiteral("Grant Park"));
    model.setStatus(model.rowOf(QStringLiteral("I0003")), ReviewStatus::Rejected);
    IncidentFilterProxyModel proxy;
    proxy.setIncidentModel(&model);
    IncidentFilterBar bar(&proxy);
    bar.show();
    bar.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&bar));
    QCOMPARE(proxy.rowCount(), 4);

    // Alt+L is the class box's mnemonic; Down moves from All to Gunfire.
    QTest::keyClick(&bar, Qt::Key_L, Qt::AltModifier);
    QTRY_VERIFY(bar.classBox()->hasFocus());
    QTest::keyClick(bar.classBox(), Qt::Key_Down);
    QCOMPARE(bar.classBox()->currentText(), QStringLiteral("Gunfire"));
    QCOMPARE(proxy.rowCount(), 2);
    // Tab to status (New), then to confidence: 80 % leaves the strong one.
    QTest::keyClick(bar.classBox(), Qt::Key_Tab);
    QVERIFY(bar.statusBox()->hasFocus());
    QTest::keyClick(bar.statusBox(), Qt::Key_Down);
    QCOMPARE(proxy.rowCount(), 2);
    QTest::keyClick(bar.statusBox(), Qt::Key_Tab);
    QVERIFY(bar.confidenceBox()->hasFocus());
    bar.confidenceBox()->selectAll();
    QTest::keyClicks(bar.confidenceBox(), QStringLiteral("80"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(IncidentTableModel::IncidentIdRole).toString(),
             QStringLiteral("I0001"));
    // Escape clears everything; then a place search, case-insensitive.
    QTest::keyClick(bar.confidenceBox(), Qt::Key_Escape);
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(bar.classBox()->currentIndex(), 0);
    bar.focusPlace();
    QVERIFY(bar.placeEdit()->hasFocus());
    QTest::keyClicks(bar.placeEdit(), QStringLiteral("grant"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(IncidentTableModel::IncidentIdRole).toString(),
             QStringLiteral("I0003"));
    // Status Rejected with the place still typed: I0003 is rejected, so it stays; New hides it.
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findText(QStringLiteral("Rejected")));
    QCOMPARE(proxy.rowCount(), 1);
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findText(QStringLiteral("New")));
    QCOMPARE(proxy.rowCount(), 0);
    // A status change in the model re-filters at once.
    model.setStatus(model.rowOf(QStringLiteral("I0003")), ReviewStatus::New);
    QCOMPARE(proxy.rowCount(), 1);
    QTest::keyClick(bar.placeEdit(), Qt::Key_Escape);
    QCOMPARE(proxy.rowCount(), 4);
    QVERIFY(bar.placeEdit()->text().isEmpty());
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
