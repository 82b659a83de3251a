#include "network/DetectionModel.h"

#include "sim/Atmosphere.h"

#include <algorithm>
#include <cmath>

namespace salvo::network {
namespace {

double airAbsorption_dB_per_m(const DetectionModelOptions &options) {
  sim::Weather weather;
  weather.temperature_c = options.temperature_c;
  weather.relative_humidity_pct = options.relative_humidity_pct;
  return sim::airAbsorption_dB_per_m(options.dominant_band_hz, weather);
}

} // namespace

double normalCdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double shotLevel_db_spl(const DetectionModelOptions &options, double distance_m) {
  const double d = std::max(distance_m, 1.0);
  const double alpha = airAbsorption_dB_per_m(options) + options.excess_attenuation_db_per_km / 1e3;
  return options.source_level_db_spl - 20.0 * std::log10(d) - alpha * d;
}

double detectionProbability(const DetectionModelOptions &options, double noise_floor_db_spl,
                            double distance_m) {
  const double margin =
      shotLevel_db_spl(options, distance_m) - noise_floor_db_spl - options.detection_threshold_db;
  return normalCdf(margin / std::max(options.shadowing_sigma_db, 1e-6));
}

DetectionTable::DetectionTable(const DetectionModelOptions &options, double noise_floor_db_spl) {
  const double alpha = airAbsorption_dB_per_m(options) + options.excess_attenuation_db_per_km / 1e3;
  const double sigma = std::max(options.shadowing_sigma_db, 1e-6);
  // The level falls monotonically, so the table stops at the first step below the cut-off.
  constexpr double kMaxRange_m = 50000.0;
  for (double d = 0.0; d <= kMaxRange_m; d += 1.0 / kStepsPerMetre) {
    const double level =
        options.source_level_db_spl - 20.0 * std::log10(std::max(d, 1.0)) - alpha * d;
    const double p =
        normalCdf((level - noise_floor_db_spl - options.detection_threshold_db) / sigma);
    if (p < options.min_probability) {
      break;
    }
    table_.push_back(p);
  }
  table_.push_back(0.0);
  table_.push_back(0.0);
  range_m_ = static_cast<double>(table_.size() - 2) / kStepsPerMetre;
}

} // namespace salvo::network
