#pragma once

#include "network/DetectionModel.h"
#include "network/NetworkGrid.h"

#include <array>
#include <span>
#include <vector>

namespace salvo::network {

struct AccuracyModelOptions {
  // Arrival-time noise of one sensor: GPS timing and onset-pick jitter together; the
  // same realistic floor the TDOA solver assumes (TdoaSolverOptions::timing_sigma_s).
  double timing_sigma_s = 0.25e-3;
  double speed_of_sound_mps = 343.0;
  double min_p3 = 0.5; // below: no reliable fix, error reported as NaN
};

struct NetworkMapOptions {
  DetectionModelOptions detection;
  AccuracyModelOptions accuracy;
  int threads = 0; // 0: std::thread::hardware_concurrency()
};

// Probability that at least 3 (and 4) listening sensors detect a shot in each cell.
// `below3` keeps P(0), P(1), P(2) detections and P(exactly 3) per cell, so a planner
// can add one sensor to a cell without redoing the others (SiteSuggester).
struct CoverageGrid {
  GridSpec grid;
  std::vector<float> p3;
  std::vector<float> p4;
  std::vector<std::array<float, 4>> distribution; // P(0..3 detections)

  double coveredArea_m2(double threshold = 0.9) const; // cells with p3 ≥ threshold
  double expectedArea_m2() const;                      // Σ p3 · cell area
};

// Expected 95 % horizontal location error per cell from the Cramér–Rao bound of
// time-of-arrival location over (east, north, emission time): each sensor adds
// p_i / σ² · g gᵀ with g = (∂t/∂e, ∂t/∂n, 1) = ((e − e_i)/(c r), (n − n_i)/(c r), 1), i.e.
// the Fisher information expected over which sensors detect. The 2×2 position block of
// the inverse gives the radius of the 95 % circle (as locate's circularErrorRadius).
struct AccuracyGrid {
  GridSpec grid;
  std::vector<float> error95_m; // NaN where there is no reliable fix
};

struct NetworkMaps {
  CoverageGrid coverage;
  AccuracyGrid accuracy;
};

NetworkMaps computeNetworkMaps(std::span<const NetworkSensor> sensors, const GridSpec &grid,
                               const NetworkMapOptions &options = {});

// Horizontal CRB 95 % radius at one point from sensors that all detect (weights 1).
double crbError95_m(const Eigen::Vector2d &source_m, std::span<const Eigen::Vector3d> sensors_m,
                    const AccuracyModelOptions &options);

// One Poisson-binomial step, truncated at "4 or more": adds a sensor with detection
// probability p to the distribution q (q[0..3] exact counts, q[4] four or more).
inline void addDetector(std::array<double, 5> &q, double p) {
  const double r = 1.0 - p;
  q[4] = q[4] + q[3] * p;
  q[3] = q[3] * r + q[2] * p;
  q[2] = q[2] * r + q[1] * p;
  q[1] = q[1] * r + q[0] * p;
  q[0] = q[0] * r;
}

} // namespace salvo::network
