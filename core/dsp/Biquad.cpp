#include "dsp/Biquad.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <string>

namespace salvo {

namespace {

void checkCutoff(double cutoff_hz, double sample_rate_hz) {
  if (!(sample_rate_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < 0.5 * sample_rate_hz)) {
    throw std::invalid_argument("biquad cutoff " + std::to_string(cutoff_hz) +
                                " Hz is not inside (0, fs/2) for fs " +
                                std::to_string(sample_rate_hz) + " Hz");
  }
}

BiquadCoefficients normalise(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

// Q of section k of an order-n Butterworth filter (poles at angles (2k+1)π/(2n)).
double butterworthQ(int order, int section) {
  const double angle = std::numbers::pi * (2.0 * section + 1.0) / (2.0 * order);
  return 1.0 / (2.0 * std::sin(angle));
}

std::complex<double> sectionResponse(const BiquadCoefficients &c, double omega) {
  const std::complex<double> z1 = std::polar(1.0, -omega);
  const std::complex<double> z2 = z1 * z1;
  return (c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2);
}

} // namespace

BiquadCoefficients designHighPass(double cutoff_hz, double q, double sample_rate_hz) {
  checkCutoff(cutoff_hz, sample_rate_hz);
  const double w0 = 2.0 * std::numbers::pi * cutoff_hz / sample_rate_hz;
  const double cw = std::cos(w0);
  const double alpha = std::sin(w0) / (2.0 * q);
  return normalise((1.0 + cw) / 2.0, -(1.0 + cw), (1.0 + cw) / 2.0, 1.0 + alpha, -2.0 * cw,
                   1.0 - alpha);
}

BiquadCoefficients designLowPass(double cutoff_hz, double q, double sample_rate_hz) {
  checkCutoff(cutoff_hz, sample_rate_hz);
  const double w0 = 2.0 * std::numbers::pi * cutoff_hz / sample_rate_hz;
  const double cw = std::cos(w0);
  const double alpha = std::sin(w0) / (2.0 * q);
  return normalise((1.0 - cw) / 2.0, 1.0 - cw, (1.0 - cw) / 2.0, 1.0 + alpha, -2.0 * cw,
                   1.0 - alpha);
}

BiquadCoefficients designFirstOrderHighPass(double cutoff_hz, double sample_rate_hz) {
  checkCutoff(cutoff_hz, sample_rate_hz);
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  return normalise(1.0, -1.0, 0.0, 1.0 + k, k - 1.0, 0.0);
}

BiquadCoefficients designFirstOrderLowPass(double cutoff_hz, double sample_rate_hz) {
  checkCutoff(cutoff_hz, sample_rate_hz);
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  return normalise(k, k, 0.0, 1.0 + k, k - 1.0, 0.0);
}

void BiquadCascade::addSection(const BiquadCoefficients &section) {
  sections_.push_back(section);
  state_.emplace_back();
}

void BiquadCascade::reset() {
  for (State &s : state_) {
    s = State{};
  }
}

void BiquadCascade::process(std::span<const float> in, std::span<float> out) {
  for (std::size_t n = 0; n < in.size(); ++n) {
    out[n] = static_cast<float>(process(static_cast<double>(in[n])));
  }
}

double BiquadCascade::magnitudeAt(double frequency_hz, double sample_rate_hz) const {
  const double omega = 2.0 * std::numbers::pi * frequency_hz / sample_rate_hz;
  double magnitude = 1.0;
  for (const BiquadCoefficients &c : sections_) {
    magnitude *= std::abs(sectionResponse(c, omega));
  }
  return magnitude;
}

double BiquadCascade::groupDelayAt_samples(double frequency_hz, double sample_rate_hz) const {
  // Central difference of the unwrapped phase; the step is small enough that no
  // section's phase wraps within it.
  const double omega = 2.0 * std::numbers::pi * frequency_hz / sample_rate_hz;
  const double h = 1e-5;
  double delay = 0.0;
  for (const BiquadCoefficients &c : sections_) {
    const double lo = std::arg(sectionResponse(c, std::max(omega - h, 0.0)));
    const double hi = std::arg(sectionResponse(c, omega + h));
    double d = hi - lo;
    if (d > std::numbers::pi) {
      d -= 2.0 * std::numbers::pi;
    } else if (d < -std::numbers::pi) {
      d += 2.0 * std::numbers::pi;
    }
    delay += -d / (omega + h - std::max(omega - h, 0.0));
  }
  return delay;
}

BiquadCascade makeButterworthHighPass(int order, double cutoff_hz, double sample_rate_hz) {
  if (order < 1) {
    throw std::invalid_argument("Butterworth order must be at least 1");
  }
  BiquadCascade cascade;
  for (int k = 0; k < order / 2; ++k) {
    cascade.addSection(designHighPass(cutoff_hz, butterworthQ(order, k), sample_rate_hz));
  }
  if (order % 2 == 1) {
    cascade.addSection(designFirstOrderHighPass(cutoff_hz, sample_rate_hz));
  }
  return cascade;
}

BiquadCascade makeButterworthLowPass(int order, double cutoff_hz, double sample_rate_hz) {
  if (order < 1) {
    throw std::invalid_argument("Butterworth order must be at least 1");
  }
  BiquadCascade cascade;
  for (int k = 0; k < order / 2; ++k) {
    cascade.addSection(designLowPass(cutoff_hz, butterworthQ(order, k), sample_rate_hz));
  }
  if (order % 2 == 1) {
    cascade.addSection(designFirstOrderLowPass(cutoff_hz, sample_rate_hz));
  }
  return cascade;
}

BiquadCascade makeButterworthBandPass(int order, double low_cutoff_hz, double high_cutoff_hz,
                                      double sample_rate_hz) {
  BiquadCascade cascade = makeButterworthHighPass(order, low_cutoff_hz, sample_rate_hz);
  if (high_cutoff_hz < 0.45 * sample_rate_hz) {
    const BiquadCascade low_pass = makeButterworthLowPass(order, high_cutoff_hz, sample_rate_hz);
    for (const BiquadCoefficients &c : low_pass.sections()) {
      cascade.addSection(c);
    }
  }
  return cascade;
}

} // namespace salvo
