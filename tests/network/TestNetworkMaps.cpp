// Physics of the coverage and accuracy maps: symmetry, monotonicity, the Poisson-binomial
// count, the Cramér–Rao bound against a Monte Carlo of the project's TDOA solver, and
// the next-site suggestion against a full recompute.
#include "locate/TdoaSolver.h"
#include "network/NetworkMaps.h"
#include "network/SiteSuggester.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace salvo;
using namespace salvo::network;

namespace {

const GeodeticPosition kOrigin{41.8781, -87.6298, 180.0};

std::vector<NetworkSensor> sensorsAt(const std::vector<Eigen::Vector3d> &enu) {
  const LocalEnuFrame frame(kOrigin);
  std::vector<NetworkSensor> sensors;
  for (std::size_t i = 0; i < enu.size(); ++i) {
    NetworkSensor s;
    s.id = "S" + std::to_string(i + 1);
    s.position = frame.toGeodetic(enu[i]);
    sensors.push_back(s);
  }
  return sensors;
}

double percentile95(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(0.95 * static_cast<double>(values.size() - 1))];
}

} // namespace

class TestNetworkMaps : public QObject {
  Q_OBJECT

private slots:
  void symmetricSquareGivesSymmetricMaps() {
    const auto sensors =
        sensorsAt({{-400, -400, 6}, {400, -400, 6}, {400, 400, 6}, {-400, 400, 6}});
    const GridSpec grid = gridCentredOn(kOrigin, 20.0, 100, 100);
    const NetworkMaps maps = computeNetworkMaps(sensors, grid);
    int compared = 0;
    for (int row = 0; row < grid.rows; ++row) {
      for (int col = 0; col < grid.cols; ++col) {
        const std::size_t i = grid.index(col, row);
        // Mirror east-west, north-south and across the diagonal.
        for (const std::size_t j : {grid.index(grid.cols - 1 - col, row),
                                    grid.index(col, grid.rows - 1 - row), grid.index(row, col)}) {
          QVERIFY(std::abs(maps.coverage.p3[i] - maps.coverage.p3[j]) < 2e-3f);
          QVERIFY(std::abs(maps.coverage.p4[i] - maps.coverage.p4[j]) < 2e-3f);
          const float a = maps.accuracy.error95_m[i];
          const float b = maps.accuracy.error95_m[j];
          if (std::isfinite(a) && std::isfinite(b)) {
            QVERIFY2(std::abs(a - b) <= 0.01f * std::max(a, b) + 1e-3f,
                     qPrintable(QString("%1 vs %2").arg(a).arg(b)));
            ++compared;
          }
        }
      }
    }
    QVERIFY(compared > 1000);
    // The centre is covered by all four; far outside by none.
    QVERIFY(maps.coverage.p4[grid.index(50, 50)] > 0.9f);
    QVERIFY(maps.coverage.p3[grid.index(0, 0)] < maps.coverage.p3[grid.index(50, 50)]);
  }

  void removingASensorNeverIncreasesCoverage() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> xy(-900, 900);
    std::vector<Eigen::Vector3d> enu;
    for (int i = 0; i < 9; ++i) {
      enu.emplace_back(xy(rng), xy(rng), 8.0);
    }
    auto sensors = sensorsAt(enu);
    sensors[2].noise_floor_db_spl = 65.0; // a noisy site too
    const GridSpec grid = gridCentredOn(kOrigin, 25.0, 120, 120);
    const NetworkMaps all = computeNetworkMaps(sensors, grid);
    for (std::size_t drop = 0; drop < sensors.size(); ++drop) {
      auto fewer = sensors;
      fewer[drop].status = SensorStatus::Offline; // offline must count as removed
      const NetworkMaps less = computeNetworkMaps(fewer, grid);
      double lost = 0.0;
      for (std::size_t i = 0; i < grid.cellCount(); ++i) {
        QVERIFY(less.coverage.p3[i] <= all.coverage.p3[i] + 1e-6f);
        QVERIFY(less.coverage.p4[i] <= all.coverage.p4[i] + 1e-6f);
        lost += all.coverage.p3[i] - less.coverage.p3[i];
      }
      QVERIFY2(lost > 0.0, "every sensor of this network covers something");
    }
  }

  void poissonBinomialMatchesEnumeration() {
    const std::vector<double> p{0.9, 0.2, 0.55, 0.7, 0.05, 1.0};
    std::array<double, 5> q{1, 0, 0, 0, 0};
    for (double pi : p) {
      addDetector(q, pi);
    }
    std::array<double, 7> exact{};
    for (unsigned mask = 0; mask < (1u << p.size()); ++mask) {
      double prob = 1.0;
      int count = 0;
      for (std::size_t k = 0; k < p.size(); ++k) {
        const bool on = (mask >> k) & 1u;
        prob *= on ? p[k] : 1.0 - p[k];
        count += on;
      }
      exact[static_cast<std::size_t>(count)] += prob;
    }
    for (int k = 0; k < 4; ++k) {
      QVERIFY(std::abs(q[static_cast<std::size_t>(k)] - exact[static_cast<std::size_t>(k)]) <
              1e-12);
    }
    QVERIFY(std::abs(q[4] - (exact[4] + exact[5] + exact[6])) < 1e-12);
  }

  void detectionFallsWithDistanceAndUsesIsoAbsorption() {
    DetectionModelOptions options;
    options.excess_attenuation_db_per_km = 0.0;
    // 150 dB at 1 m; at 1 km spherical spreading takes 60 dB and ISO 9613-1 at 1 kHz,
    // 15 °C, 60 % RH about 4.6 dB/km (ISO 9613-1 Table 1 gives 4.4 at 50 %, 5.0 at 70 %... ).
    const double level = shotLevel_db_spl(options, 1000.0);
    QVERIFY2(level < 90.0 - 3.5 && level > 90.0 - 6.5, qPrintable(QString::number(level)));
    const DetectionTable table(options, 55.0);
    double last = 1.0;
    for (double d = 1.0; d < table.range_m(); d += 7.3) {
      const double p = table.probability(d);
      QVERIFY(p <= last + 1e-12);
      QVERIFY(std::abs(p - detectionProbability(options, 55.0, d)) < 2e-3);
      last = p;
    }
    QCOMPARE(table.probability(table.range_m() + 10.0), 0.0);
  }

  void boundMatchesSolverMonteCarlo() {
    const std::vector<Eigen::Vector3d> sensors{
        {-350, -300, 6}, {420, -260, 9}, {380, 410, 5}, {-300, 380, 12}, {30, 40, 7}};
    AccuracyModelOptions accuracy;
    accuracy.timing_sigma_s = 0.25e-3;
    accuracy.speed_of_sound_mps = 343.0;
    // The solver with the unknowns the bound has (position, emission time): speed of
    // sound, wind and source height pinned by tight priors.
    TdoaSolverOptions solverOptions;
    solverOptions.speed_of_sound_mps = 343.0;
    solverOptions.speed_sigma_mps = 1e-4;
    solverOptions.wind_sigma_mps = 0.0;
    solverOptions.source_height_m = 0.0;
    solverOptions.source_height_sigma_m = 1e-3;
    solverOptions.timing_sigma_s = accuracy.timing_sigma_s;
    const TdoaSolver solver(solverOptions);
    std::mt19937_64 rng(11);
    std::normal_distribution<double> noise(0.0, accuracy.timing_sigma_s);
    for (const Eigen::Vector2d &source :
         {Eigen::Vector2d(60, -40), Eigen::Vector2d(300, 250), Eigen::Vector2d(-700, 100)}) {
      const double bound = crbError95_m(source, sensors, accuracy);
      std::vector<double> errors;
      for (int trial = 0; trial < 600; ++trial) {
        std::vector<TdoaArrival> arrivals;
        for (const Eigen::Vector3d &s : sensors) {
          TdoaArrival a;
          a.sensor_enu_m = s;
          a.arrival_s =
              (s - Eigen::Vector3d(source.x(), source.y(), 0.0)).norm() / 343.0 + noise(rng);
          arrivals.push_back(a);
        }
        const TdoaSolution solution = solver.solve(arrivals);
        QVERIFY(solution.valid);
        errors.push_back((solution.position_enu_m.head<2>() - source).norm());
      }
      const double measured = percentile95(errors);
      qInfo("source (%.0f, %.0f): CRB 95%% %.3f m, solver Monte Carlo 95%% %.3f m", source.x(),
            source.y(), bound, measured);
      QVERIFY2(std::abs(measured - bound) <= 0.2 * bound,
               qPrintable(QString("bound %1 m, Monte Carlo %2 m").arg(bound).arg(measured)));
    }
  }

  void suggestedSiteGainMatchesRecompute() {
    const auto sensors = sensorsAt({{-400, 0, 6}, {400, 0, 6}, {0, 500, 6}, {0, -500, 6}});
    const GridSpec grid = gridCentredOn(kOrigin, 20.0, 150, 150);
    const NetworkMapOptions options;
    const NetworkMaps before = computeNetworkMaps(sensors, grid, options);
    const auto suggestions = suggestSites(before.coverage, options.detection);
    QVERIFY(!suggestions.empty());
    QVERIFY(suggestions.front().gained_area_m2 > 0.0);
    auto more = sensors;
    NetworkSensor added;
    added.id = "NEW";
    added.status = SensorStatus::Proposed;
    added.position = suggestions.front().position;
    more.push_back(added);
    const NetworkMaps after = computeNetworkMaps(more, grid, options);
    const double gain = after.coverage.expectedArea_m2() - before.coverage.expectedArea_m2();
    QVERIFY2(std::abs(gain - suggestions.front().gained_area_m2) < 0.03 * gain,
             qPrintable(QString("%1 vs %2").arg(gain).arg(suggestions.front().gained_area_m2)));
    // And it is better than a site at the centre of the existing network.
    for (std::size_t k = 1; k < suggestions.size(); ++k) {
      QVERIFY(suggestions[k].gained_area_m2 <= suggestions.front().gained_area_m2);
    }
  }

  void accuracyIsUndefinedWithoutThreeDetections() {
    const auto sensors = sensorsAt({{-100, 0, 6}, {100, 0, 6}});
    const GridSpec grid = gridCentredOn(kOrigin, 50.0, 20, 20);
    const NetworkMaps maps = computeNetworkMaps(sensors, grid);
    for (std::size_t i = 0; i < grid.cellCount(); ++i) {
      QCOMPARE(maps.coverage.p3[i], 0.0f);
      QVERIFY(std::isnan(maps.accuracy.error95_m[i]));
    }
  }
};

QTEST_GUILESS_MAIN(TestNetworkMaps)
#include "TestNetworkMaps.moc"
