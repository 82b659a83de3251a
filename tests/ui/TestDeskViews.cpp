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
