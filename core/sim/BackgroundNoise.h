#pragma once

#include "sim/SimRandom.h"

#include <span>
#include <vector>

namespace salvo::sim {

// What a sensor hears when nothing happens, as unweighted levels in dB re 20 uPa.
struct NoiseProfile {
  double traffic_db = 55.0;       // Leq of the traffic hum at the sensor
  double vehicles_per_minute = 6; // pass-bys on the nearest street
  double wind_mps = 0.0;          // on the microphone's windscreen
  double rain_mm_per_h = 0.0;
  double self_noise_db = 32.0; // microphone and preamplifier, flat to Nyquist
};

// City background noise for one sensor, generated block after block with state carried
// over: distant traffic (pink-ish below 2 kHz) swelling with each passing vehicle (the
// 1/r^2 intensity of a vehicle going by at speed v and closest range d), gusty wind
// noise (Strasberg 1988: windscreen noise grows as the dynamic pressure, 40 log10 U, and
// sits below 100 Hz) and rain (broadband patter and the click of single large drops).
class BackgroundNoise {
public:
  BackgroundNoise(const NoiseProfile &profile, double sample_rate_hz, std::uint64_t seed);

  // Adds the noise in pascal to `pressure_pa`.
  void add(std::span<float> pressure_pa);

private:
  struct Vehicle {
    double closest_s = 0.0; // time of closest approach
    double range_m = 20.0;
    double speed_mps = 12.0;
    double gain = 1.0; // relative to the traffic hum
  };
  void scheduleVehicles(double untilSeconds);
  double trafficEnvelope(double timeSeconds) const;

  NoiseProfile profile_;
  double rate_hz_;
  NoiseRng noise_;
  SimRng events_;
  std::int64_t sample_ = 0;
  std::vector<Vehicle> vehicles_;
  double nextVehicle_s_ = 0.0;
  // Filter coefficients and states.
  float trafficLowA_ = 0.0f, trafficLowState_ = 0.0f;
  float trafficHighA_ = 0.0f, trafficHighState_ = 0.0f;
  float trafficLowGain_ = 0.0f, trafficHighGain_ = 0.0f;
  float windA_ = 0.0f, windState1_ = 0.0f, windState2_ = 0.0f, windGain_ = 0.0f;
  double gust_ = 0.0;
  float rainA_ = 0.0f, rainState_ = 0.0f, rainGain_ = 0.0f;
  float dropState_ = 0.0f, dropDecay_ = 0.0f, dropGain_ = 0.0f;
  double dropProbability_ = 0.0;
  float selfGain_ = 0.0f;
};

} // namespace salvo::sim
