#pragma once

#include "network/NetworkMaps.h"

#include <vector>

namespace salvo::network {

struct SiteSuggestion {
  GeodeticPosition position;
  Eigen::Vector2d enu_m = Eigen::Vector2d::Zero(); // in the coverage grid's frame
  double gained_area_m2 = 0.0;                     // increase of Σ P(≥3) · cell area
};

struct SiteSuggesterOptions {
  double candidate_step_m = 100.0;
  int keep = 5; // best few, best first
};

// Where one more sensor helps most: a sensor with detection probability p at a cell
// turns "exactly 2 detect" into "3 detect" with probability p, so its gain in expected
// ≥3-covered area is Σ_cells P(exactly 2) · p(d) · cell area — no full recompute.
std::vector<SiteSuggestion> suggestSites(const CoverageGrid &coverage,
                                         const DetectionModelOptions &detection,
                                         const SiteSuggesterOptions &options = {});

} // namespace salvo::network
