// Runs the real salvo-cli as an analyst would: locate a shared scenario, score it
// against its truth, store it with its evidence and verify the audit trail.

#include "../support/CliRunner.h"
#include "contract/Incidents.h"
#include "contract/Truth.h"
#include "geo/Wgs84.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace salvo;

namespace {

using salvo::testing::runCli;
using Run = salvo::testing::CliRun;

const QString kScenario = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101");

} // namespace

class TestCliLocate : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    incidentsPath_ = dir_.filePath(QStringLiteral("incidents.json"));
    dbPath_ = dir_.filePath(QStringLiteral("salvo.db"));
    const Run run = runCli({QStringLiteral("locate"), kScenario, QStringLiteral("--out"),
                            incidentsPath_, QStringLiteral("--db"), dbPath_});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("stored ")), qPrintable(run.out));
  }

  void everyGunfireEventIsLocatedWithinMetres() { everyGunfireEventWithin(incidentsPath_, 5.0); }

  // The opt-in late-only gating for NLOS-heavy networks keeps line-of-sight shots right.
  void oneSidedGatingLocatesEveryGunfireEventToo() {
    const QString path = dir_.filePath(QStringLiteral("one-sided.json"));
    const Run run = runCli({QStringLiteral("locate"), kScenario, QStringLiteral("--out"), path,
                            QStringLiteral("--one-sided-gating")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    everyGunfireEventWithin(path, 5.0);
  }

  void evaluatePrintsTheScores() {
    const Run run = runCli({QStringLiteral("evaluate"), kScenario, incidentsPath_});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QRegularExpression recall(QStringLiteral("gunfire location recall ([0-9.]+)"));
    const QRegularExpressionMatch match = recall.match(run.out);
    QVERIFY2(match.hasMatch(), qPrintable(run.out));
    QCOMPARE(match.captured(1).toDouble(), 1.0);
    QVERIFY(run.out.contains(QStringLiteral("error-radius coverage")));
  }

  void storedRunVerifiesAndExports() {
    const Run verify = runCli(
        {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), dbPath_});
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.out + verify.err));

    const Run exported =
        runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), dbPath_,
                QStringLiteral("--format"), QStringLiteral("geojson")});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    const QJsonObject geojson = QJsonDocument::fromJson(exported.out.toUtf8()).object();
    QCOMPARE(geojson.value(QStringLiteral("type")).toString(), QStringLiteral("FeatureCollection"));
    const IncidentsFile incidents = readIncidentsFile(incidentsPath_.toStdString());
    QCOMPARE(geojson.value(QStringLiteral("features")).toArray().size(),
             static_cast<qsizetype>(incidents.incidents.size()));
  }

  void missingScenarioIsAClearError() {
    const Run run = runCli({QStringLiteral("locate"), dir_.filePath(QStringLiteral("nowhere")),
                            QStringLiteral("--out"), incidentsPath_ + ".2"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("nowhere")), qPrintable(run.err));
  }

private:
  // The contract's matching rule (within 400 m and inside the event's time window), and
  // the nearest matching incident of every truth gunfire event within `limit_m`.
  static void everyGunfireEventWithin(const QString &incidentsPath, double limit_m) {
    const IncidentsFile incidents = readIncidentsFile(incidentsPath.toStdString());
    const ScenarioTruth truth = readScenarioTruth((kScenario + "/truth.json").toStdString());
    QVERIFY(!incidents.incidents.empty());
    int gunfire = 0;
    for (const TruthEvent &event : truth.events) {
      if (event.eventClass != IncidentClass::Gunfire) {
        continue;
      }
      ++gunfire;
      double best_m = 1e9;
      for (const Incident &incident : incidents.incidents) {
        const bool inTime =
            incident.time_utc_ns >= event.shot_times_utc_ns.front() - 1'500'000'000 &&
            incident.time_utc_ns <= event.shot_times_utc_ns.back() + 1'500'000'000;
        if (inTime) {
          best_m = std::min(best_m, ellipsoidDistance_m(incident.position, event.position));
        }
      }
      QVERIFY2(best_m < limit_m, qPrintable(QStringLiteral("%1: nearest incident %2 m")
                                                .arg(QString::fromStdString(event.id))
                                                .arg(best_m)));
    }
    QVERIFY(gunfire > 0);
  }

  QTemporaryDir dir_;
  QString incidentsPath_;
  QString dbPath_;
};

QTEST_GUILESS_MAIN(TestCliLocate)
#include "TestCliLocate.moc"
