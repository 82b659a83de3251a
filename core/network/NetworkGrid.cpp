#include "network/NetworkGrid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace salvo::network {

GridSpec gridAround(std::span<const NetworkSensor> sensors, double cell_m, double margin_m) {
  if (sensors.empty()) {
    throw std::invalid_argument("no sensors to grid around");
  }
  if (!(cell_m > 0.0)) {
    throw std::invalid_argument("cell size must be positive");
  }
  GeodeticPosition origin{0.0, 0.0, 0.0};
  for (const NetworkSensor &s : sensors) {
    origin.lat_deg += s.position.lat_deg;
    origin.lon_deg += s.position.lon_deg;
    origin.alt_m += s.position.alt_m;
  }
  const double n = static_cast<double>(sensors.size());
  origin.lat_deg /= n;
  origin.lon_deg /= n;
  origin.alt_m /= n;
  const LocalEnuFrame frame(origin);
  double west = 0.0, east = 0.0, south = 0.0, north = 0.0;
  for (const NetworkSensor &s : sensors) {
    const Eigen::Vector3d enu = frame.toEnu(s.position);
    west = std::min(west, enu.x());
    east = std::max(east, enu.x());
    south = std::min(south, enu.y());
    north = std::max(north, enu.y());
  }
  GridSpec grid;
  grid.origin = origin;
  grid.cell_m = cell_m;
  grid.west_m = std::floor((west - margin_m) / cell_m) * cell_m;
  grid.south_m = std::floor((south - margin_m) / cell_m) * cell_m;
  grid.cols = static_cast<int>(std::ceil((east + margin_m - grid.west_m) / cell_m));
  grid.rows = static_cast<int>(std::ceil((north + margin_m - grid.south_m) / cell_m));
  constexpr int kMaxSide = 4000; // 40 km at 10 m: beyond, the caller asked for nonsense
  if (grid.cols > kMaxSide || grid.rows > kMaxSide) {
    throw std::invalid_argument("network extent too large for the cell size (" +
                                std::to_string(grid.cols) + " x " + std::to_string(grid.rows) +
                                " cells)");
  }
  return grid;
}

GridSpec gridCentredOn(const GeodeticPosition &origin, double cell_m, int cols, int rows) {
  GridSpec grid;
  grid.origin = origin;
  grid.cell_m = cell_m;
  grid.cols = cols;
  grid.rows = rows;
  grid.west_m = -0.5 * cols * cell_m;
  grid.south_m = -0.5 * rows * cell_m;
  return grid;
}

} // namespace salvo::network
