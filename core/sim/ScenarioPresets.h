#pragma once

#include "sim/SimScenario.h"

#include <optional>
#include <string>
#include <vector>

namespace salvo::sim {

// What `salvo-cli simulate` asks for; unset fields take the preset's values.
struct ScenarioRequest {
  std::string preset = "urban";
  std::uint64_t seed = 1;
  std::optional<int> sensors;
  std::optional<double> duration_s;
  std::optional<double> sample_rate_hz;
  std::optional<GeodeticPosition> center;
  std::optional<double> wind_east_mps, wind_north_mps;
};

std::vector<std::string> presetNames(); // quiet, urban, celebration, hard, hilly

// Builds the whole scenario (city, weather, sensors, incidents) from the request: a pure
// function of it, so one seed always gives the same scenario. Throws std::invalid_argument
// for an unknown preset or out-of-range values.
SimScenario buildScenario(const ScenarioRequest &request);

// Sensors on a jittered grid over the city, `density_per_km2` apart, mounted on the
// nearest roof (a 3 m mast at a roof corner) or on a 5 m street pole.
struct SensorLayoutConfig {
  int count = 12;
  double density_per_km2 = 12.0;
  double rooftop_fraction = 0.7;
  double sample_rate_hz = 16000.0;
  double clock_sigma_s = 3e-7;
};
std::vector<SimSensor> layoutSensors(const SensorLayoutConfig &config, const CityModel &city,
                                     const LocalEnuFrame &frame, SimRng &rng);

} // namespace salvo::sim
