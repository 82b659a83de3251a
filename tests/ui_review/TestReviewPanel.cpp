#include "ReviewPanel.h"
#include "review/ReviewDecisionBar.h"
#include "review/SpectrogramView.h"
#include "review/WaveformView.h"
#include "store/AuditLog.h"
#include "store/IncidentStore.h"
#include "store/LocateRunStore.h"
#include "store/ReviewStore.h"
#include "store/ScenarioIncidents.h"
#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace salvo;

// The review panel on a store built from easy-101: every truth event stored as an
// incident at its true place with all sensors' evidence clips, as `locate --db` does.
class TestReviewPanel : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::unique_ptr<Database> database_;
  std::vector<std::int64_t> rows_;
  IncidentsFile incidents_;

  void loadIncident(ReviewPanel &panel, std::size_t index) {
    panel.showIncident(*database_, rows_.at(index));
    QTRY_VERIFY_WITH_TIMEOUT(panel.isEvidenceLoaded(), 20000);
  }

private slots:
  void initTestCase() {
    const std::filesystem::path folder =
        std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / "easy-101";
    const ScenarioFolder scenario = openScenarioFolder(folder);
    incidents_ = storetest::incidentsFromTruth(folder, scenario, scenario.recordings.size());
    incidents_.incidents.resize(2); // two gunfire bursts are plenty
    const std::filesystem::path db = dir_.filePath(QStringLiteral("review.sqlite")).toStdString();
    rows_ = storeLocateRun(db, scenario, incidents_).incident_row_ids;
    database_ = std::make_unique<Database>(openStore(db));
    UserStore users(*database_, "admin-setup");
    users.addUser("ana", UserRole::Analyst, "correct horse battery");
    users.addUser("dan", UserRole::Dispatcher, "staple gun 2026");
  }

  void waveformsAreAlignedOnThePredictedArrival() {
    ReviewPanel panel;
    panel.resize(1000, 720);
    panel.show();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    loadIncident(panel, 0);
    const LoadedEvidence &loaded = *panel.evidence();
    QCOMPARE(loaded.evidence.sensors.size(), incidents_.incidents[0].sensors.size());
    QCOMPARE(panel.waveformView()->laneCount(), int(loaded.evidence.sensors.size()));
    QVERIFY2(loaded.evidence.problems.empty(),
             loaded.evidence.problems.empty() ? "" : loaded.evidence.problems.front().c_str());
    // The clips were cut at 29.9 °C: the panel recovers that speed of sound.
    QVERIFY2(std::abs(loaded.evidence.speed_of_sound_mps - speedOfSoundInAir_mps(29.9)) < 0.5,
             qPrintable(QString::number(loaded.evidence.speed_of_sound_mps)));

    // The first shot's pulse marker of each sensor, as plotted: after alignment they
    // sit together at 0 although the raw arrivals are spread over the network.
    std::vector<double> aligned;
    std::vector<double> raw;
    for (int lane = 0; lane < panel.waveformView()->laneCount(); ++lane) {
      const std::vector<double> picks = panel.waveformView()->plottedPickedOnsets(lane);
      const auto nearest = std::min_element(
          picks.begin(), picks.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
      if (nearest == picks.end() || std::abs(*nearest) > 0.05) {
        continue; // this sensor's detector missed the first shot
      }
      aligned.push_back(*nearest);
      const ReviewSensorClip &sensor = loaded.evidence.sensors[static_cast<std::size_t>(lane)];
      raw.push_back(
          nanosToSeconds(sensor.alignmentTime_utc_ns() - incidents_.incidents[0].time_utc_ns) +
          *nearest);
    }
    QVERIFY2(aligned.size() >= 4, qPrintable(QString::number(aligned.size())));
    const auto [alo, ahi] = std::minmax_element(aligned.begin(), aligned.end());
    const auto [rlo, rhi] = std::minmax_element(raw.begin(), raw.end());
    QVERIFY2(*ahi - *alo < 0.003, qPrintable(QString::number(*ahi - *alo)));
    QVERIFY2(*rhi - *rlo > 0.05, qPrintable(QString::number(*rhi - *rlo)));

    // Drawing costs per pixel: at most two points per column of the plot.
    const int width = panel.waveformView()->axisRect()->width();
    QVERIFY(panel.waveformView()->plottedPointCount(0) <= 2 * width + 4);
    // Zoom down to a few samples: the samples themselves are drawn.
    panel.waveformView()->showRange(0.0, 0.0005);
    QVERIFY(panel.waveformView()->plottedPointCount(0) >= 8);
    QVERIFY(panel.waveformView()->plottedPointCount(0) <= 12);
    const QCPRange full = panel.waveformView()->fullRange();
    panel.waveformView()->showRange(full.lower, full.upper);

    // The spectrogram of the selected sensor arrives from the worker.
    QTRY_VERIFY_WITH_TIMEOUT(panel.isSpectrogramReady(), 20000);
    QCOMPARE(panel.spectrogramView()->colorMap()->data()->keySize(),
             int(panel.currentSpectrogram()->frames));
    QTest::keyClick(&panel, Qt::Key_Down);
    QCOMPARE(panel.selectedSensor(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(panel.isSpectrogramReady(), 20000);
    QTest::keyClick(&panel, Qt::Key_Up);
    QCOMPARE(panel.selectedSensor(), 0);

    const QString shot = QStringLiteral(SALVO_BINARY_DIR "/review-panel.png");
    QVERIFY(panel.grab().save(shot));
  }

  void confirmFromTheKeyboardWritesReviewAndAudit() {
    ReviewPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    panel.setReviewer(QStringLiteral("ana"));
    QSignalSpy reviewed(&panel, &ReviewPanel::reviewed);
    loadIncident(panel, 0);
    panel.setFocus();
    // C without a reason asks for one and writes nothing.
    QTest::keyClick(&panel, Qt::Key_C);
    QCOMPARE(reviewed.count(), 0);
    QVERIFY(panel.messageText().contains(QStringLiteral("reason")));
    QLineEdit *reason = panel.decisionBar()->reasonEdit();
    QVERIFY(reason->hasFocus());
    QTest::keyClicks(reason, QStringLiteral("twelve crisp reports, echoes match"));
    QTest::keyClick(reason, Qt::Key_Return);
    QCOMPARE(reviewed.count(), 1);
    QCOMPARE(reviewed.at(0).at(0).toLongLong(), rows_[0]);

    ReviewStore reviews(*database_);
    const std::vector<StoredReview> stored = reviews.reviewsOf(rows_[0]);
    QCOMPARE(stored.size(), std::size_t(1));
    QCOMPARE(stored[0].user, std::string("ana"));
    QCOMPARE(stored[0].decision, ReviewDecision::Confirmed);
    QVERIFY(!stored[0].incidentClass.has_value()); // confirmed as it was
    QCOMPARE(stored[0].reason, std::string("twelve crisp reports, echoes match"));
    AuditLog audit(*database_);
    QVERIFY(!audit.history("review", stored[0].id).empty());
    const AuditVerification verification = verifyAudit(*database_);
    QVERIFY2(verification.ok, verification.problem.c_str());
    QCOMPARE(IncidentStore(*database_, "test").find(rows_[0])->status, IncidentStatus::Confirmed);
  }

  void reclassifyAndRejectNeedTheRightUser() {
    ReviewPanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    QSignalSpy reviewed(&panel, &ReviewPanel::reviewed);
    loadIncident(panel, 1);
    panel.setFocus();
    // Nobody signed in: refused with a message, nothing stored.
    panel.decisionBar()->setReason(QStringLiteral("sounds like a firework"));
    QTest::keyClick(&panel, Qt::Key_R);
    QCOMPARE(reviewed.count(), 0);
    QVERIFY(panel.messageText().contains(QStringLiteral("Sign in")));
    // A dispatcher may not review: the store refuses and the panel says why.
    panel.setReviewer(QStringLiteral("dan"));
    QTest::keyClick(&panel, Qt::Key_R);
    QCOMPARE(reviewed.count(), 0);
    QVERIFY(panel.messageText().contains(QStringLiteral("not saved")));
    // The analyst reclassifies as fireworks (key 2) and confirms.
    panel.setReviewer(QStringLiteral("ana"));
    QTest::keyClick(&panel, Qt::Key_2);
    QCOMPARE(panel.decisionBar()->chosenClass(), IncidentClass::Fireworks);
    QTest::keyClick(&panel, Qt::Key_C);
    QCOMPARE(reviewed.count(), 1);
    const std::vector<StoredReview> stored = ReviewStore(*database_).reviewsOf(rows_[1]);
    QCOMPARE(stored.size(), std::size_t(1));
    QCOMPARE(stored[0].incidentClass, std::optional<IncidentClass>(IncidentClass::Fireworks));
    QCOMPARE(IncidentStore(*database_, "test").find(rows_[1])->incident.incidentClass,
             IncidentClass::Fireworks);
    QVERIFY(verifyAudit(*database_).ok);
  }

  void missingIncidentIsAClearMessage() {
    ReviewPanel panel;
    panel.showIncident(*database_, 999'999);
    QVERIFY(!panel.isShowingEmptyState());
    QVERIFY(panel.messageText().contains(QStringLiteral("999999")));
    QVERIFY(!panel.isEvidenceLoaded());
    panel.clear();
    QVERIFY(panel.isShowingEmptyState());
  }
};

QTEST_MAIN(TestReviewPanel)
#include "TestReviewPanel.moc"
