#include "sim/BackgroundNoise.h"

#include "sim/SourceModels.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace salvo::sim {
namespace {

float onePoleCoefficient(double cutoff_hz, double rate_hz) {
  return static_cast<float>(std::exp(-2.0 * std::numbers::pi * cutoff_hz / rate_hz));
}

// RMS of y[n] = a y[n-1] + (1 - a) x[n] for unit white x, and of two such poles in series.
double onePoleRms(double a) {
  return std::sqrt((1.0 - a) / (1.0 + a));
}
double twoPoleRms(double a) {
  // Two identical real poles: sum (1-a)^4 (n+1)^2 a^{2n} = (1-a)^4 (1+a^2)/(1-a^2)^3.
  const double g = 1.0 - a;
  return std::sqrt(g * g * g * g * (1.0 + a * a) / std::pow(1.0 - a * a, 3.0));
}

constexpr int kEnvelopeStep = 64;

} // namespace

BackgroundNoise::BackgroundNoise(const NoiseProfile &profile, double sample_rate_hz,
                                 std::uint64_t seed)
    : profile_(profile), rate_hz_(sample_rate_hz), noise_(seed), events_(seed ^ 0xA5A5A5A5ULL) {
  // Traffic: two independent bands whose sum falls about 3 dB an octave from 100 Hz to
  // 2 kHz and 6 dB an octave above, the shape of the normalised road-traffic spectrum
  // of EN 1793-3 without A-weighting.
  trafficLowA_ = onePoleCoefficient(120.0, rate_hz_);
  trafficHighA_ = onePoleCoefficient(std::min(2000.0, 0.4 * rate_hz_), rate_hz_);
  const double traffic_pa = peakPascal(profile_.traffic_db);
  trafficLowGain_ = static_cast<float>(traffic_pa * 0.85 / onePoleRms(trafficLowA_));
  trafficHighGain_ = static_cast<float>(traffic_pa * 0.5 / onePoleRms(trafficHighA_));
  if (profile_.wind_mps > 0.5) {
    windA_ = onePoleCoefficient(40.0, rate_hz_);
    const double wind_db = 62.0 + 40.0 * std::log10(profile_.wind_mps / 5.0);
    windGain_ = static_cast<float>(peakPascal(wind_db) / twoPoleRms(windA_));
  }
  if (profile_.rain_mm_per_h > 0.0) {
    rainA_ = onePoleCoefficient(1000.0, rate_hz_);
    const double rain_db = 42.0 + 10.0 * std::log10(profile_.rain_mm_per_h);
    // High-passed white: x - lowpass(x); its RMS is close to 1 for a 1 kHz corner.
    rainGain_ = static_cast<float>(peakPascal(rain_db));
    dropDecay_ = static_cast<float>(std::exp(-1.0 / (0.3e-3 * rate_hz_)));
    dropGain_ = static_cast<float>(peakPascal(rain_db + 25.0));
    dropProbability_ = 3.0 * profile_.rain_mm_per_h / rate_hz_;
  }
  selfGain_ = static_cast<float>(peakPascal(profile_.self_noise_db));
}

void BackgroundNoise::scheduleVehicles(double untilSeconds) {
  if (profile_.vehicles_per_minute <= 0.0) {
    return;
  }
  while (nextVehicle_s_ < untilSeconds + 30.0) {
    Vehicle v;
    v.closest_s = nextVehicle_s_;
    v.range_m = events_.uniform(8.0, 80.0);
    v.speed_mps = events_.uniform(7.0, 16.0);
    // A bus or a motorbike now and then.
    v.gain = events_.chance(0.1) ? events_.uniform(4.0, 12.0) : events_.uniform(0.6, 2.0);
    vehicles_.push_back(v);
    nextVehicle_s_ += events_.exponential(60.0 / profile_.vehicles_per_minute);
  }
  std::erase_if(vehicles_, [&](const Vehicle &v) { return v.closest_s < untilSeconds - 60.0; });
}

double BackgroundNoise::trafficEnvelope(double timeSeconds) const {
  // Intensity relative to the hum: 1 + sum of the pass-bys, each referred to 20 m.
  double intensity = 1.0;
  for (const auto &v : vehicles_) {
    const double along = v.speed_mps * (timeSeconds - v.closest_s);
    intensity += v.gain * 400.0 / (v.range_m * v.range_m + along * along);
  }
  return std::sqrt(intensity);
}

void BackgroundNoise::add(std::span<float> pressure_pa) {
  const double blockStart_s = static_cast<double>(sample_) / rate_hz_;
  scheduleVehicles(blockStart_s + static_cast<double>(pressure_pa.size()) / rate_hz_);
  for (std::size_t start = 0; start < pressure_pa.size(); start += kEnvelopeStep) {
    const std::size_t end = std::min(pressure_pa.size(), start + kEnvelopeStep);
    const double t = static_cast<double>(sample_ + static_cast<std::int64_t>(start)) / rate_hz_;
    const auto envelope = static_cast<float>(trafficEnvelope(t));
    // Gusts: an Ornstein-Uhlenbeck process with a 2 s time constant.
    const double step_s = static_cast<double>(end - start) / rate_hz_;
    gust_ += -gust_ * step_s / 2.0 + std::sqrt(step_s) * 0.6 * noise_.gaussian();
    const double gustFactor = std::clamp(1.0 + gust_, 0.2, 3.0);
    const auto windGain = static_cast<float>(windGain_ * gustFactor * gustFactor);
    const float lowGain = trafficLowGain_ * envelope;
    const float highGain = trafficHighGain_ * envelope;
    for (std::size_t i = start; i < end; ++i) {
      trafficLowState_ =
          trafficLowA_ * trafficLowState_ + (1.0f - trafficLowA_) * noise_.gaussian();
      trafficHighState_ =
          trafficHighA_ * trafficHighState_ + (1.0f - trafficHighA_) * noise_.gaussian();
      float value =
          lowGain * trafficLowState_ + highGain * trafficHighState_ + selfGain_ * noise_.gaussian();
      if (windGain_ > 0.0f) {
        windState1_ = windA_ * windState1_ + (1.0f - windA_) * noise_.gaussian();
        windState2_ = windA_ * windState2_ + (1.0f - windA_) * windState1_;
        value += windGain * windState2_;
      }
      if (rainGain_ > 0.0f) {
        const float white = noise_.gaussian();
        rainState_ = rainA_ * rainState_ + (1.0f - rainA_) * white;
        dropState_ *= dropDecay_;
        if (noise_.uniform() < dropProbability_) {
          dropState_ += dropGain_ * (noise_.gaussian() > 0.0f ? 1.0f : -1.0f);
        }
        value += rainGain_ * (white - rainState_) + dropState_;
      }
      pressure_pa[i] += value;
    }
  }
  sample_ += static_cast<std::int64_t>(pressure_pa.size());
}

} // namespace salvo::sim
