#pragma once

// A hand-built scene for the physics tests: flat open ground (or a chosen building), one
// weather, silent microphones, sensors where the test puts them.
#include "sim/ScenarioWriter.h"
#include "sim/SensorRenderer.h"
#include "sim/SimScenario.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

namespace salvo::sim::testing {

inline SimScenario quietScene(double rate_hz = 16000.0) {
  SimScenario scene;
  scene.name = "test";
  scene.start_utc_ns = 1'783'240'900'000'000'000;
  scene.duration_s = 4.0;
  scene.origin = {41.87321, -87.63511, 180.0};
  scene.weather.temperature_c = 20.0;
  scene.weather.relative_humidity_pct = 70.0;
  scene.reported_temperature_c = 20.0;
  scene.propagation.ground_reflection = false;
  scene.propagation.facade_echoes = false;
  (void)rate_hz;
  return scene;
}

inline SimSensor silentSensor(const SimScenario &scene, const char *id, const Eigen::Vector3d &enu,
                              double rate_hz = 16000.0) {
  SimSensor sensor;
  sensor.id = id;
  sensor.enu_m = enu;
  sensor.position = LocalEnuFrame(scene.origin).toGeodetic(enu);
  sensor.sample_rate_hz = rate_hz;
  sensor.full_scale_pa = 200.0;
  sensor.noise.traffic_db = -200.0;
  sensor.noise.vehicles_per_minute = 0.0;
  sensor.noise.self_noise_db = -200.0;
  return sensor;
}

inline std::vector<float> renderSensor(const SimScenario &scene, std::size_t index) {
  SensorRenderer renderer(scene, index);
  renderer.addScenarioSources();
  std::vector<float> audio(
      static_cast<std::size_t>(scene.duration_s * scene.sensors[index].sample_rate_hz));
  // Odd block sizes: arrivals must straddle block edges without a seam.
  for (std::size_t done = 0; done < audio.size();) {
    const std::size_t count = std::min<std::size_t>(1237, audio.size() - done);
    renderer.render(std::span<float>(audio.data() + done, count));
    done += count;
  }
  return audio;
}

// Time (in samples, fractional) where the pulse near `expected` first rises through half
// of its peak: for a band-limited step, the step's own time.
inline double halfRiseSample(const std::vector<float> &audio, double expected, int window = 60) {
  const auto from = static_cast<std::ptrdiff_t>(std::max(0.0, expected - window));
  const auto to = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(audio.size()) - 1,
                                           static_cast<std::ptrdiff_t>(expected + window));
  std::ptrdiff_t peak = from;
  for (auto i = from; i <= to; ++i) {
    if (audio[static_cast<std::size_t>(i)] > audio[static_cast<std::size_t>(peak)]) {
      peak = i;
    }
  }
  const double half = 0.5 * audio[static_cast<std::size_t>(peak)];
  for (auto i = peak; i > from; --i) {
    const double a = audio[static_cast<std::size_t>(i - 1)];
    const double b = audio[static_cast<std::size_t>(i)];
    if (a < half && b >= half) {
      return static_cast<double>(i - 1) + (half - a) / (b - a);
    }
  }
  return -1e9;
}

// Energy of `audio` in [low_hz, high_hz] over `length` samples from `start` (plain DFT).
inline double bandEnergy(const std::vector<float> &audio, std::size_t start, std::size_t length,
                         double rate_hz, double low_hz, double high_hz) {
  double energy = 0.0;
  const auto first = static_cast<std::size_t>(std::ceil(low_hz * length / rate_hz));
  const auto last = static_cast<std::size_t>(std::floor(high_hz * length / rate_hz));
  for (std::size_t k = first; k <= last; ++k) {
    std::complex<double> sum;
    for (std::size_t n = 0; n < length; ++n) {
      const double angle = -2.0 * std::numbers::pi * static_cast<double>(k * n) / length;
      sum += static_cast<double>(audio[start + n]) *
             std::complex<double>(std::cos(angle), std::sin(angle));
    }
    energy += std::norm(sum);
  }
  return energy;
}

inline Emission blastAt(const Eigen::Vector3d &where, double time_s, double level_db,
                        double duration_s) {
  Emission emission;
  emission.offset_ns = secondsToNanos(time_s);
  emission.position_m = where;
  PulseComponent c;
  c.peak_pa = peakPascal(level_db);
  c.duration_s = duration_s;
  c.shape = 1.0;
  emission.pulse.components.push_back(c);
  return emission;
}

} // namespace salvo::sim::testing
