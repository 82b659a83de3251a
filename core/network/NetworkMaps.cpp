#include "network/NetworkMaps.h"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <thread>

namespace salvo::network {
namespace {

constexpr float kNoFix = std::numeric_limits<float>::quiet_NaN();

// Radius of the centred circle holding 95 % of a 2D Gaussian with standard deviations 1
// and rho (rho = 0..1 in 32 steps): the values of locate's circularErrorRadius(), whose
// own 257-entry table costs seconds to build on a loaded machine on first use. Linear
// interpolation between these is within 0.1 % of it.
constexpr std::array<double, 33> kRadius95{
    1.959959, 1.960213, 1.960963, 1.962217, 1.963986, 1.966280, 1.969117, 1.972516, 1.976505,
    1.981115, 1.986387, 1.992370, 1.999124, 2.006731, 2.015295, 2.024949, 2.035859, 2.048208,
    2.062178, 2.077929, 2.095579, 2.115194, 2.136791, 2.160346, 2.185802, 2.213081, 2.242096,
    2.272754, 2.304967, 2.338648, 2.373719, 2.410107, 2.447747};

double radius95_m(const Eigen::Matrix2d &covariance) {
  const double tr = covariance.trace();
  const double det = covariance.determinant();
  const double disc = std::sqrt(std::max(0.0, tr * tr / 4.0 - det));
  const double l1 = std::max(tr / 2.0 + disc, 0.0);
  const double l2 = std::max(tr / 2.0 - disc, 0.0);
  if (l1 <= 0.0) {
    return 0.0;
  }
  const double pos = std::sqrt(l2 / l1) * 32.0;
  const int i = std::min(static_cast<int>(pos), 31);
  const double f = pos - i;
  return std::sqrt(l1) * (kRadius95[static_cast<std::size_t>(i)] * (1.0 - f) +
                          kRadius95[static_cast<std::size_t>(i) + 1] * f);
}

struct PlacedSensor {
  Eigen::Vector3d enu_m;
  const DetectionTable *table = nullptr;
  double range2_m2 = 0.0;
};

// The listening sensors in the grid's frame, sharing one table per distinct noise floor.
struct PlacedNetwork {
  std::vector<PlacedSensor> sensors;
  std::map<double, std::unique_ptr<DetectionTable>> tables;
};

PlacedNetwork place(std::span<const NetworkSensor> sensors, const GridSpec &grid,
                    const DetectionModelOptions &detection) {
  PlacedNetwork network;
  const LocalEnuFrame frame(grid.origin);
  for (const NetworkSensor &s : sensors) {
    if (!isListening(s) || !isValidGeodetic(s.position)) {
      continue;
    }
    const double floor =
        std::isfinite(s.noise_floor_db_spl) ? s.noise_floor_db_spl : detection.noise_floor_db_spl;
    auto &table = network.tables[floor];
    if (!table) {
      table = std::make_unique<DetectionTable>(detection, floor);
    }
    PlacedSensor placed;
    placed.enu_m = frame.toEnu(s.position);
    placed.table = table.get();
    placed.range2_m2 = table->range_m() * table->range_m();
    network.sensors.push_back(placed);
  }
  return network;
}

// Fisher information of (east, north, t0) summed over sensors, in seconds.
struct Fisher {
  double xx = 0, xy = 0, yy = 0, x = 0, y = 0, one = 0;
  void add(double w, double gx, double gy) {
    xx += w * gx * gx;
    xy += w * gx * gy;
    yy += w * gy * gy;
    x += w * gx;
    y += w * gy;
    one += w;
  }
  // 95 % radius of the position block of the inverse, NaN when singular.
  double error95_m(double sigma_s) const {
    if (one <= 0.0) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    // Schur complement: eliminating t0 leaves the position information.
    Eigen::Matrix2d info;
    info << xx - x * x / one, xy - x * y / one, xy - x * y / one, yy - y * y / one;
    info /= sigma_s * sigma_s;
    const double det = info.determinant();
    if (!(det > 1e-12 * info.trace() * info.trace())) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return radius95_m(info.inverse());
  }
};

void computeRows(const PlacedNetwork &network, const NetworkMapOptions &options, int rowBegin,
                 int rowEnd, NetworkMaps &maps) {
  const GridSpec &grid = maps.coverage.grid;
  const double c = options.accuracy.speed_of_sound_mps;
  for (int row = rowBegin; row < rowEnd; ++row) {
    for (int col = 0; col < grid.cols; ++col) {
      const Eigen::Vector2d centre = grid.cellCentre_m(col, row);
      std::array<double, 5> q{1.0, 0.0, 0.0, 0.0, 0.0};
      Fisher fisher;
      for (const PlacedSensor &s : network.sensors) {
        const double dx = centre.x() - s.enu_m.x();
        const double dy = centre.y() - s.enu_m.y();
        const double d2 = dx * dx + dy * dy + s.enu_m.z() * s.enu_m.z();
        if (d2 >= s.range2_m2) {
          continue;
        }
        const double d = std::sqrt(d2);
        const double p = s.table->probability(d);
        if (p <= 0.0) {
          continue;
        }
        addDetector(q, p);
        const double cd = c * std::max(d, 1e-3);
        fisher.add(p, dx / cd, dy / cd);
      }
      const std::size_t i = grid.index(col, row);
      const double p3 = q[3] + q[4];
      maps.coverage.p3[i] = static_cast<float>(p3);
      maps.coverage.p4[i] = static_cast<float>(q[4]);
      maps.coverage.distribution[i] = {static_cast<float>(q[0]), static_cast<float>(q[1]),
                                       static_cast<float>(q[2]), static_cast<float>(q[3])};
      maps.accuracy.error95_m[i] =
          p3 >= options.accuracy.min_p3
              ? static_cast<float>(fisher.error95_m(options.accuracy.timing_sigma_s))
              : kNoFix;
    }
  }
}

} // namespace

double CoverageGrid::coveredArea_m2(double threshold) const {
  const auto n = std::count_if(p3.begin(), p3.end(), [&](float p) { return p >= threshold; });
  return static_cast<double>(n) * grid.cellArea_m2();
}

double CoverageGrid::expectedArea_m2() const {
  double sum = 0.0;
  for (float p : p3) {
    sum += p;
  }
  return sum * grid.cellArea_m2();
}

NetworkMaps computeNetworkMaps(std::span<const NetworkSensor> sensors, const GridSpec &grid,
                               const NetworkMapOptions &options) {
  NetworkMaps maps;
  maps.coverage.grid = grid;
  maps.accuracy.grid = grid;
  maps.coverage.p3.assign(grid.cellCount(), 0.0f);
  maps.coverage.p4.assign(grid.cellCount(), 0.0f);
  maps.coverage.distribution.assign(grid.cellCount(), {1.0f, 0.0f, 0.0f, 0.0f});
  maps.accuracy.error95_m.assign(grid.cellCount(), kNoFix);
  const PlacedNetwork network = place(sensors, grid, options.detection);

  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, std::max(1, grid.rows));
  if (threads == 1) {
    computeRows(network, options, 0, grid.rows, maps);
    return maps;
  }
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    const int begin = grid.rows * t / threads;
    const int end = grid.rows * (t + 1) / threads;
    workers.emplace_back([&, begin, end] { computeRows(network, options, begin, end, maps); });
  }
  for (std::thread &w : workers) {
    w.join();
  }
  return maps;
}

double crbError95_m(const Eigen::Vector2d &source_m, std::span<const Eigen::Vector3d> sensors_m,
                    const AccuracyModelOptions &options) {
  Fisher fisher;
  for (const Eigen::Vector3d &s : sensors_m) {
    const Eigen::Vector3d delta(source_m.x() - s.x(), source_m.y() - s.y(), -s.z());
    const double cd = options.speed_of_sound_mps * std::max(delta.norm(), 1e-3);
    fisher.add(1.0, delta.x() / cd, delta.y() / cd);
  }
  return fisher.error95_m(options.timing_sigma_s);
}

} // namespace salvo::network
