#pragma once

// Synthetic sensor networks and arrivals for location tests: random rooftop layouts in
// ENU with up to 150 m of height difference, exact propagation through a moving medium
// (speed of sound and wind drawn from the solver's priors, so coverage tests are fair),
// Gaussian onset noise, echoes, blocked paths, local noises and clock offsets.

#include "detect/Pulse.h"
#include "locate/TdoaSolver.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

namespace salvo::testing {

struct SyntheticWorld {
  std::vector<Eigen::Vector3d> sensors_enu_m;
  double speed_mps = 343.0;
  Eigen::Vector2d wind_mps = Eigen::Vector2d::Zero();
};

// Hilly ground: `relief_m` between the lowest and the highest point.
inline double terrainHeight_m(double east_m, double north_m, double relief_m) {
  return relief_m / 2.0 * (1.0 + std::sin(east_m / 300.0) * std::cos(north_m / 400.0));
}

// A source at street level (1.5 m above the ground).
inline Eigen::Vector3d groundSource(double east_m, double north_m, double relief_m) {
  return {east_m, north_m, terrainHeight_m(east_m, north_m, relief_m) + 1.5};
}

// Sensors on rooftops and poles 5..25 m above hilly ground.
inline SyntheticWorld randomNetwork(std::mt19937_64 &rng, int sensors, double side_m,
                                    double relief_m) {
  std::uniform_real_distribution<double> xy(-side_m / 2, side_m / 2);
  std::uniform_real_distribution<double> mast(5.0, 25.0);
  SyntheticWorld world;
  while (static_cast<int>(world.sensors_enu_m.size()) < sensors) {
    const double e = xy(rng);
    const double n = xy(rng);
    const Eigen::Vector3d s(e, n, terrainHeight_m(e, n, relief_m) + mast(rng));
    bool farEnough = true;
    for (const auto &other : world.sensors_enu_m) {
      farEnough = farEnough && (other - s).head<2>().norm() > 40.0;
    }
    if (farEnough) {
      world.sensors_enu_m.push_back(s);
    }
  }
  return world;
}

// Exact travel time in a uniformly moving medium: the wavefront is a sphere of radius
// c·τ centred on p + w·τ, so |s - p - w τ| = c τ, a quadratic in τ.
inline double travelTime_s(const SyntheticWorld &world, const Eigen::Vector3d &source,
                           const Eigen::Vector3d &sensor) {
  const Eigen::Vector3d a = sensor - source;
  const Eigen::Vector3d w(world.wind_mps.x(), world.wind_mps.y(), 0.0);
  const double c = world.speed_mps;
  const double qa = c * c - w.squaredNorm();
  const double qb = a.dot(w);
  return (-qb + std::sqrt(qb * qb + qa * a.squaredNorm())) / qa;
}

inline std::vector<TdoaArrival> arrivalsFor(const SyntheticWorld &world,
                                            const Eigen::Vector3d &source, double emission_s,
                                            double noise_s, std::mt19937_64 &rng) {
  std::normal_distribution<double> noise(0.0, noise_s);
  std::vector<TdoaArrival> arrivals;
  for (const auto &s : world.sensors_enu_m) {
    arrivals.push_back({s, emission_s + travelTime_s(world, source, s) + noise(rng), 0.0});
  }
  return arrivals;
}

struct SyntheticShot {
  Eigen::Vector3d position_m;
  double emission_s; // after kSyntheticEpoch_ns
};

inline constexpr UtcNs kSyntheticEpoch_ns = 1'783'240'901'000'000'000;

struct PulseFieldOptions {
  double noise_s = 0.2e-3;
  double hearing_range_m = 900.0;
  int echoes_per_arrival = 2;             // later copies, 3..250 ms after the direct sound
  double blocked_fraction = 0.08;         // direct path blocked: only a late diffracted arrival
  double local_noises_per_sensor_s = 0.1; // one-sensor clicks per second
  double duration_s = 30.0;
  std::vector<double> clock_offset_s; // per sensor (empty: none)
  // Buildings that re-radiate every shot (point scatterers): each sensor in range also
  // hears the shot via the scatterer, 6 dB below spherical spreading over the longer path.
  std::vector<Eigen::Vector3d> scatterers;
  double source_level_db = 140.0; // dB SPL at 1 m; pulse levels follow spherical spreading
};

// Pulses as the detector would hand them over: each sensor's list in onset order.
inline std::vector<Pulse> pulseField(const SyntheticWorld &world,
                                     const std::vector<SyntheticShot> &shots,
                                     const PulseFieldOptions &o, std::mt19937_64 &rng) {
  std::normal_distribution<double> noise(0.0, o.noise_s);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // (onset time, peak level) a pulse
  std::vector<std::vector<std::pair<double, double>>> times(world.sensors_enu_m.size());
  auto spread_db = [&](double path_m) {
    return o.source_level_db - 20.0 * std::log10(std::max(path_m, 1.0));
  };
  for (std::size_t s = 0; s < world.sensors_enu_m.size(); ++s) {
    const double clock = o.clock_offset_s.empty() ? 0.0 : o.clock_offset_s[s];
    for (const SyntheticShot &shot : shots) {
      const Eigen::Vector3d &sensor = world.sensors_enu_m[s];
      if ((sensor - shot.position_m).norm() > o.hearing_range_m) {
        continue;
      }
      const double direct = shot.emission_s + travelTime_s(world, shot.position_m, sensor);
      const double level = spread_db((sensor - shot.position_m).norm());
      double first = direct + noise(rng);
      if (unit(rng) < o.blocked_fraction) {
        first += 0.004 + 0.03 * unit(rng);
      }
      times[s].emplace_back(first + clock, level);
      for (int e = 0; e < o.echoes_per_arrival; ++e) {
        times[s].emplace_back(first + 0.003 + 0.25 * unit(rng) + clock, level - 6.0);
      }
      for (const Eigen::Vector3d &b : o.scatterers) {
        const double toScatterer_m = (b - shot.position_m).norm();
        const double path_m = toScatterer_m + (sensor - b).norm();
        if (path_m <= o.hearing_range_m) {
          const double echo = shot.emission_s + travelTime_s(world, shot.position_m, b) +
                              travelTime_s(world, b, sensor) + noise(rng);
          times[s].emplace_back(echo + clock, spread_db(path_m) - 6.0);
        }
      }
    }
    const int clicks = static_cast<int>(o.local_noises_per_sensor_s * o.duration_s);
    for (int k = 0; k < clicks; ++k) {
      times[s].emplace_back(o.duration_s * unit(rng), 70.0);
    }
    std::sort(times[s].begin(), times[s].end());
  }
  std::vector<Pulse> pulses;
  for (std::size_t s = 0; s < times.size(); ++s) {
    std::uint64_t seq = 0;
    for (const auto &[t, level] : times[s]) {
      Pulse p;
      p.sensor_index = s;
      p.sequence = seq++;
      p.onset_utc_ns = kSyntheticEpoch_ns + secondsToNanos(t);
      p.peak_db_spl = level;
      p.sample_rate_hz = 12000.0;
      p.snr_db = 20.0;
      pulses.push_back(p);
    }
  }
  return pulses;
}

// The held-out city: 5-6 rooftop sensors 60-800 m from a street-level source on a slope
// of a city with 150 m of relief; 12 kHz onsets (a whole sample, then refinement jitter);
// a weather feed a few degrees off, a light wind; the height prior at street level below
// the first sensor to hear. Each arrival's sigma comes from its pulse's SNR and rise time.
// The first `late` arrivals are diffracted: 1-3 ms late (uniform, not the NLOS model's
// exponential).
struct HillyShot {
  std::vector<TdoaArrival> arrivals;
  Eigen::Vector3d source;
  TdoaSolverOptions options;
};

inline HillyShot hillyShot(std::mt19937_64 &rng, int sensors, int late = 0) {
  constexpr double kRate_hz = 12000.0;
  constexpr double kRelief_m = 150.0;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  HillyShot shot;
  shot.source = groundSource(600.0 * (unit(rng) - 0.5), 600.0 * (unit(rng) - 0.5), kRelief_m);
  SyntheticWorld world;
  const double trueTemperature_c = 5.0 + 25.0 * unit(rng);
  world.speed_mps = 331.3 * std::sqrt(1.0 + trueTemperature_c / 273.15);
  world.wind_mps = Eigen::Vector2d(normal(rng), normal(rng)) * 1.5;
  while (static_cast<int>(world.sensors_enu_m.size()) < sensors) {
    const double bearing = 2.0 * std::numbers::pi * unit(rng);
    const double range_m = 60.0 + 740.0 * unit(rng);
    const double e = shot.source.x() + range_m * std::cos(bearing);
    const double n = shot.source.y() + range_m * std::sin(bearing);
    world.sensors_enu_m.emplace_back(e, n,
                                     terrainHeight_m(e, n, kRelief_m) + 8.0 + 20.0 * unit(rng));
  }
  for (const Eigen::Vector3d &sensor : world.sensors_enu_m) {
    const double snr_db = 12.0 + 28.0 * unit(rng);
    const double rise_s = (2.0 + 4.0 * unit(rng)) / kRate_hz;
    const double sigma_s = onsetTimingSigma_s(snr_db, kRate_hz, rise_s);
    const double t = 5.0 + travelTime_s(world, shot.source, sensor);
    // Sub-sample refinement resolves a quarter of a 12 kHz sample; the picker's jitter in
    // noise comes on top.
    double onset = std::round(t * 4.0 * kRate_hz) / (4.0 * kRate_hz) + sigma_s * normal(rng);
    if (static_cast<int>(shot.arrivals.size()) < late) {
      onset += 0.001 + 0.002 * unit(rng); // diffracted: 1-3 ms late, uniform
    }
    shot.arrivals.push_back({sensor, onset, sigma_s});
  }
  const double reportedTemperature_c = trueTemperature_c + 3.0 * normal(rng);
  shot.options.speed_of_sound_mps = 331.3 * std::sqrt(1.0 + reportedTemperature_c / 273.15);
  const auto first =
      std::min_element(shot.arrivals.begin(), shot.arrivals.end(),
                       [](const auto &a, const auto &b) { return a.arrival_s < b.arrival_s; });
  shot.options.source_height_m = first->sensor_enu_m.z() - 10.0;
  return shot;
}

} // namespace salvo::testing
