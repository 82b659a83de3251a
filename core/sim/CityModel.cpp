#include "sim/CityModel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace salvo::sim {
namespace {

// Building corners in ENU (horizontal), counter-clockwise.
std::array<Eigen::Vector2d, 4> corners(const Building &b) {
  const Eigen::Vector2d c(b.center_east_m, b.center_north_m);
  const Eigen::Vector2d u(std::cos(b.yaw_rad), std::sin(b.yaw_rad));
  const Eigen::Vector2d v(-u.y(), u.x());
  return {
      c + u * b.half_length_m + v * b.half_width_m, c - u * b.half_length_m + v * b.half_width_m,
      c - u * b.half_length_m - v * b.half_width_m, c + u * b.half_length_m - v * b.half_width_m};
}

// Shortest horizontal way around the footprint on one side of the line a-b, lifted to 3D
// by the height difference of the ends: the path around a vertical edge.
double lateralPath(const Building &b, const Eigen::Vector3d &a, const Eigen::Vector3d &bEnd,
                   double side) {
  const Eigen::Vector2d a2 = a.head<2>();
  const Eigen::Vector2d b2 = bEnd.head<2>();
  const Eigen::Vector2d dir = (b2 - a2).normalized();
  const Eigen::Vector2d normal(-dir.y(), dir.x());
  std::vector<std::pair<double, Eigen::Vector2d>> chain;
  for (const auto &c : corners(b)) {
    if ((c - a2).dot(normal) * side > 0.0) {
      chain.emplace_back((c - a2).dot(dir), c);
    }
  }
  if (chain.empty()) {
    return std::numeric_limits<double>::infinity();
  }
  std::sort(chain.begin(), chain.end(),
            [](const auto &x, const auto &y) { return x.first < y.first; });
  double length = 0.0;
  Eigen::Vector2d previous = a2;
  for (const auto &[along, corner] : chain) {
    length += (corner - previous).norm();
    previous = corner;
  }
  length += (b2 - previous).norm();
  const double dz = bEnd.z() - a.z();
  return std::sqrt(length * length + dz * dz);
}

// Buildings keep 6 m of street between their bounding circles. Checked against the
// buildings of the neighbouring 80 m buckets only: a pair can conflict only when its
// centres are less than 2 x 35 m + 6 m apart (the largest footprint's circle).
class SpacingBuckets {
public:
  explicit SpacingBuckets(double halfSize_m)
      : half_m_(halfSize_m), columns_(static_cast<int>(std::ceil(2.0 * halfSize_m / kCell_m)) + 1),
        buckets_(static_cast<std::size_t>(columns_ * columns_)) {}

  bool overlaps(const std::vector<Building> &placed, const Building &b) const {
    const double radius = std::hypot(b.half_length_m, b.half_width_m);
    const int cx = column(b.center_east_m);
    const int cy = column(b.center_north_m);
    for (int y = std::max(cy - 1, 0); y <= std::min(cy + 1, columns_ - 1); ++y) {
      for (int x = std::max(cx - 1, 0); x <= std::min(cx + 1, columns_ - 1); ++x) {
        for (const std::size_t i : buckets_[static_cast<std::size_t>(y * columns_ + x)]) {
          const Building &other = placed[i];
          const double otherRadius = std::hypot(other.half_length_m, other.half_width_m);
          if (std::hypot(other.center_east_m - b.center_east_m,
                         other.center_north_m - b.center_north_m) < radius + otherRadius + 6.0) {
            return true;
          }
        }
      }
    }
    return false;
  }
  void add(const Building &b, std::size_t index) {
    buckets_[static_cast<std::size_t>(column(b.center_north_m) * columns_ +
                                      column(b.center_east_m))]
        .push_back(index);
  }

private:
  static constexpr double kCell_m = 80.0;
  int column(double coordinate_m) const {
    return std::clamp(static_cast<int>(std::floor((coordinate_m + half_m_) / kCell_m)), 0,
                      columns_ - 1);
  }
  double half_m_;
  int columns_;
  std::vector<std::vector<std::size_t>> buckets_;
};

} // namespace

std::optional<std::pair<double, double>> segmentThroughBuilding(const Building &building,
                                                                const Eigen::Vector3d &a_m,
                                                                const Eigen::Vector3d &b_m) {
  // Slab test in the building's own frame.
  const double cy = std::cos(building.yaw_rad);
  const double sy = std::sin(building.yaw_rad);
  auto local = [&](const Eigen::Vector3d &p) {
    const double de = p.x() - building.center_east_m;
    const double dn = p.y() - building.center_north_m;
    return Eigen::Vector3d(de * cy + dn * sy, -de * sy + dn * cy, p.z());
  };
  const Eigen::Vector3d p0 = local(a_m);
  const Eigen::Vector3d d = local(b_m) - p0;
  const double lo[3] = {-building.half_length_m, -building.half_width_m, building.base_up_m};
  const double hi[3] = {building.half_length_m, building.half_width_m, building.roof_up_m};
  double t0 = 0.0;
  double t1 = 1.0;
  for (int axis = 0; axis < 3; ++axis) {
    if (std::abs(d[axis]) < 1e-12) {
      if (p0[axis] <= lo[axis] || p0[axis] >= hi[axis]) {
        return std::nullopt;
      }
      continue;
    }
    double ta = (lo[axis] - p0[axis]) / d[axis];
    double tb = (hi[axis] - p0[axis]) / d[axis];
    if (ta > tb) {
      std::swap(ta, tb);
    }
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 >= t1) {
      return std::nullopt;
    }
  }
  // Grazing contacts (a reflection point on a wall) are not blockages.
  if (t1 - t0 < 1e-6) {
    return std::nullopt;
  }
  return std::make_pair(t0, t1);
}

CityModel CityModel::generate(const CityConfig &config, SimRng &rng) {
  CityModel city;
  city.groundReflection_ = config.ground_reflection;
  const double size = config.half_size_m;
  if (config.hill_relief_m > 0.0) {
    const int count = rng.uniformInt(4, 7);
    for (int i = 0; i < count; ++i) {
      Hill hill;
      hill.center_east_m = rng.uniform(-size, size);
      hill.center_north_m = rng.uniform(-size, size);
      hill.height_m = rng.uniform(0.3, 1.0) * (rng.chance(0.75) ? 1.0 : -0.5);
      hill.sigma_m = rng.uniform(0.2, 0.5) * size;
      city.hills_.push_back(hill);
    }
    // Scale the hills so that the ground over the city spans the requested relief.
    double lowest = 1e300;
    double highest = -1e300;
    for (double e = -size; e <= size; e += size / 20.0) {
      for (double n = -size; n <= size; n += size / 20.0) {
        const double g = city.groundUp_m(e, n);
        lowest = std::min(lowest, g);
        highest = std::max(highest, g);
      }
    }
    const double scale = highest > lowest ? config.hill_relief_m / (highest - lowest) : 0.0;
    for (auto &hill : city.hills_) {
      hill.height_m *= scale;
    }
  }
  // Streets follow a grid whose orientation is the city's; buildings line them.
  const double gridYaw = rng.uniform(0.0, std::numbers::pi / 2.0);
  const double area_km2 = (2.0 * size) * (2.0 * size) * 1e-6;
  const int target = static_cast<int>(config.building_density_per_km2 * area_km2);
  SpacingBuckets spacing(size);
  int attempts = 0;
  while (static_cast<int>(city.buildings_.size()) < target && attempts < target * 20) {
    ++attempts;
    Building b;
    b.center_east_m = rng.uniform(-size, size);
    b.center_north_m = rng.uniform(-size, size);
    b.half_length_m = rng.uniform(8.0, 30.0);
    b.half_width_m = rng.uniform(6.0, 18.0);
    if (config.large_fraction > 0.0 && rng.chance(config.large_fraction)) {
      b.half_length_m = rng.uniform(25.0, 60.0);
      b.half_width_m = rng.uniform(15.0, 35.0);
    }
    b.yaw_rad = gridYaw + (rng.chance(0.5) ? std::numbers::pi / 2.0 : 0.0) + rng.normal(0.0, 0.02);
    if (spacing.overlaps(city.buildings_, b)) {
      continue;
    }
    double height = rng.uniform(config.min_height_m, config.max_height_m);
    if (rng.chance(config.tall_fraction)) {
      height = rng.uniform(config.max_height_m, 3.0 * config.max_height_m);
    }
    // Buildings on a slope: the base is buried to the lowest corner's ground.
    double lowest = 1e300;
    for (const auto &c : corners(b)) {
      lowest = std::min(lowest, city.groundUp_m(c.x(), c.y()));
    }
    b.base_up_m = lowest - 1.0;
    b.roof_up_m = city.groundUp_m(b.center_east_m, b.center_north_m) + height;
    b.reflection = config.facade_reflection;
    spacing.add(b, city.buildings_.size());
    city.buildings_.push_back(b);
  }
  city.indexBuildings();
  return city;
}

double CityModel::groundUp_m(double east_m, double north_m) const {
  double up = 0.0;
  for (const auto &hill : hills_) {
    const double de = east_m - hill.center_east_m;
    const double dn = north_m - hill.center_north_m;
    up += hill.height_m * std::exp(-(de * de + dn * dn) / (2.0 * hill.sigma_m * hill.sigma_m));
  }
  return up;
}

std::array<Facade, 4> facades(const Building &b) {
  const Eigen::Vector2d centre(b.center_east_m, b.center_north_m);
  const Eigen::Vector2d u(std::cos(b.yaw_rad), std::sin(b.yaw_rad));
  const Eigen::Vector2d v(-u.y(), u.x());
  const std::array<std::pair<Eigen::Vector2d, double>, 4> walls = {
      std::make_pair(u, b.half_length_m), std::make_pair(Eigen::Vector2d(-u), b.half_length_m),
      std::make_pair(v, b.half_width_m), std::make_pair(Eigen::Vector2d(-v), b.half_width_m)};
  std::array<Facade, 4> out;
  for (std::size_t i = 0; i < walls.size(); ++i) {
    const auto &[normal, offset] = walls[i];
    out[i].normal = normal;
    out[i].centre = centre + normal * offset;
    out[i].tangent = Eigen::Vector2d(-normal.y(), normal.x());
    out[i].half_length_m = i < 2 ? b.half_width_m : b.half_length_m;
  }
  return out;
}

void CityModel::indexBuildings() {
  grid_ = Grid{};
  indexed_ = true;
  facades_.clear();
  for (const auto &b : buildings_) {
    facades_.push_back(facades(b));
  }
  if (buildings_.empty()) {
    return;
  }
  double west = 1e300, south = 1e300, east = -1e300, north = -1e300;
  for (const auto &b : buildings_) {
    for (const auto &c : corners(b)) {
      west = std::min(west, c.x());
      south = std::min(south, c.y());
      east = std::max(east, c.x());
      north = std::max(north, c.y());
    }
  }
  // A margin so that a segment grazing a cell's corner still meets what the cell holds.
  constexpr double kMargin_m = 0.5;
  grid_.east0_m = west - kMargin_m;
  grid_.north0_m = south - kMargin_m;
  grid_.columns = static_cast<int>((east - west + 2.0 * kMargin_m) / grid_.cell_m) + 1;
  grid_.rows = static_cast<int>((north - south + 2.0 * kMargin_m) / grid_.cell_m) + 1;
  grid_.cells.assign(static_cast<std::size_t>(grid_.columns * grid_.rows), {});
  for (std::size_t i = 0; i < buildings_.size(); ++i) {
    double bw = 1e300, bs = 1e300, be = -1e300, bn = -1e300;
    for (const auto &c : corners(buildings_[i])) {
      bw = std::min(bw, c.x());
      bs = std::min(bs, c.y());
      be = std::max(be, c.x());
      bn = std::max(bn, c.y());
    }
    const auto cell = [&](double v, double origin, int count) {
      return std::clamp(static_cast<int>(std::floor((v - origin) / grid_.cell_m)), 0, count - 1);
    };
    for (int y = cell(bs - kMargin_m, grid_.north0_m, grid_.rows);
         y <= cell(bn + kMargin_m, grid_.north0_m, grid_.rows); ++y) {
      for (int x = cell(bw - kMargin_m, grid_.east0_m, grid_.columns);
           x <= cell(be + kMargin_m, grid_.east0_m, grid_.columns); ++x) {
        grid_.cells[static_cast<std::size_t>(y * grid_.columns + x)].push_back(
            static_cast<std::uint32_t>(i));
      }
    }
  }
}

void CityModel::candidates(const Eigen::Vector2d &a, const Eigen::Vector2d &b,
                           std::vector<std::uint32_t> &out) const {
  out.clear();
  if (!indexed_) {
    for (std::size_t i = 0; i < buildings_.size(); ++i) {
      out.push_back(static_cast<std::uint32_t>(i));
    }
    return;
  }
  if (grid_.cells.empty()) {
    return;
  }
  // Clip the segment to the grid, then walk the cells it crosses (Amanatides & Woo 1987).
  const Eigen::Vector2d p = a - Eigen::Vector2d(grid_.east0_m, grid_.north0_m);
  const Eigen::Vector2d d = b - a;
  const double limit[2] = {grid_.columns * grid_.cell_m, grid_.rows * grid_.cell_m};
  double t0 = 0.0;
  double t1 = 1.0;
  for (int axis = 0; axis < 2; ++axis) {
    if (std::abs(d[axis]) < 1e-12) {
      if (p[axis] < 0.0 || p[axis] > limit[axis]) {
        return;
      }
      continue;
    }
    double ta = -p[axis] / d[axis];
    double tb = (limit[axis] - p[axis]) / d[axis];
    if (ta > tb) {
      std::swap(ta, tb);
    }
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) {
      return;
    }
  }
  const int counts[2] = {grid_.columns, grid_.rows};
  int cell[2];
  int step[2];
  double next[2];
  double delta[2];
  for (int axis = 0; axis < 2; ++axis) {
    const double start = p[axis] + t0 * d[axis];
    cell[axis] =
        std::clamp(static_cast<int>(std::floor(start / grid_.cell_m)), 0, counts[axis] - 1);
    if (std::abs(d[axis]) < 1e-12) {
      step[axis] = 0;
      next[axis] = std::numeric_limits<double>::infinity();
      delta[axis] = std::numeric_limits<double>::infinity();
      continue;
    }
    step[axis] = d[axis] > 0.0 ? 1 : -1;
    const double boundary = (cell[axis] + (step[axis] > 0 ? 1 : 0)) * grid_.cell_m;
    next[axis] = (boundary - p[axis]) / d[axis];
    delta[axis] = grid_.cell_m / std::abs(d[axis]);
  }
  for (int guard = counts[0] + counts[1] + 2; guard > 0; --guard) {
    const auto &bucket = grid_.cells[static_cast<std::size_t>(cell[1] * grid_.columns + cell[0])];
    out.insert(out.end(), bucket.begin(), bucket.end());
    const int axis = next[0] < next[1] ? 0 : 1;
    if (next[axis] > t1) {
      break;
    }
    cell[axis] += step[axis];
    next[axis] += delta[axis];
    if (cell[axis] < 0 || cell[axis] >= counts[axis]) {
      break;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

const Building *CityModel::buildingAt(double east_m, double north_m) const {
  thread_local std::vector<std::uint32_t> ids;
  const Eigen::Vector2d point(east_m, north_m);
  candidates(point, point, ids);
  for (const std::uint32_t i : ids) {
    const Building &b = buildings_[i];
    const double de = east_m - b.center_east_m;
    const double dn = north_m - b.center_north_m;
    const double x = de * std::cos(b.yaw_rad) + dn * std::sin(b.yaw_rad);
    const double y = -de * std::sin(b.yaw_rad) + dn * std::cos(b.yaw_rad);
    if (std::abs(x) < b.half_length_m && std::abs(y) < b.half_width_m) {
      return &b;
    }
  }
  return nullptr;
}

bool CityModel::segmentHitsBuilding(const Eigen::Vector3d &a_m, const Eigen::Vector3d &b_m,
                                    const Building *ignoreA, const Building *ignoreB) const {
  thread_local std::vector<std::uint32_t> ids;
  candidates(a_m.head<2>(), b_m.head<2>(), ids);
  for (const std::uint32_t i : ids) {
    const Building &b = buildings_[i];
    if (&b == ignoreA || &b == ignoreB) {
      continue;
    }
    if (segmentThroughBuilding(b, a_m, b_m)) {
      return true;
    }
  }
  return false;
}

Obstruction CityModel::obstruction(const Eigen::Vector3d &a_m, const Eigen::Vector3d &b_m,
                                   const Building *ignore) const {
  Obstruction result;
  const double direct = (b_m - a_m).norm();
  thread_local std::vector<std::uint32_t> ids;
  candidates(a_m.head<2>(), b_m.head<2>(), ids);
  for (const std::uint32_t i : ids) {
    const Building &b = buildings_[i];
    if (&b == ignore) {
      continue;
    }
    const auto hit = segmentThroughBuilding(b, a_m, b_m);
    if (!hit) {
      continue;
    }
    ++result.obstacles;
    result.blocked = true;
    // Over the roof: across both roof edges where the line enters and leaves.
    Eigen::Vector3d e1 = a_m + hit->first * (b_m - a_m);
    Eigen::Vector3d e2 = a_m + hit->second * (b_m - a_m);
    e1.z() = b.roof_up_m;
    e2.z() = b.roof_up_m;
    double best = (e1 - a_m).norm() + (e2 - e1).norm() + (b_m - e2).norm();
    Eigen::Vector3d edge = e1;
    best = std::min({best, lateralPath(b, a_m, b_m, 1.0), lateralPath(b, a_m, b_m, -1.0)});
    const double detour = best - direct;
    if (detour > result.detour_m) {
      result.detour_m = detour;
      result.edge_m = edge;
    }
  }
  // Terrain ridges between the ends.
  const int steps = std::clamp(static_cast<int>(direct / 10.0), 8, 300);
  double worst = 0.0;
  bool terrainBlocked = false;
  for (int i = 1; i < steps; ++i) {
    const double t = static_cast<double>(i) / steps;
    const Eigen::Vector3d p = a_m + t * (b_m - a_m);
    const double ground = groundUp_m(p.x(), p.y());
    if (ground > p.z()) {
      terrainBlocked = true;
      const Eigen::Vector3d edge(p.x(), p.y(), ground);
      const double detour = (edge - a_m).norm() + (b_m - edge).norm() - direct;
      if (detour > worst) {
        worst = detour;
        if (detour > result.detour_m) {
          result.detour_m = detour;
          result.edge_m = edge;
        }
      }
    }
  }
  if (terrainBlocked) {
    result.blocked = true;
    ++result.obstacles;
  }
  return result;
}

} // namespace salvo::sim
