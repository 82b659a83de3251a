#pragma once

#include "sim/SimRandom.h"

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace salvo::sim {

// A building: an oriented box standing on the terrain, in the local ENU frame.
struct Building {
  double center_east_m = 0.0;
  double center_north_m = 0.0;
  double half_length_m = 10.0; // along the building's own x axis
  double half_width_m = 10.0;
  double yaw_rad = 0.0; // rotation of the building's x axis from east, counter-clockwise
  double base_up_m = 0.0;
  double roof_up_m = 10.0;
  double reflection = 0.8; // pressure reflection coefficient of its facades
};

// One vertical facade of a building, for image-source echoes: its outward normal, the
// centre of its base line, the direction along it and half its length.
struct Facade {
  Eigen::Vector2d normal{1.0, 0.0};
  Eigen::Vector2d centre{0.0, 0.0};
  Eigen::Vector2d tangent{0.0, 1.0};
  double half_length_m = 0.0;
};
std::array<Facade, 4> facades(const Building &building);

// A smooth hill: ground height += height_m * exp(-r^2 / (2 sigma^2)).
struct Hill {
  double center_east_m = 0.0;
  double center_north_m = 0.0;
  double height_m = 0.0;
  double sigma_m = 300.0;
};

// Where the straight path from A to B is blocked and how much longer the way over or
// around the worst obstacle is (path length difference, ISO 9613-2 section 7.4).
struct Obstruction {
  bool blocked = false;
  double detour_m = 0.0; // path difference of the dominant diffracting edge
  int obstacles = 0;     // buildings and terrain ridges crossed
  Eigen::Vector3d edge_m = Eigen::Vector3d::Zero(); // the dominant edge point
};

struct CityConfig {
  double half_size_m = 700.0; // city square, ENU half-extent
  double building_density_per_km2 = 250.0;
  double min_height_m = 6.0;
  double max_height_m = 40.0;
  double tall_fraction = 0.08;    // towers up to 3 x max_height_m
  double hill_relief_m = 0.0;     // total ground height range
  double ground_reflection = 0.9; // asphalt and concrete
  double facade_reflection = 0.8; // ISO 9613-2 table 4: walls with windows
  // Share of large blocks (warehouses, malls, office slabs: 50-120 m by 30-70 m) whose
  // long facades give strong echoes; 0 draws none (and no extra random numbers).
  double large_fraction = 0.0;
};

class CityModel {
public:
  CityModel() = default;
  static CityModel generate(const CityConfig &config, SimRng &rng);

  double groundUp_m(double east_m, double north_m) const;
  const std::vector<Building> &buildings() const { return buildings_; }
  // Editing the buildings drops the spatial index until indexBuildings() is called again
  // (queries stay exact meanwhile, scanning every building).
  std::vector<Building> &buildings() {
    indexed_ = false;
    return buildings_;
  }
  // Buckets the buildings in a uniform grid so that a segment query visits only the
  // buildings along it. generate() does it; call it after editing buildings().
  void indexBuildings();
  // The four facades of buildings()[index] (kept with the index, else computed).
  std::array<Facade, 4> facadesOf(std::size_t index) const {
    return indexed_ ? facades_[index] : facades(buildings_[index]);
  }
  // The same without a copy when indexed: points into the index, else into `scratch`.
  const std::array<Facade, 4> &facadesOf(std::size_t index, std::array<Facade, 4> &scratch) const {
    if (indexed_) {
      return facades_[index];
    }
    scratch = facades(buildings_[index]);
    return scratch;
  }
  std::vector<Hill> &hills() { return hills_; }
  double groundReflection() const { return groundReflection_; }
  void setGroundReflection(double r) { groundReflection_ = r; }

  // The building whose footprint holds the point, if any.
  const Building *buildingAt(double east_m, double north_m) const;

  // Line of sight between two points, through buildings and terrain.
  Obstruction obstruction(const Eigen::Vector3d &a_m, const Eigen::Vector3d &b_m,
                          const Building *ignore = nullptr) const;
  bool segmentHitsBuilding(const Eigen::Vector3d &a_m, const Eigen::Vector3d &b_m,
                           const Building *ignoreA, const Building *ignoreB) const;

private:
  // Indices of the buildings that may touch the segment a-b (all of them without an
  // index), in increasing order so that results do not depend on the grid.
  void candidates(const Eigen::Vector2d &a, const Eigen::Vector2d &b,
                  std::vector<std::uint32_t> &out) const;

  struct Grid {
    double east0_m = 0.0, north0_m = 0.0, cell_m = 50.0;
    int columns = 0, rows = 0;
    std::vector<std::vector<std::uint32_t>> cells; // row-major
  };
  std::vector<Building> buildings_;
  Grid grid_;
  std::vector<std::array<Facade, 4>> facades_; // per building, with the grid
  bool indexed_ = false;
  std::vector<Hill> hills_;
  double groundReflection_ = 0.9;
};

// Entry and exit parameters (0..1 along a->b) of a segment through a building, if it hits.
std::optional<std::pair<double, double>> segmentThroughBuilding(const Building &building,
                                                                const Eigen::Vector3d &a_m,
                                                                const Eigen::Vector3d &b_m);

} // namespace salvo::sim
