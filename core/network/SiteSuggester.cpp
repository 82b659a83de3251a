#include "network/SiteSuggester.h"

#include <algorithm>
#include <cmath>

namespace salvo::network {
namespace {

double gainAt(const CoverageGrid &coverage, const DetectionTable &table,
              const Eigen::Vector2d &site) {
  const GridSpec &grid = coverage.grid;
  const double range = table.range_m();
  const int col0 = std::max(0, static_cast<int>((site.x() - range - grid.west_m) / grid.cell_m));
  const int col1 =
      std::min(grid.cols - 1, static_cast<int>((site.x() + range - grid.west_m) / grid.cell_m));
  const int row0 = std::max(0, static_cast<int>((site.y() - range - grid.south_m) / grid.cell_m));
  const int row1 =
      std::min(grid.rows - 1, static_cast<int>((site.y() + range - grid.south_m) / grid.cell_m));
  double gain = 0.0;
  for (int row = row0; row <= row1; ++row) {
    for (int col = col0; col <= col1; ++col) {
      const std::size_t i = grid.index(col, row);
      const float q2 = coverage.distribution[i][2];
      if (q2 <= 0.0f) {
        continue;
      }
      gain += q2 * table.probability((grid.cellCentre_m(col, row) - site).norm());
    }
  }
  return gain * grid.cellArea_m2();
}

} // namespace

std::vector<SiteSuggestion> suggestSites(const CoverageGrid &coverage,
                                         const DetectionModelOptions &detection,
                                         const SiteSuggesterOptions &options) {
  const GridSpec &grid = coverage.grid;
  const DetectionTable table(detection, detection.noise_floor_db_spl);
  const LocalEnuFrame frame(grid.origin);
  const double step = std::max(options.candidate_step_m, grid.cell_m);
  std::vector<SiteSuggestion> all;
  for (double y = grid.south_m + step / 2; y < grid.south_m + grid.rows * grid.cell_m; y += step) {
    for (double x = grid.west_m + step / 2; x < grid.west_m + grid.cols * grid.cell_m; x += step) {
      SiteSuggestion s;
      s.enu_m = {x, y};
      s.gained_area_m2 = gainAt(coverage, table, s.enu_m);
      all.push_back(s);
    }
  }
  const auto keep = std::min<std::size_t>(all.size(), static_cast<std::size_t>(options.keep));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [](const SiteSuggestion &a, const SiteSuggestion &b) {
                      return a.gained_area_m2 > b.gained_area_m2;
                    });
  all.resize(keep);
  for (SiteSuggestion &s : all) {
    s.position = frame.toGeodetic(Eigen::Vector3d(s.enu_m.x(), s.enu_m.y(), 0.0));
  }
  return all;
}

} // namespace salvo::network
