#pragma once

#include "geocode/AddressPoint.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace salvo {

// Nearest-address lookup over an admin's address-points file (tens of thousands of
// points for a city). Points are bucketed in a grid of square cells in a local
// equirectangular projection; a query scans rings of cells outwards and stops once
// no unscanned cell can hold a nearer point, so it costs a handful of cells, not
// the whole city. Distances are then taken on the WGS84 ellipsoid.
class AddressPointIndex {
public:
  explicit AddressPointIndex(std::vector<AddressPoint> points, double cell_m = 100.0);

  std::size_t size() const { return points_.size(); }

  // The nearest point no farther than max_distance_m, if any.
  std::optional<Place> nearest(double lat_deg, double lon_deg, double max_distance_m) const;

private:
  struct Cell {
    std::int64_t x = 0;
    std::int64_t y = 0;
  };
  Cell cellOf(double lat_deg, double lon_deg) const;
  static std::int64_t key(std::int64_t x, std::int64_t y) { return (x << 32) ^ (y & 0xffffffff); }

  std::vector<AddressPoint> points_;
  double cell_m_;
  double metresPerDegreeLon_ = 0.0;
  std::unordered_map<std::int64_t, std::vector<std::size_t>> cells_;
};

} // namespace salvo
