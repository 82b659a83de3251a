#pragma once

#include "contract/Truth.h"
#include "geo/LocalEnuFrame.h"
#include "sim/Atmosphere.h"
#include "sim/BackgroundNoise.h"
#include "sim/CityModel.h"
#include "sim/IncidentSchedule.h"
#include "sim/PropagationPath.h"
#include "sim/SourceModels.h"
#include "time/UtcTime.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace salvo::sim {

// One simulated microphone. Its clock stamps start_utc_ns = true start + clock error.
struct SimSensor {
  std::string id;
  Eigen::Vector3d enu_m = Eigen::Vector3d::Zero();
  GeodeticPosition position;
  bool rooftop = false;
  double sample_rate_hz = 16000.0;
  double full_scale_pa = 200.0;
  double clock_error_s = 0.0;
  NoiseProfile noise;
  std::uint64_t noise_seed = 1;
  // Stretches of lost audio (network or storage dropouts), seconds from the start.
  std::vector<std::pair<double, double>> dropouts_s;
};

// One pulse leaving one place at one time. Every shot, pop, burst and slam is one.
struct Emission {
  std::int64_t offset_ns = 0; // true emission time after the scenario's start
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  SourcePulse pulse;
  int site = 0; // emissions of one site share their propagation paths
  bool supersonic = false;
  Bullet bullet;
  Eigen::Vector3d trajectory{1.0, 0.0, 0.0}; // unit vector of the bullet's flight
  int only_sensor = -1;                      // >= 0: structure-borne, heard by that sensor alone
};

// A whistle: a tone gliding from start to end frequency while the shell climbs.
struct ToneEmission {
  std::int64_t offset_ns = 0;
  double duration_s = 1.0;
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  double start_hz = 3000.0;
  double end_hz = 1500.0;
  double level_db = 105.0; // RMS at 1 m
};

struct SimScenario {
  std::string name;
  UtcNs start_utc_ns = 0; // true time of every sensor's first sample
  double duration_s = 60.0;
  GeodeticPosition origin;
  Weather weather;                   // the true air
  double reported_temperature_c = 0; // what the weather feed says
  CityModel city;
  PropagationOptions propagation;
  std::vector<SimSensor> sensors;
  // Sources placed by hand (tests, scripted scenes), sorted by offset_ns.
  std::vector<Emission> emissions;
  std::vector<ToneEmission> tones;
  // Drawn incidents, expanded into emissions only while they are heard (EmissionStream):
  // memory stays flat however long the scenario is.
  IncidentSchedule schedule;
  std::vector<TruthEvent> events;

  double speedOfSound_mps() const { return salvo::sim::speedOfSound_mps(weather); }
  // The truth file's content: events, true weather, and for each sensor its clock error
  // and whether it lacks line of sight to most events.
  ScenarioTruth truth() const;
};

} // namespace salvo::sim
