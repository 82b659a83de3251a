#pragma once

#include "geo/LocalEnuFrame.h"
#include "network/NetworkSensor.h"

#include <Eigen/Core>

#include <span>

namespace salvo::network {

// A square-celled grid in a local ENU frame, row-major from the south-west corner.
// Cell (col, row) covers [west + col·cell, west + (col+1)·cell) east, likewise north.
struct GridSpec {
  GeodeticPosition origin; // the ENU frame's origin
  double west_m = 0.0;
  double south_m = 0.0;
  double cell_m = 10.0;
  int cols = 0;
  int rows = 0;

  std::size_t cellCount() const {
    return static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
  }
  std::size_t index(int col, int row) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) +
           static_cast<std::size_t>(col);
  }
  Eigen::Vector2d cellCentre_m(int col, int row) const {
    return {west_m + (col + 0.5) * cell_m, south_m + (row + 0.5) * cell_m};
  }
  double cellArea_m2() const { return cell_m * cell_m; }
};

// The frame is anchored at the centroid of the sensors (mean altitude), the extent is
// their bounding box grown by `margin_m` and rounded out to whole cells.
GridSpec gridAround(std::span<const NetworkSensor> sensors, double cell_m, double margin_m);
// A grid of `cols` × `rows` cells centred on `origin`.
GridSpec gridCentredOn(const GeodeticPosition &origin, double cell_m, int cols, int rows);

} // namespace salvo::network
