#include "SyntheticNetwork.h"
#include "locate/HypothesisScorer.h"
#include "locate/TdoaSolver.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

using namespace salvo;
using namespace salvo::testing;

namespace {

struct Trial {
  double horizontalError_m;
  double radius_m;
};

// One located shot: layout, priors and the truth drawn consistently with each other.
Trial runTrial(std::mt19937_64 &rng, int sensors, double noise_s, TdoaSolverOptions options) {
  SyntheticWorld world = randomNetwork(rng, sensors, 900.0, 150.0);
  std::normal_distribution<double> unit(0.0, 1.0);
  world.speed_mps = options.speed_of_sound_mps + options.speed_sigma_mps * unit(rng);
  world.wind_mps = Eigen::Vector2d(unit(rng), unit(rng)) * options.wind_sigma_mps;
  std::uniform_real_distribution<double> xy(-300.0, 300.0);
  const Eigen::Vector3d source(xy(rng), xy(rng),
                               options.source_height_m + options.source_height_sigma_m * unit(rng));
  options.timing_sigma_s = noise_s;
  const auto arrivals = arrivalsFor(world, source, 12.5, noise_s, rng);
  const TdoaSolution solution = TdoaSolver(options).solve(arrivals);
  if (!solution.valid) {
    return {1e9, 0.0};
  }
  return {(solution.position_enu_m - source).head<2>().norm(), solution.horizontal_error_95_m};
}

} // namespace

class TestTdoaSolver : public QObject {
  Q_OBJECT

private slots:
  void exactDataGiveExactAnswerIn3D() {
    std::mt19937_64 rng(7);
    SyntheticWorld world = randomNetwork(rng, 8, 800.0, 150.0);
    const Eigen::Vector3d source(55.0, -120.0, 40.0);
    const auto arrivals = arrivalsFor(world, source, 100.0, 0.0, rng);
    TdoaSolverOptions options;
    options.wind_sigma_mps = 0.0;
    options.source_height_m = 0.0; // prior 40 m away: the data must override it
    TdoaSolution s = TdoaSolver(options).solve(arrivals);
    QVERIFY(s.valid);
    QVERIFY2((s.position_enu_m - source).norm() < 0.1,
             qPrintable(QStringLiteral("err %1").arg((s.position_enu_m - source).norm())));
    QVERIFY(std::abs(s.emission_s - 100.0) < 2e-4);
    QVERIFY(std::abs(s.speed_of_sound_mps - 343.0) < 0.2);
    QVERIFY(s.height_from_data);
    QVERIFY(s.rms_residual_s < 2e-5);
  }

  void closedFormRecoversSourceFromMinimalSets() {
    std::mt19937_64 rng(11);
    SyntheticWorld world = randomNetwork(rng, 4, 600.0, 0.0);
    const Eigen::Vector3d source(-80.0, 95.0, 0.0);
    const auto arrivals = arrivalsFor(world, source, 3.0, 0.0, rng);
    std::array<TdoaSolver::Candidate, 2> out{};
    // 2.5D from three sensors: one of the (up to) two roots is the source.
    const int n = TdoaSolver::closedForm(std::span(arrivals).first(3), 343.0, true, 0.0, out);
    QVERIFY(n >= 1);
    double best = 1e9;
    for (int i = 0; i < n; ++i) {
      best = std::min(best, (out[i].position_enu_m - source).norm());
    }
    QVERIFY2(best < 1e-3, qPrintable(QString::number(best)));
  }

  // The fixed-size minimal path (three arrivals) and the general least-squares path agree:
  // a fourth arrival consistent with the source changes nothing on exact data.
  void minimalClosedFormAgreesWithGeneralPath() {
    std::mt19937_64 rng(19);
    for (int trial = 0; trial < 50; ++trial) {
      SyntheticWorld world = randomNetwork(rng, 4, 700.0, 0.0);
      std::uniform_real_distribution<double> xy(-400.0, 400.0);
      const Eigen::Vector3d source(xy(rng), xy(rng), 0.0);
      const auto arrivals = arrivalsFor(world, source, 1.0, 0.0, rng);
      std::array<TdoaSolver::Candidate, 2> three{};
      std::array<TdoaSolver::Candidate, 2> four{};
      const int n3 = TdoaSolver::closedForm(std::span(arrivals).first(3), 343.0, true, 0.0, three);
      const int n4 = TdoaSolver::closedForm(arrivals, 343.0, true, 0.0, four);
      QVERIFY(n4 >= 1);
      double best3 = 1e9;
      double best4 = 1e9;
      for (int i = 0; i < n3; ++i) {
        best3 = std::min(best3, (three[i].position_enu_m - source).norm());
      }
      for (int i = 0; i < n4; ++i) {
        best4 = std::min(best4, (four[i].position_enu_m - source).norm());
      }
      QVERIFY2(best4 < 1e-3, qPrintable(QString::number(best4)));
      // Three sensors can be degenerate (nearly collinear); when not, exact as well.
      QVERIFY2(n3 == 0 || best3 < 1e-3 || best3 > 1.0, qPrintable(QString::number(best3)));
    }
    // Collinear sensors with equal arrivals: singular, no candidate and no NaN.
    const std::array<TdoaArrival, 3> line{TdoaArrival{{0.0, 0.0, 0.0}, 0.0, 0.0},
                                          TdoaArrival{{100.0, 0.0, 0.0}, 0.0, 0.0},
                                          TdoaArrival{{200.0, 0.0, 0.0}, 0.0, 0.0}};
    std::array<TdoaSolver::Candidate, 2> out{};
    const int n = TdoaSolver::closedForm(line, 343.0, true, 0.0, out);
    for (int i = 0; i < n; ++i) {
      QVERIFY(out[i].position_enu_m.allFinite());
    }
  }

  // The bucketed scorer gives exactly the score of a plain nearest-candidate search,
  // including predictions just inside and outside the tolerance of a candidate.
  void hypothesisScorerMatchesBruteForce() {
    std::mt19937_64 rng(23);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    long hits = 0;
    for (int trial = 0; trial < 2000; ++trial) {
      const double tolerance_s = 0.001 + 0.05 * std::abs(u(rng));
      HypothesisScorer scorer(tolerance_s);
      std::vector<std::vector<double>> lanes(1 + rng() % 4);
      for (auto &times : lanes) {
        times.resize(rng() % 12);
        for (double &t : times) {
          t = u(rng);
        }
        std::sort(times.begin(), times.end());
        scorer.addSensor(Eigen::Vector3d::Zero(), times);
      }
      for (int q = 0; q < 20; ++q) {
        double t = 1.2 * u(rng);
        const auto &some = lanes[rng() % lanes.size()];
        if (q % 3 == 0 && !some.empty()) {
          t = some[rng() % some.size()] + (q % 2 == 0 ? tolerance_s : -0.999999 * tolerance_s);
        }
        double expected = 0.0;
        for (const auto &times : lanes) {
          double error = std::numeric_limits<double>::infinity();
          for (const double x : times) {
            error = std::min(error, std::abs(x - t));
          }
          if (error <= tolerance_s) {
            expected += 1.0 - (error / tolerance_s) * (error / tolerance_s);
            ++hits;
          }
        }
        // A sensor at the hypothesis: the prediction is the emission time itself.
        QCOMPARE(scorer.score(Eigen::Vector3d::Zero(), t, 343.0, -1e9), expected);
      }
    }
    QVERIFY(hits > 1000);
  }

  // Scoring the lanes a hypothesis was fitted to last gives the plain score bit for bit,
  // and gives up (-infinity) exactly when the plain score falls short of the bar.
  void hypothesisScorerWithFittedLanesMatchesPlainScore() {
    std::mt19937_64 rng(31);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    long kept = 0;
    long cut = 0;
    for (int trial = 0; trial < 500; ++trial) {
      HypothesisScorer scorer(0.008);
      const std::size_t lanes = 3 + rng() % 14;
      for (std::size_t k = 0; k < lanes; ++k) {
        std::vector<double> times(rng() % 40);
        for (double &t : times) {
          t = 0.3 * u(rng);
        }
        std::sort(times.begin(), times.end());
        scorer.addSensor(Eigen::Vector3d(400.0 * u(rng), 400.0 * u(rng), 20.0 * u(rng)), times);
      }
      std::array<std::size_t, 3> fitted{0, 1 + rng() % (lanes - 1), 0};
      do {
        fitted[2] = 1 + rng() % (lanes - 1);
      } while (fitted[2] == fitted[1]);
      for (int q = 0; q < 50; ++q) {
        const Eigen::Vector3d p(300.0 * u(rng), 300.0 * u(rng), 0.0);
        const double emission_s = -0.5 + 0.2 * u(rng);
        const double bar = static_cast<double>(rng() % lanes);
        const double plain = scorer.score(p, emission_s, 343.0, bar);
        const double lastFitted = scorer.score(p, emission_s, 343.0, bar, fitted);
        // Exact equality (QCOMPARE on doubles is fuzzy); -inf == -inf.
        QVERIFY2(lastFitted == plain,
                 qPrintable(QStringLiteral("%1 vs %2").arg(lastFitted, 0, 'g', 17).arg(plain)));
        (std::isfinite(plain) ? kept : cut) += 1;
      }
    }
    QVERIFY(kept > 1000 && cut > 1000);
  }

  void windAndSpeedAreEstimatedWithManySensors() {
    std::mt19937_64 rng(3);
    SyntheticWorld world = randomNetwork(rng, 16, 1200.0, 150.0);
    world.speed_mps = 339.0;
    world.wind_mps = {4.0, -3.0};
    const Eigen::Vector3d source(10.0, 30.0, 20.0);
    const auto arrivals = arrivalsFor(world, source, 0.0, 0.0, rng);
    TdoaSolverOptions options;
    options.speed_of_sound_mps = 343.0; // weather feed 4 m/s (about 7 °C) off
    options.source_height_m = 20.0;
    const TdoaSolution s = TdoaSolver(options).solve(arrivals);
    QVERIFY(s.valid);
    QVERIFY2((s.position_enu_m - source).head<2>().norm() < 0.3,
             qPrintable(QString::number((s.position_enu_m - source).head<2>().norm())));
    QVERIFY(std::abs(s.speed_of_sound_mps - 339.0) < 0.3);
    QVERIFY((s.wind_mps - world.wind_mps).norm() < 0.5);
  }

  void radiusHoldsTheTruthAbout95Percent_data() {
    QTest::addColumn<int>("sensors");
    QTest::addColumn<double>("noise");
    QTest::newRow("4 sensors 0.25 ms") << 4 << 0.25e-3;
    QTest::newRow("6 sensors 0.25 ms") << 6 << 0.25e-3;
    QTest::newRow("10 sensors 0.1 ms") << 10 << 0.1e-3;
    QTest::newRow("16 sensors 0.5 ms") << 16 << 0.5e-3;
  }
  void radiusHoldsTheTruthAbout95Percent() {
    QFETCH(int, sensors);
    QFETCH(double, noise);
    std::mt19937_64 rng(1000 + sensors);
    const int trials = 400;
    int held = 0;
    std::vector<double> errors;
    for (int t = 0; t < trials; ++t) {
      const Trial trial = runTrial(rng, sensors, noise, TdoaSolverOptions{});
      held += trial.horizontalError_m <= trial.radius_m ? 1 : 0;
      errors.push_back(trial.horizontalError_m);
    }
    std::sort(errors.begin(), errors.end());
    const double coverage = static_cast<double>(held) / trials;
    const QString figures = QStringLiteral("coverage %1 median %2 m p90 %3 m")
                                .arg(coverage)
                                .arg(errors[trials / 2])
                                .arg(errors[trials * 9 / 10]);
    qInfo("%s", qPrintable(figures));
    QVERIFY2(coverage >= 0.90 && coverage <= 0.985, qPrintable(figures));
  }

  void hillyCitySixSensorsLocateWithinTargets_data() {
    QTest::addColumn<int>("sensors");
    QTest::newRow("5 sensors") << 5;
    QTest::newRow("6 sensors") << 6;
  }
  void hillyCitySixSensorsLocateWithinTargets() {
    QFETCH(int, sensors);
    std::mt19937_64 rng(4242 + sensors);
    const int trials = 400;
    std::vector<double> errors;
    int held = 0;
    for (int t = 0; t < trials; ++t) {
      const HillyShot shot = hillyShot(rng, sensors);
      const TdoaSolution s = TdoaSolver(shot.options).solve(shot.arrivals);
      const double error = s.valid ? (s.position_enu_m - shot.source).head<2>().norm() : 1e9;
      errors.push_back(error);
      held += error <= s.horizontal_error_95_m ? 1 : 0;
    }
    std::sort(errors.begin(), errors.end());
    const double within25 =
        static_cast<double>(std::lower_bound(errors.begin(), errors.end(), 25.0) - errors.begin()) /
        trials;
    const QString figures = QStringLiteral("median %1 m p90 %2 m within 25 m %3 coverage %4")
                                .arg(errors[trials / 2])
                                .arg(errors[trials * 9 / 10])
                                .arg(within25)
                                .arg(static_cast<double>(held) / trials);
    qInfo("%s", qPrintable(figures));
    // The held-out targets (median <= 5 m, 99 % within 25 m) with the solver alone, and an
    // honest radius: these onsets follow the timing model, so ~95 % must hold.
    QVERIFY2(errors[trials / 2] <= 5.0 && within25 >= 0.99, qPrintable(figures));
    const double coverage = static_cast<double>(held) / trials;
    QVERIFY2(coverage >= 0.90 && coverage <= 0.985, qPrintable(figures));
  }

  void oneLateArrivalIsLeftOut() {
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int trials = 200;
    int found = 0, falseDrops = 0;
    std::vector<double> errors;
    for (int t = 0; t < trials; ++t) {
      HillyShot shot = hillyShot(rng, 6 + t % 3);
      const TdoaSolver solver(shot.options);
      falseDrops += solver.solve(shot.arrivals).dropped_arrival >= 0 ? 1 : 0;
      // A blocked direct path: the first pulse heard is a reflection 2-30 ms later.
      const auto late = static_cast<std::size_t>(t) % shot.arrivals.size();
      shot.arrivals[late].arrival_s += 0.002 + 0.028 * unit(rng);
      const TdoaSolution s = solver.solve(shot.arrivals);
      found += s.dropped_arrival == static_cast<int>(late) ? 1 : 0;
      errors.push_back(s.valid ? (s.position_enu_m - shot.source).head<2>().norm() : 1e9);
    }
    std::sort(errors.begin(), errors.end());
    const QString figures = QStringLiteral("late found %1/%2, clean data dropped %3, median %4 m "
                                           "p90 %5 m")
                                .arg(found)
                                .arg(trials)
                                .arg(falseDrops)
                                .arg(errors[trials / 2])
                                .arg(errors[trials * 9 / 10]);
    qInfo("%s", qPrintable(figures));
    // Measured 137/200 found, 1 clean drop, median 1.8 m, p90 6.9 m (without the search:
    // none found, median 5.4 m, p90 24 m). Not all are found: with 6 sensors and 7 unknowns
    // a few ms can still be bent into the air; the error is what matters.
    QVERIFY2(found >= trials * 6 / 10, qPrintable(figures));
    QVERIFY2(falseDrops <= trials / 50, qPrintable(figures));
    QVERIFY2(errors[trials / 2] <= 3.0 && errors[trials * 9 / 10] <= 10.0, qPrintable(figures));
  }

  void onsetSigmaFollowsSnrAndSampleRate() {
    const double rise_s = 0.25e-3;
    // Coarser sampling, coarser onset; more noise, more jitter; never below the
    // refinement's fraction of a sample.
    QVERIFY(onsetTimingSigma_s(30.0, 12000.0, rise_s) > onsetTimingSigma_s(30.0, 48000.0, rise_s));
    QVERIFY(onsetTimingSigma_s(10.0, 16000.0, rise_s) > onsetTimingSigma_s(30.0, 16000.0, rise_s));
    QVERIFY(onsetTimingSigma_s(80.0, 12000.0, rise_s) >= 0.1 / 12000.0);
    // At 10 dB the jitter term (rise / amplitude SNR) dominates: 0.25 ms / 3.16.
    QVERIFY(std::abs(onsetTimingSigma_s(10.0, 48000.0, rise_s) - rise_s / std::sqrt(10.0)) <
            0.15 * rise_s / std::sqrt(10.0));
  }

  void errorRadiusOfKnownShapes() {
    // Circular: sqrt(chi2(2, 0.95)) sigma = 2.4477 sigma.
    QVERIFY(std::abs(circularErrorRadius(Eigen::Matrix2d::Identity() * 4.0) - 2 * 2.44775) < 1e-3);
    // Degenerate line: the 1D 95 % point, 1.96 sigma.
    Eigen::Matrix2d line = Eigen::Matrix2d::Zero();
    line(0, 0) = 9.0;
    QVERIFY(std::abs(circularErrorRadius(line) - 3 * 1.95996) < 1e-3);
  }
};

QTEST_GUILESS_MAIN(TestTdoaSolver)
#include "TestTdoaSolver.moc"
