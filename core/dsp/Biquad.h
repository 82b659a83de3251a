#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace salvo {

// One second-order section, normalised so a0 = 1:
//   y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]
struct BiquadCoefficients {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
};

// Bilinear-transform designs (RBJ cookbook forms), pre-warped so the -3 dB point of a
// Butterworth section lands exactly on cutoff_hz. cutoff_hz must be inside (0, fs/2).
BiquadCoefficients designHighPass(double cutoff_hz, double q, double sample_rate_hz);
BiquadCoefficients designLowPass(double cutoff_hz, double q, double sample_rate_hz);
// First-order sections expressed as biquads (b2 = a2 = 0), for odd orders.
BiquadCoefficients designFirstOrderHighPass(double cutoff_hz, double sample_rate_hz);
BiquadCoefficients designFirstOrderLowPass(double cutoff_hz, double sample_rate_hz);

// A cascade of second-order sections in transposed direct form II with double state:
// float samples in and out, but the recursion keeps its precision at low cutoffs and
// high sample rates (300 Hz at 48 kHz puts poles within 0.04 of the unit circle).
class BiquadCascade {
public:
  void addSection(const BiquadCoefficients &section);
  void reset();
  std::size_t sectionCount() const { return sections_.size(); }
  const std::vector<BiquadCoefficients> &sections() const { return sections_; }

  double process(double x) {
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      const BiquadCoefficients &c = sections_[i];
      State &s = state_[i];
      const double y = c.b0 * x + s.z1;
      s.z1 = c.b1 * x - c.a1 * y + s.z2;
      s.z2 = c.b2 * x - c.a2 * y;
      x = y;
    }
    return x;
  }
  void process(std::span<const float> in, std::span<float> out); // out.size() >= in.size()

  // Complex response at frequency_hz: magnitude (linear) and group delay (samples).
  double magnitudeAt(double frequency_hz, double sample_rate_hz) const;
  double groupDelayAt_samples(double frequency_hz, double sample_rate_hz) const;

private:
  struct State {
    double z1 = 0.0, z2 = 0.0;
  };
  std::vector<BiquadCoefficients> sections_;
  std::vector<State> state_;
};

// Butterworth cascades of any order >= 1 (odd orders get one first-order section).
BiquadCascade makeButterworthHighPass(int order, double cutoff_hz, double sample_rate_hz);
BiquadCascade makeButterworthLowPass(int order, double cutoff_hz, double sample_rate_hz);
// High-pass then low-pass; the low-pass is left out when its cutoff is at or above
// 0.45 fs (nothing left to remove that the converter's anti-alias filter did not).
BiquadCascade makeButterworthBandPass(int order, double low_cutoff_hz, double high_cutoff_hz,
                                      double sample_rate_hz);

} // namespace salvo
