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
#include "map/IncidentLayer.h"
#include "map/TileMapWidget.h"

#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {
const QString kEasy = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101");

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

  // The demo city: its opening script's first incident arrives within seconds while the
  // GUI keeps running; stopping is prompt.
  void demoCityDeliversIncidentsLive() {
    MainWindow window;
    window.setSettingsReadOnly(true);
    window.setAlertSoundEnabled(false);
    window.show();
    QSignalSpy shown(&window, &MainWindow::liveIncidentShown);
    window.startDemo();
    QTRY_VERIFY_WITH_TIMEOUT(window.sensorModel()->rowCount() == 12, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
    QVERIFY(window.incidentModel()->rowCount() >= 1);
    QVERIFY(window.session()->isRunning());
    window.stopLive();
    QVERIFY(!window.session()->isRunning());
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
  QTemporaryDir settingsDir_;
};

QTEST_MAIN(TestDeskLive)
#include "TestDeskLive.moc"
