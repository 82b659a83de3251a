#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"

#include <QTest>

#include <cmath>

using namespace salvo;

class TestEvaluation : public QObject {
  Q_OBJECT

private slots:
  void contractMatchingRuleAndFigures() {
    const GeodeticPosition origin{34.05, -118.24, 180.0};
    const LocalEnuFrame frame(origin);
    const UtcNs t0 = 1'783'218'897'000'000'000;
    ScenarioTruth truth;
    auto event = [&](const char *id, IncidentClass c, Eigen::Vector3d enu, UtcNs first, UtcNs last,
                     int rounds) {
      TruthEvent e;
      e.id = id;
      e.eventClass = c;
      e.rounds = rounds;
      e.time_utc_ns = first;
      e.shot_times_utc_ns = {first, last};
      e.position = frame.toGeodetic(enu);
      truth.events.push_back(e);
    };
    event("E1", IncidentClass::Gunfire, {0, 0, 0}, t0, t0 + 500'000'000, 3);
    event("E2", IncidentClass::Gunfire, {1000, 0, 0}, t0 + 10'000'000'000, t0 + 10'000'000'000, 1);
    event("E3", IncidentClass::Fireworks, {-500, 300, 0}, t0 + 20'000'000'000, t0 + 22'000'000'000,
          20);
    IncidentsFile file;
    auto incident = [&](const char *id, IncidentClass c, Eigen::Vector3d enu, UtcNs t,
                        double radius, int rounds) {
      Incident i;
      i.id = id;
      i.incidentClass = c;
      i.position = frame.toGeodetic(enu);
      i.time_utc_ns = t;
      i.horizontal_error_m = radius;
      i.rounds = rounds;
      file.incidents.push_back(i);
    };
    incident("I1", IncidentClass::Gunfire, {3, 4, 0}, t0 + 1'900'000'000, 6.0, 3); // 5 m, in time
    // E2: right place but 1.6 s before the shot: outside the rule, a false incident.
    incident("I2", IncidentClass::Gunfire, {1000, 0, 0}, t0 + 8'400'000'000, 2.0, 1);
    // E3: 300 m off (inside 400 m), radius too small, class other.
    incident("I3", IncidentClass::Other, {-500, 0, 0}, t0 + 21'000'000'000, 10.0, 18);
    const EvaluationReport r = evaluateIncidents(truth, file, 3600.0);
    QCOMPARE(r.events, 3);
    QCOMPARE(r.gunfire_events, 2);
    QVERIFY(std::abs(r.gunfire_recall - 0.5) < 1e-12);
    QVERIFY(std::abs(r.gunfire_precision - 0.5) < 1e-12);
    QVERIFY(std::abs(r.location_recall - 2.0 / 3.0) < 1e-12);
    QCOMPARE(r.false_incidents, 1);
    QVERIFY(std::abs(r.false_incidents_per_hour - 1.0) < 1e-12);
    QCOMPARE(r.gunfire_error.count, 1);
    QVERIFY(std::abs(r.gunfire_error.median_m - 5.0) < 0.01);
    QVERIFY(std::abs(r.all_error.max_m - 300.0) < 0.05);
    QVERIFY(std::abs(r.radius_coverage - 0.5) < 1e-12);
    QVERIFY(std::abs(r.gunfire_rounds_exact - 1.0) < 1e-12);
    QVERIFY(std::abs(r.rounds_exact - 0.5) < 1e-12);
    QVERIFY(!r.matches[1].incident_index.has_value());

    // Confusion: E1 gunfire→gunfire, E2 gunfire missed, E3 fireworks→other; I2 a false
    // incident claiming gunfire.
    QCOMPARE(r.confusion[0][0], 1);
    QCOMPARE(r.confusion[0][EvaluationReport::kMissed], 1);
    QCOMPARE(r.confusion[1][2], 1);
    QCOMPARE(r.confusion[1][1], 0);
    QCOMPARE(r.false_by_class[0], 1);
    QVERIFY(std::abs(r.located_gunfire_recall - 1.0) < 1e-12);
    QVERIFY(std::abs(r.non_gunfire_called_gunfire - 0.0) < 1e-12);
    int calls = 0;
    for (const ReliabilityBin &bin : r.calibration.bins) {
      calls += bin.count;
    }
    QCOMPARE(calls, 2); // the two located events
    const std::string text = formatEvaluationReport(r);
    QVERIFY(text.find("confusion") != std::string::npos);
    QVERIFY(text.find("ECE") != std::string::npos);
  }

  void callCalibrationBinsAndEce() {
    // 10 calls at 0.95 of which 9 right (|0.9 - 0.95| = 0.05), 10 at 0.55 of which 5
    // right (0.05): ECE 0.05; bins [0.9, 1.0] and [0.5, 0.6].
    std::vector<double> confidence;
    std::vector<bool> correct;
    for (int i = 0; i < 10; ++i) {
      confidence.push_back(0.95);
      correct.push_back(i < 9);
      confidence.push_back(0.55);
      correct.push_back(i < 5);
    }
    confidence.push_back(1.0); // the top edge belongs to the last bin
    correct.push_back(true);
    const CalibrationReport c = callCalibration(confidence, correct);
    QCOMPARE(int(c.bins.size()), 10);
    QCOMPARE(c.bins[9].count, 11);
    QCOMPARE(c.bins[5].count, 10);
    QVERIFY(std::abs(c.bins[5].accuracy - 0.5) < 1e-12);
    const double expected = (11.0 * std::abs(10.0 / 11 - (9.5 + 1.0) / 11) + 10.0 * 0.05) / 21.0;
    QVERIFY(std::abs(c.ece - expected) < 1e-12);
    QCOMPARE(callCalibration({}, {}).ece, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "TestEvaluation.moc"
