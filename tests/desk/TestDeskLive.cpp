// The real desk window driven offscreen with live sources: a replayed scenario and the
// demo city flow through the live pipeline into the store, the queue and the alerts.
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "MainWindow.h"
#include "ReviewPanel.h"
#include "SensorTableModel.h"
#include "desk/AlertBanner.h"
#include "desk/DeskSession.h"
#include "desk/DeskSignIn.h"
#include "desk/SignInDialog.h"
#include "dispatch/DispatchDialog.h"
#include "manager/HealthPanel.h"
#include "manager/HealthTableModel.h"
#include "manager/NetworkManagerWidget.h"
#include "map/IncidentLayer.h"
#include "map/SensorLayer.h"
#include "map/TileMapWidget.h"

#include "audio/AudioFile.h"

#include "review/ReviewDecisionBar.h"
#include "review/WaveformView.h"
#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/ReviewStore.h"
#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {
const QString kEasy = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101");

// easy-101 with two faults: S003's clock stamps its start 20 ms late (so every arrival
// reads 20 ms late), and S007's audio stops after 12 s (a shortened copy of its file).
// The manifest is edited as text: its nanosecond stamps do not fit a double.
bool writeFaultyScenario(const QString &folder) {
  QFile in(kEasy + QStringLiteral("/sensors.json"));
  if (!QDir().mkpath(folder + QStringLiteral("/audio")) || !in.open(QIODevice::ReadOnly)) {
    return false;
  }
  QString json = QString::fromUtf8(in.readAll());
  const QRegularExpression start(QStringLiteral(R"("start_utc_ns":\s*(\d+))"));
  const QRegularExpressionMatch match =
      start.match(json, static_cast<int>(json.indexOf(QStringLiteral("\"S003\""))));
  if (!match.hasMatch()) {
    return false;
  }
  const qint64 shifted = match.captured(1).toLongLong() + 20'000'000;
  json.replace(match.capturedStart(1), match.capturedLength(1), QString::number(shifted));
  for (const QString &file : QDir(kEasy + QStringLiteral("/audio")).entryList(QDir::Files)) {
    const QString source = kEasy + QStringLiteral("/audio/") + file;
    const QString target = folder + QStringLiteral("/audio/") + file;
    if (file == QStringLiteral("S007.wav")) {
      AudioFileInfo info;
      std::vector<float> samples = readAudioFile(source.toStdString(), &info);
      samples.resize(static_cast<std::size_t>(12.0 * info.sample_rate_hz));
      writeAudioFile(target.toStdString(), samples, info.sample_rate_hz, AudioContainer::Wav,
                     AudioEncoding::Pcm16);
    } else if (!QFile::link(source, target)) {
      return false;
    }
  }
  QFile out(folder + QStringLiteral("/sensors.json"));
  const QByteArray bytes = json.toUtf8();
  return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size();
}

int rowOfSensor(const SensorTableModel &model, const QString &id) {
  for (int row = 0; row < model.rowCount(); ++row) {
    if (model.index(row, 0).data(SensorTableModel::SensorIdRole).toString() == id) {
      return row;
    }
  }
  return -1;
}

int firstRowOfClass(const IncidentTableModel &model, IncidentClass incidentClass) {
  for (int row = 0; row < model.rowCount(); ++row) {
    if (model.incident(row).incidentClass == incidentClass) {
      return row;
    }
  }
  return -1;
}
} // namespace

class TestDeskLive : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("SalvoTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_desk_live"));
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(settingsDir_.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    QSettings().setValue(QStringLiteral("map/tileUrlTemplate"), QString()); // no web tiles
  }

  // easy-101 at 60×: gunfire reaches the queue (the map's incident layer reads the same
  // model), raises the banner, is stored with its evidence, and a click on the banner
  // opens it for review.
  void replayedGunfireReachesQueueStoreAndBanner() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(QStringLiteral("desk.sqlite"));
    MainWindow window;
    window.setSettingsReadOnly(true);
    window.setAlertSoundEnabled(false);
    window.setDatabasePath(database);
    window.show();
    QSignalSpy finished(window.session(), &DeskSession::finished);
    window.startReplay(kEasy, 60.0);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 45000);

    IncidentTableModel *model = window.incidentModel();
    QVERIFY2(model->rowCount() >= 3, qPrintable(QString::number(model->rowCount())));
    const int gunfire = firstRowOfClass(*model, IncidentClass::Gunfire);
    QVERIFY(gunfire >= 0);
    const QModelIndex index = model->index(gunfire, 0);
    QVERIFY(std::abs(model->data(index, IncidentTableModel::LatitudeRole).toDouble() - 41.87) <
            0.05);
    QVERIFY(model->data(index, IncidentTableModel::StoreRowIdRole).toLongLong() > 0);
    // The map's incident layer draws the queue's own model.
    QCOMPARE(window.mapWidget()->incidentLayer()->model(), model);
    QCOMPARE(window.mapWidget()->incidentLayer()->incidentCount(), model->rowCount());

    QVERIFY(window.alertBanner()->isVisible());
    QVERIFY2(window.alertBanner()->text().contains(QStringLiteral("Gunfire")),
             qPrintable(window.alertBanner()->text()));
    QVERIFY(window.reviewPanel()->isShowingEmptyState());
    const QString alerted = window.alertBanner()->incidentId();
    QTest::mouseClick(window.alertBanner(), Qt::LeftButton);
    QVERIFY(!window.reviewPanel()->isShowingEmptyState());
    const QModelIndexList selected = window.incidentView()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(IncidentTableModel::IncidentIdRole).toString(), alerted);

    // In the store: every incident in the queue, gunfire with its evidence clips.
    Database db = openStore(database.toStdString(), Database::Mode::ReadOnly);
    IncidentStore incidents(db, "test");
    QCOMPARE(incidents.count(), static_cast<std::int64_t>(model->rowCount()));
    EvidenceStore evidence(db, "test");
    const auto clips = evidence.clipsOf(model->storeRowId(gunfire));
    QCOMPARE(clips.size(), model->incident(gunfire).sensors.size());
  }

  // easy-101 with S003's clock 20 ms late and S007 silent after 12 s, replayed: the
  // pipeline finds both, and the sensor table, the map and the admin's network manager
  // show S003 as a clock fault and S007 as offline; the rest stay online.
  void replayShowsClockFaultAndOfflineSensors() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("easy-101-faults"));
    QVERIFY(writeFaultyScenario(folder));
    MainWindow window;
    window.setSettingsReadOnly(true);
    window.setAlertSoundEnabled(false);
    window.setUser({QStringLiteral("chief"), UserRole::Admin, false});
    window.show();
    QSignalSpy finished(window.session(), &DeskSession::finished);
    window.startReplay(folder, 60.0);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);

    const SensorTableModel &sensors = *window.sensorModel();
    QCOMPARE(sensors.rowCount(), 12);
    const int s3 = rowOfSensor(sensors, QStringLiteral("S003"));
    const int s7 = rowOfSensor(sensors, QStringLiteral("S007"));
    QCOMPARE(sensors.health(s3), int(SensorTableModel::ClockFault));
    QVERIFY2(std::abs(*sensors.clockOffset_s(s3) - 0.020) < 0.003,
             qPrintable(QString::number(*sensors.clockOffset_s(s3))));
    QCOMPARE(sensors.health(s7), int(SensorTableModel::Offline));
    for (int row = 0; row < sensors.rowCount(); ++row) {
      if (row != s3 && row != s7) {
        QCOMPARE(sensors.health(row), int(SensorTableModel::Online));
      }
    }
    const QString clockText = sensors.index(s3, SensorTableModel::HealthColumn).data().toString();
    QVERIFY2(clockText.contains(QStringLiteral("Clock fault")), qPrintable(clockText));
    QCOMPARE(sensors.index(s7, SensorTableModel::HealthColumn).data().toString(),
             QStringLiteral("Offline"));

    const SensorLayer *layer = window.mapWidget()->sensorLayer();
    QCOMPARE(layer->health(QStringLiteral("S003")), SensorHealth::ClockFault);
    QCOMPARE(layer->health(QStringLiteral("S007")), SensorHealth::Offline);
    QCOMPARE(layer->health(QStringLiteral("S001")), SensorHealth::Online);

    const auto *manager = window.findChild<NetworkManagerWidget *>();
    QVERIFY(manager != nullptr);
    int seen = 0;
    for (const auto &status : manager->healthPanel()->model()->statuses()) {
      if (status.sensor_id == "S007") {
        QVERIFY(!status.online);
        ++seen;
      } else if (status.sensor_id == "S003") {
        QVERIFY(status.online && status.clock_offset_s);
        QVERIFY(std::abs(*status.clock_offset_s - 0.020) < 0.003);
        ++seen;
      } else {
        QVERIFY(status.online);
      }
    }
    QCOMPARE(seen, 2);
    // Located all the same: the rest of the network goes on without them.
    QVERIFY(window.incidentModel()->rowCount() >= 3);
  }

  // The demo city: its opening script's first incident arrives within seconds while the
  // GUI keeps running, in the demo's own temporary store with clips of the live audio;
  // the demo account reviews it from the keyboard as the demo analyst; stopping is prompt.
  void demoCityDeliversIncidentsLive() {
    MainWindow window;
    window.setSettingsReadOnly(true);
    window.setAlertSoundEnabled(false);
    window.setUser(demoDispatcher());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy shown(&window, &MainWindow::liveIncidentShown);
    window.startDemo();
    QVERIFY(!window.activeStorePath().isEmpty());
    QVERIFY(window.databasePath().isEmpty()); // the desk's own store is not touched
    QTRY_VERIFY_WITH_TIMEOUT(window.sensorModel()->rowCount() == 12, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
    QVERIFY(window.incidentModel()->rowCount() >= 1);
    QVERIFY(window.session()->isRunning());
    const auto *label = window.findChild<QLabel *>(QStringLiteral("userLabel"));
    QVERIFY(label && label->text().contains(QStringLiteral("Demo")));

    const QString id = shown.at(0).at(0).toString();
    const int row = window.incidentModel()->rowOf(id);
    const qint64 rowId = window.incidentModel()->storeRowId(row);
    const std::size_t sensorCount = window.incidentModel()->incident(row).sensors.size();
    QVERIFY(rowId > 0);
    QVERIFY(window.selectIncident(id));
    ReviewPanel *panel = window.reviewPanel();
    QVERIFY(!panel->isShowingEmptyState());
    // The clips are decoded on a worker, then drawn.
    QTRY_COMPARE_WITH_TIMEOUT(panel->waveformView()->laneCount(), int(sensorCount), 15000);
    QSignalSpy reviewed(panel, &ReviewPanel::reviewed);
    panel->setFocus();
    QTest::keyClick(panel, Qt::Key_C);
    QTest::keyClicks(panel->decisionBar()->reasonEdit(), QStringLiteral("demo: three reports"));
    QTest::keyClick(panel->decisionBar()->reasonEdit(), Qt::Key_Return);
    QCOMPARE(reviewed.count(), 1);
    QCOMPARE(window.incidentModel()->status(window.incidentModel()->rowOf(id)),
             ReviewStatus::Confirmed);
    saveScreenshotsIfAsked(window, rowId);
    window.stopLive();
    QVERIFY(!window.session()->isRunning());

    Database db = openStore(window.activeStorePath().toStdString(), Database::Mode::ReadOnly);
    const std::vector<StoredReview> reviews = ReviewStore(db).reviewsOf(rowId);
    QCOMPARE(reviews.size(), std::size_t(1));
    QCOMPARE(reviews[0].user, std::string("demo-analyst"));
    const auto clips = EvidenceStore(db, "test").clipsOf(rowId);
    QCOMPARE(clips.size(), sensorCount);
    QVERIFY(clips.front().frames > 16000); // seconds of audio, not a stub
  }

  void scriptedSignInCreatesTheAdminThenChecksPasswords() {
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("users.sqlite"));
    QString error;
    const auto admin =
        signInScripted(database, QStringLiteral("chief"), QStringLiteral("correct horse"), &error);
    QVERIFY2(admin.has_value(), qPrintable(error));
    QCOMPARE(admin->role, UserRole::Admin);
    QVERIFY(canManageNetwork(admin->role) && canReview(admin->role));
    QVERIFY(
        !signInScripted(database, QStringLiteral("chief"), QStringLiteral("wrong pass"), &error));
    QVERIFY(error.contains(QStringLiteral("chief")));
    // A second name on a store that has users is not created: it must exist.
    QVERIFY(!signInScripted(database, QStringLiteral("intruder"), QStringLiteral("correct horse"),
                            &error));
    {
      Database db = openStore(database.toStdString());
      UserStore(db, "chief").addUser("ana", UserRole::Analyst, "analyst-pass");
    }
    const auto analyst =
        signInScripted(database, QStringLiteral("ana"), QStringLiteral("analyst-pass"), &error);
    QVERIFY(analyst && analyst->role == UserRole::Analyst);
    QVERIFY(canReview(analyst->role) && !canManageNetwork(analyst->role));
    QVERIFY(!canReview(demoDispatcher().role));

    MainWindow window;
    window.setUser(*analyst);
    const auto *label = window.findChild<QLabel *>(QStringLiteral("userLabel"));
    QVERIFY(label && label->text().contains(QStringLiteral("ana")));
  }

  void firstRunDialogRefusesShortOrDifferentPasswords() {
    SignInDialog dialog(SignInDialog::Mode::CreateAdmin);
    dialog.show();
    auto *password = dialog.findChild<QLineEdit *>(QStringLiteral("password"));
    auto *repeat = dialog.findChild<QLineEdit *>(QStringLiteral("passwordRepeat"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("signInError"));
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(password && repeat && error && buttons);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    password->setText(QStringLiteral("short"));
    repeat->setText(QStringLiteral("short"));
    ok->click();
    QVERIFY(error->isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    password->setText(QStringLiteral("long enough 1"));
    repeat->setText(QStringLiteral("long enough 2"));
    ok->click();
    QVERIFY(!dialog.isHidden());
    password->setText(QStringLiteral("long enough 1")); // an error clears both fields
    repeat->setText(QStringLiteral("long enough 1"));
    ok->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.userName(), QStringLiteral("admin"));
  }

private:
  // SALVO_DESK_SCREENSHOTS=DIR: the review panel on a confirmed demo incident (wide) and
  // the dispatch dialog for it, as DIR/review.png and DIR/dispatch.png (docs/screenshots).
  static void saveScreenshotsIfAsked(MainWindow &window, qint64 rowId) {
    const QString dir = qEnvironmentVariable("SALVO_DESK_SCREENSHOTS");
    if (dir.isEmpty()) {
      return;
    }
    window.resizeDocks({window.reviewDock()}, {760}, Qt::Horizontal);
    QTest::qWait(1500); // the spectrogram is computed on a worker
    QVERIFY(window.reviewPanel()->grab().save(dir + QStringLiteral("/review.png")));
    Database db = openStore(window.activeStorePath().toStdString());
    DispatchDialog dialog(db, rowId, QStringLiteral("demo-dispatcher"), &window);
    dialog.setMapImage(window.mapWidget()->grab().toImage());
    dialog.setWaveformImage(window.reviewPanel()->grab().toImage());
    dialog.resize(900, 700);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/dispatch.png")));
  }

  QTemporaryDir settingsDir_;
};

QTEST_MAIN(TestDeskLive)
#include "TestDeskLive.moc"
