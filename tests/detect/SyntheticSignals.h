#pragma once

// Synthetic test signals for the detector: impulses placed at exactly known fractional
// times, sampled the way a real converter does (band-limited by a linear-phase
// anti-alias filter, so a step shows its Gibbs pre-ringing), optionally low-passed by a
// causal "propagation" filter first (distance and air absorption round the shock front
// off but never move its start earlier), in coloured city-like noise.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

namespace salvo::test {

enum class PulseShape { Friedlander, NWave };

struct ImpulseSpec {
  double onset_s = 0.0; // true arrival time of the shock front
  double peak = 0.5;    // peak value in full-scale units, before low-passing
  PulseShape shape = PulseShape::Friedlander;
  double positive_s = 0.0008;          // Friedlander positive phase / N-wave length
  double propagation_lowpass_hz = 0.0; // 0: none; else causal 2-pole low-pass at this cutoff
  double polarity = 1.0;
};

inline double impulseValue(const ImpulseSpec &spec, double tau) {
  if (tau < 0.0) {
    return 0.0;
  }
  if (spec.shape == PulseShape::Friedlander) {
    // Friedlander wave with decay constant 1.5, cut off after 12 positive phases.
    const double u = tau / spec.positive_s;
    return u > 12.0 ? 0.0 : spec.peak * (1.0 - u) * std::exp(-1.5 * u);
  }
  // N-wave: jump to +peak, linear to -peak, jump back to zero.
  if (tau > spec.positive_s) {
    return 0.0;
  }
  return spec.peak * (1.0 - 2.0 * tau / spec.positive_s);
}

// Adds `spec` to `signal` (sample rate `rate_hz`, sample n at time n / rate_hz).
inline void addImpulse(std::vector<float> &signal, double rate_hz, const ImpulseSpec &spec) {
  // Fine grid aligned on the onset, so the discontinuity sits exactly on a grid point.
  const int oversample = std::max(8, static_cast<int>(std::ceil(384000.0 / rate_hz)));
  const double fine_hz = rate_hz * oversample;
  const double length_s =
      0.03 + (spec.propagation_lowpass_hz > 0.0 ? 8.0 / spec.propagation_lowpass_hz : 0.0);
  const auto fine_count = static_cast<std::size_t>(length_s * fine_hz);
  std::vector<double> fine(fine_count);
  for (std::size_t k = 0; k < fine_count; ++k) {
    fine[k] = spec.polarity * impulseValue(spec, static_cast<double>(k) / fine_hz);
  }
  if (spec.propagation_lowpass_hz > 0.0) {
    // Two cascaded one-pole low-passes (critically damped, causal).
    const double a = std::exp(-2.0 * std::numbers::pi * spec.propagation_lowpass_hz / fine_hz);
    for (int pass = 0; pass < 2; ++pass) {
      double state = 0.0;
      for (double &v : fine) {
        state = a * state + (1.0 - a) * v;
        v = state;
      }
    }
  }
  // Band-limited sampling: a Blackman-windowed sinc at 0.45 fs, 24 output samples
  // either side, zero phase (centred on each output sample).
  const double cutoff_hz = 0.45 * rate_hz;
  const double half_width_s = 24.0 / rate_hz;
  auto kernel = [&](double t) {
    if (std::abs(t) >= half_width_s) {
      return 0.0;
    }
    const double x = 2.0 * cutoff_hz * t;
    const double sinc = x == 0.0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
    const double w = 0.42 + 0.5 * std::cos(std::numbers::pi * t / half_width_s) +
                     0.08 * std::cos(2.0 * std::numbers::pi * t / half_width_s);
    return 2.0 * cutoff_hz * sinc * w / fine_hz;
  };
  const auto first = static_cast<std::int64_t>(std::floor((spec.onset_s - half_width_s) * rate_hz));
  const auto last =
      static_cast<std::int64_t>(std::ceil((spec.onset_s + length_s + half_width_s) * rate_hz));
  for (std::int64_t n = std::max<std::int64_t>(first, 0);
       n <= last && n < static_cast<std::int64_t>(signal.size()); ++n) {
    const double t = static_cast<double>(n) / rate_hz - spec.onset_s; // relative to onset
    // Fine samples within the kernel's reach.
    const auto k0 =
        static_cast<std::int64_t>(std::max(0.0, std::ceil((t - half_width_s) * fine_hz)));
    const auto k1 = std::min<std::int64_t>(static_cast<std::int64_t>(fine_count) - 1,
                                           static_cast<std::int64_t>((t + half_width_s) * fine_hz));
    double acc = 0.0;
    for (std::int64_t k = k0; k <= k1; ++k) {
      acc += fine[static_cast<std::size_t>(k)] * kernel(t - static_cast<double>(k) / fine_hz);
    }
    signal[static_cast<std::size_t>(n)] += static_cast<float>(acc);
  }
}

// City-like noise: white (electronics, distant hiss) at `white_rms`, plus a rumble
// (traffic, wind: white noise through two one-pole low-passes at 40 Hz, falling
// 12 dB an octave above that) at `rumble_rms`.
inline std::vector<float> cityNoise(std::size_t count, double rate_hz, double white_rms,
                                    double rumble_rms, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<float> out(count);
  const double a = std::exp(-2.0 * std::numbers::pi * 40.0 / rate_hz);
  std::vector<double> rumble(count);
  double s1 = 0.0;
  double s2 = 0.0;
  double sum2 = 0.0;
  for (std::size_t n = 0; n < count; ++n) {
    s1 = a * s1 + (1.0 - a) * normal(rng);
    s2 = a * s2 + (1.0 - a) * s1;
    rumble[n] = s2;
    sum2 += s2 * s2;
  }
  const double gain = sum2 > 0.0 ? rumble_rms / std::sqrt(sum2 / static_cast<double>(count)) : 0.0;
  for (std::size_t n = 0; n < count; ++n) {
    out[n] = static_cast<float>(white_rms * normal(rng) + gain * rumble[n]);
  }
  return out;
}

} // namespace salvo::test
