#pragma once

#include <vector>

namespace salvo::network {

// How loud a typical shot is at a sensor and how likely the sensor is to pick it up.
//   level(d) = source − 20 log10(d / 1 m) − (α_air + α_excess) d
// with α_air the ISO 9613-1 pure-tone absorption at the blast's dominant band; the
// sensor detects when level − noise floor clears the threshold; site-to-site scatter of
// the path (buildings, ground, wind) is a log-normal shadowing, so
//   p(d) = Φ((level(d) − floor − threshold) / σ_shadow).
struct DetectionModelOptions {
  double source_level_db_spl = 150.0; // handgun muzzle blast, peak at 1 m
  double dominant_band_hz = 1000.0;
  double temperature_c = 15.0;
  double relative_humidity_pct = 60.0;
  double excess_attenuation_db_per_km = 15.0; // ground and buildings, urban average
  double noise_floor_db_spl = 55.0;           // default site background in the band
  double detection_threshold_db = 15.0;       // peak over floor the detector needs
  double shadowing_sigma_db = 5.0;
  double min_probability = 1e-4; // beyond the range where p falls below this: 0
};

// p(d) for one noise floor, tabulated in 1 m steps up to the cut-off range.
class DetectionTable {
public:
  DetectionTable(const DetectionModelOptions &options, double noise_floor_db_spl);

  double range_m() const { return range_m_; }
  double probability(double distance_m) const {
    const double pos = distance_m * kStepsPerMetre;
    const auto i = static_cast<std::size_t>(pos);
    if (i + 1 >= table_.size()) {
      return 0.0;
    }
    const double f = pos - static_cast<double>(i);
    return table_[i] * (1.0 - f) + table_[i + 1] * f;
  }

private:
  static constexpr double kStepsPerMetre = 1.0;
  double range_m_ = 0.0;
  std::vector<double> table_;
};

double shotLevel_db_spl(const DetectionModelOptions &options, double distance_m);
double detectionProbability(const DetectionModelOptions &options, double noise_floor_db_spl,
                            double distance_m);
double normalCdf(double z);

} // namespace salvo::network
