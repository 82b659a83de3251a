// The real main window, driven offscreen, and the real `salvo` executable.
#include "DeskSettings.h"
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "MainWindow.h"
#include "ReviewPanel.h"
#include "SensorTableModel.h"
#include "SettingsDialog.h"
#include "Translations.h"
#include "map/SensorLayer.h"
#include "map/TileMapWidget.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace salvo;

namespace {

const QString kUrban202 = QStringLiteral(SALVO_SHARED_DIR "/scenarios/urban-202");
constexpr int kLoadTimeout_ms = 60'000; // a ceiling for a slow CI disk, not a target

QStringList menuTitles(const MainWindow &window) {
  QStringList titles;
  for (const QAction *action : window.menuBar()->actions()) {
    titles << action->text();
  }
  return titles;
}

bool openAndWait(MainWindow &window, const QString &folder) {
  QSignalSpy finished(&window, &MainWindow::loadingFinished);
  window.openScenario(folder);
  return finished.wait(kLoadTimeout_ms);
}

} // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("SalvoTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_mainwindow"));
    QSettings().setValue(QStringLiteral("map/tileUrlTemplate"), QString()); // no web tiles
    QVERIFY(applyLanguage(QStringLiteral("en")));
  }

  void startsEmptyWithEmptyStates() {
    MainWindow window;
    window.show();
    QCOMPARE(window.sensorModel()->rowCount(), 0);
    QCOMPARE(window.incidentModel()->rowCount(), 0);
    QCOMPARE(window.incidentModel()->columnCount(), 7);
    QCOMPARE(window.mapWidget()->sensorLayer()->sensorCount(), 0);
    QVERIFY(window.incidentView()->isShowingEmptyText());
    QVERIFY(window.sensorView()->isShowingEmptyText());
    QVERIFY(window.centralWidget()->isAncestorOf(window.mapWidget()));
    QCOMPARE(menuTitles(window),
             (QStringList{QStringLiteral("&File"), QStringLiteral("&Live"), QStringLiteral("&Edit"),
                          QStringLiteral("&View"), QStringLiteral("&Help")}));
  }

  void opensUrban202() {
    MainWindow window;
    window.show();
    QSignalSpy opened(&window, &MainWindow::scenarioOpened);
    QVERIFY(openAndWait(window, kUrban202));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().first().toString(), QStringLiteral("urban-202"));
    QVERIFY(window.scenario() != nullptr);

    QCOMPARE(window.sensorModel()->rowCount(), 16);
    QCOMPARE(window.sensorModel()->index(0, 0).data().toString(), QStringLiteral("S001"));
    QVERIFY(!window.sensorView()->isShowingEmptyText());

    TileMapWidget *map = window.mapWidget();
    SensorLayer *sensors = map->sensorLayer();
    QCOMPARE(sensors->sensorCount(), 16);
    const QImage image = map->grab().toImage();
    const QColor online = SensorLayer::colourOf(SensorHealth::Online);
    for (int i = 0; i < sensors->sensorCount(); ++i) {
      const QPointF at = sensors->screenPosition(map->viewport(), i);
      QVERIFY2(QRectF(map->rect()).contains(at), qPrintable(QString::number(i)));
      const QColor color(image.pixel(at.toPoint()));
      QVERIFY2(std::abs(color.green() - online.green()) < 40 &&
                   std::abs(color.red() - online.red()) < 40,
               qPrintable(QString::number(i)));
    }
    // S004 is the easternmost of the south row, S013 the northernmost in the west.
    QVERIFY(sensors->screenPosition(map->viewport(), 3).x() >
            sensors->screenPosition(map->viewport(), 0).x());
    QVERIFY(sensors->screenPosition(map->viewport(), 12).y() <
            sensors->screenPosition(map->viewport(), 0).y());

    QStringList statusTexts;
    for (const QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
      statusTexts << label->text();
    }
    const QString status = statusTexts.join(QLatin1Char('|'));
    QVERIFY2(status.contains(QStringLiteral("urban-202")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("16 sensors")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("UTC")), qPrintable(status));

    QVERIFY(!DeskSettings::recentScenarios().isEmpty());
    QVERIFY(DeskSettings::recentScenarios().first().endsWith(QStringLiteral("urban-202")));
    bool inRecentMenu = false;
    for (const QAction *action : window.recentMenu()->actions()) {
      inRecentMenu |= action->data().toString().endsWith(QStringLiteral("urban-202"));
    }
    QVERIFY(inRecentMenu);
  }

  void clickingASensorOnTheMapSelectsItInTheTable() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, kUrban202));
    TileMapWidget *map = window.mapWidget();
    const QPointF at = map->sensorLayer()->screenPosition(map->viewport(), 4);
    QTest::mouseClick(map, Qt::LeftButton, {}, at.toPoint());
    const QModelIndexList rows = window.sensorView()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(SensorTableModel::SensorIdRole).toString(), QStringLiteral("S005"));
  }

  void reportsABrokenScenarioWithoutLosingTheOpenOne() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, kUrban202));

    QTemporaryDir broken;
    QFile manifest(broken.filePath(QStringLiteral("sensors.json")));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write(R"({"format": "acoustic-scenario/1", "name": "x", "sensors": [{"id": "S1"}]})");
    manifest.close();

    QSignalSpy failed(&window, &MainWindow::scenarioFailed);
    QVERIFY(openAndWait(window, broken.path()));
    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("sensors.json")), qPrintable(message));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("scenarioErrorBox"));
    QVERIFY(box != nullptr);
    QCOMPARE(box->informativeText(), message);
    QVERIFY(window.statusBar()->currentMessage().contains(message));
    // The scenario on screen stays.
    QCOMPARE(window.sensorModel()->rowCount(), 16);
    box->close();

    QVERIFY(openAndWait(window, broken.filePath(QStringLiteral("no-such-folder"))));
    QCOMPARE(failed.count(), 2);
    QCOMPARE(window.sensorModel()->rowCount(), 16);
  }

  void restoresGeometryAndDocks() {
    {
      MainWindow window;
      window.show();
      window.resize(1000, 700);
      window.sensorDock()->hide();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      window.saveSettings();
    }
    MainWindow restored;
    restored.restoreSettings();
    restored.show();
    QVERIFY(restored.sensorDock()->isHidden());
    QVERIFY(!restored.incidentDock()->isHidden());
    QCOMPARE(restored.size(), QSize(1000, 700));

    restored.resetLayout();
    QVERIFY(!restored.sensorDock()->isHidden());
    QCOMPARE(restored.dockWidgetArea(restored.reviewDock()), Qt::RightDockWidgetArea);
  }

  void switchesToSpanish() {
    MainWindow window;
    window.show();
    QVERIFY(applyLanguage(QStringLiteral("es")));
    QStringList titles = menuTitles(window);
    QCOMPARE(titles.size(), 5);
    titles.removeAt(1); // "&Live": new, its Spanish arrives with the next lupdate
    QCOMPARE(titles, (QStringList{QStringLiteral("&Archivo"), QStringLiteral("&Editar"),
                                  QStringLiteral("&Ver"), QStringLiteral("A&yuda")}));
    QCOMPARE(window.sensorDock()->windowTitle(), QStringLiteral("Sensores"));
    QCOMPARE(window.sensorModel()
                 ->headerData(SensorTableModel::LatitudeColumn, Qt::Horizontal)
                 .toString(),
             QStringLiteral("Latitud (°)"));
    QVERIFY(applyLanguage(QStringLiteral("en")));
    QCOMPARE(menuTitles(window).first(), QStringLiteral("&File"));
  }

  void preferencesStoreAndApplyTheLanguage() {
    MainWindow window;
    SettingsDialog dialog(&window);
    dialog.selectLanguage(QStringLiteral("es"));
    dialog.accept();
    QCOMPARE(DeskSettings::language(), QStringLiteral("es"));
    QCOMPARE(currentLanguage(), QStringLiteral("es"));
    QCOMPARE(window.incidentDock()->windowTitle(), QStringLiteral("Cola de incidentes"));
    DeskSettings::setLanguage(QStringLiteral("en"));
    QVERIFY(applyLanguage(QStringLiteral("en")));
  }

  void selectingAnIncidentOpensItForReview() {
    MainWindow window;
    window.show();
    QVERIFY(window.reviewPanel()->isShowingEmptyState());
    Incident incident;
    incident.id = "I0001";
    incident.time_utc_ns = 1'783'218'900'000'000'000;
    incident.incidentClass = IncidentClass::Gunfire;
    incident.sensors = {"S001", "S002", "S003"};
    window.incidentModel()->setIncidents({incident});
    QVERIFY(!window.incidentView()->isShowingEmptyText());
    window.incidentView()->selectRow(0);
    QVERIFY(!window.reviewPanel()->isShowingEmptyState());
    window.incidentModel()->clear();
    QVERIFY(window.reviewPanel()->isShowingEmptyState());
  }

  void executablePrintsVersion() {
    QProcess salvo;
    salvo.start(QStringLiteral(SALVO_DESK_EXECUTABLE), {QStringLiteral("--version")});
    QVERIFY(salvo.waitForFinished(kLoadTimeout_ms));
    QCOMPARE(salvo.exitStatus(), QProcess::NormalExit);
    QCOMPARE(salvo.exitCode(), 0);
    QVERIFY(
        QString::fromUtf8(salvo.readAllStandardOutput()).startsWith(QStringLiteral("salvo 0.")));
  }

  void executableRejectsBadArguments() {
    QProcess salvo;
    salvo.start(QStringLiteral(SALVO_DESK_EXECUTABLE),
                {QStringLiteral("--lang"), QStringLiteral("xx")});
    QVERIFY(salvo.waitForFinished(kLoadTimeout_ms));
    QCOMPARE(salvo.exitCode(), 2);
    QVERIFY(!salvo.readAllStandardError().isEmpty());
  }

  void executableWritesScreenshot() {
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("desk.png"));
    QProcess salvo;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    salvo.setProcessEnvironment(env);
    salvo.start(QStringLiteral(SALVO_DESK_EXECUTABLE),
                {QStringLiteral("--scenario"), kUrban202, QStringLiteral("--screenshot"), png,
                 QStringLiteral("--after"), QStringLiteral("0.2"), QStringLiteral("--lang"),
                 QStringLiteral("es")});
    QVERIFY(salvo.waitForFinished(kLoadTimeout_ms));
    QCOMPARE(salvo.exitStatus(), QProcess::NormalExit);
    QCOMPARE(salvo.exitCode(), 0);
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QCOMPARE(image.size(), QSize(1280, 800)); // the default window size
    const QColor online = SensorLayer::colourOf(SensorHealth::Online);
    // Not a blank frame: the map background and the sensor markers are both there.
    int blue = 0;
    for (int y = 0; y < image.height(); y += 2) {
      for (int x = 0; x < image.width(); x += 2) {
        const QColor c(image.pixel(x, y));
        blue +=
            (std::abs(c.red() - online.red()) < 30 && std::abs(c.green() - online.green()) < 30 &&
             std::abs(c.blue() - online.blue()) < 30)
                ? 1
                : 0;
      }
    }
    QVERIFY2(blue > 16 * 4, "sensor markers are drawn");
    // A screenshot run leaves no settings behind.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("Salvo/salvo.conf"))));
  }

private:
  QTemporaryDir settingsDir_;
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
