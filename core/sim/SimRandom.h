#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace salvo::sim {

// Scenario decisions (where, when, what) draw from std::mt19937_64, whose raw output the
// standard fixes bit for bit. The standard distributions are not portable between
// library implementations, so every draw is derived here from the raw 64-bit words:
// the same seed gives the same scenario on every machine.
class SimRng {
public:
  explicit SimRng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t raw() { return next(); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [low, high].
  int uniformInt(int low, int high) {
    const auto span = static_cast<std::uint64_t>(high - low) + 1U;
    return low + static_cast<int>(next() % span);
  }
  bool chance(double probability) { return uniform() < probability; }

  // Box-Muller on two of our own uniforms.
  double normal(double mean = 0.0, double sigma = 1.0) {
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    return mean + sigma * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
  // A derived seed for an independent stream (per sensor noise, per event detail).
  std::uint64_t fork() { return next() ^ 0x9E3779B97F4A7C15ULL; }

  // Raw words drawn so far, and skipping ahead by a count of them: a copy of the generator
  // plus a count replays any later stretch of decisions exactly (IncidentSchedule).
  std::uint64_t draws() const { return draws_; }
  void discard(std::uint64_t count) {
    engine_.discard(count);
    draws_ += count;
  }

private:
  std::uint64_t next() {
    ++draws_;
    return engine_();
  }

  std::mt19937_64 engine_;
  std::uint64_t draws_ = 0;
};

// Audio-rate noise: xoshiro256+ (Blackman & Vigna), seeded through splitmix64. One 64-bit
// word gives four 16-bit uniforms whose sum is a near-Gaussian value (Irwin-Hall, n = 4):
// cheap enough for every sample of twenty sensors, and exactly reproducible.
class NoiseRng {
public:
  explicit NoiseRng(std::uint64_t seed) {
    for (auto &word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = state_[0] + state_[3];
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = (state_[3] << 45) | (state_[3] >> 19);
    return result;
  }

  // Zero mean, unit variance, bounded by ±3.46.
  float gaussian() {
    const std::uint64_t w = next();
    const auto sum = static_cast<std::int32_t>((w & 0xFFFF) + ((w >> 16) & 0xFFFF) +
                                               ((w >> 32) & 0xFFFF) + (w >> 48));
    // Each 16-bit uniform has variance 65536^2/12; four of them 65536^2/3.
    constexpr float kScale = 1.7320508f / 65536.0f;
    return static_cast<float>(sum - 131070) * kScale;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
  std::uint64_t state_[4] = {};
};

} // namespace salvo::sim
