#include "geocode/AddressPointIndex.h"

#include "geo/Wgs84.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace salvo {
namespace {

// Metres per degree of latitude, close enough for bucketing (the exact distance
// is taken on the ellipsoid afterwards, with a cell of slack).
constexpr double kMetresPerDegreeLat = 111'320.0;

double meanLatitude_deg(const std::vector<AddressPoint> &points) {
  double sum = 0.0;
  for (const AddressPoint &point : points) {
    sum += point.lat_deg;
  }
  return points.empty() ? 0.0 : sum / static_cast<double>(points.size());
}

} // namespace

AddressPointIndex::AddressPointIndex(std::vector<AddressPoint> points, double cell_m)
    : points_(std::move(points)), cell_m_(cell_m) {
  const double latitude_rad = meanLatitude_deg(points_) * std::numbers::pi / 180.0;
  metresPerDegreeLon_ = std::max(1.0, kMetresPerDegreeLat * std::cos(latitude_rad));
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const Cell cell = cellOf(points_[i].lat_deg, points_[i].lon_deg);
    cells_[key(cell.x, cell.y)].push_back(i);
  }
}

AddressPointIndex::Cell AddressPointIndex::cellOf(double lat_deg, double lon_deg) const {
  return {static_cast<std::int64_t>(std::floor(lon_deg * metresPerDegreeLon_ / cell_m_)),
          static_cast<std::int64_t>(std::floor(lat_deg * kMetresPerDegreeLat / cell_m_))};
}

std::optional<Place> AddressPointIndex::nearest(double lat_deg, double lon_deg,
                                                double max_distance_m) const {
  if (points_.empty() || !std::isfinite(lat_deg) || !std::isfinite(lon_deg)) {
    return std::nullopt;
  }
  const Cell centre = cellOf(lat_deg, lon_deg);
  const GeodeticPosition query{lat_deg, lon_deg, 0.0};
  const auto maxRing = static_cast<std::int64_t>(std::ceil(max_distance_m / cell_m_)) + 1;
  double best_m = std::numeric_limits<double>::infinity();
  std::size_t bestIndex = 0;
  for (std::int64_t ring = 0; ring <= maxRing; ++ring) {
    // Every point in ring r is at least (r - 1) cells away: stop when that beats the best.
    if (static_cast<double>(ring - 1) * cell_m_ > std::min(best_m, max_distance_m)) {
      break;
    }
    for (std::int64_t dx = -ring; dx <= ring; ++dx) {
      for (std::int64_t dy = -ring; dy <= ring; ++dy) {
        if (std::max(std::abs(dx), std::abs(dy)) != ring) {
          continue;
        }
        const auto found = cells_.find(key(centre.x + dx, centre.y + dy));
        if (found == cells_.end()) {
          continue;
        }
        for (const std::size_t i : found->second) {
          const double distance_m =
              ellipsoidDistance_m(query, {points_[i].lat_deg, points_[i].lon_deg, 0.0});
          if (distance_m < best_m) {
            best_m = distance_m;
            bestIndex = i;
          }
        }
      }
    }
  }
  if (best_m > max_distance_m) {
    return std::nullopt;
  }
  return Place{points_[bestIndex].label, best_m, PlaceSource::AddressPoints};
}

} // namespace salvo
