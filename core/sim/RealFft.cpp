#include "sim/RealFft.h"

#include <cmath>
#include <map>
#include <mutex>
#include <numbers>
#include <stdexcept>

namespace salvo::sim {

namespace {

std::shared_ptr<const RealInverseFft::Plan> makePlan(std::size_t size) {
  auto plan = std::make_shared<RealInverseFft::Plan>();
  plan->size = size;
  plan->half = size / 2;
  const std::size_t half = plan->half;
  plan->twiddles.resize(half / 2 + 1);
  for (std::size_t k = 0; k < plan->twiddles.size(); ++k) {
    const double angle =
        2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(half);
    plan->twiddles[k] = {std::cos(angle), std::sin(angle)};
  }
  plan->realTwiddles.resize(half);
  for (std::size_t k = 0; k < half; ++k) {
    const double angle =
        2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(size);
    plan->realTwiddles[k] = {std::cos(angle), std::sin(angle)};
  }
  plan->bitReverse.resize(half);
  std::size_t bits = 0;
  while ((std::size_t{1} << bits) < half) {
    ++bits;
  }
  for (std::size_t i = 0; i < half; ++i) {
    std::size_t r = 0;
    for (std::size_t b = 0; b < bits; ++b) {
      r |= ((i >> b) & 1U) << (bits - 1 - b);
    }
    plan->bitReverse[i] = static_cast<std::uint32_t>(r);
  }
  return plan;
}

void complexInverse(const RealInverseFft::Plan &plan, std::complex<double> *data) {
  const std::size_t half = plan.half;
  for (std::size_t i = 0; i < half; ++i) {
    const std::size_t r = plan.bitReverse[i];
    if (r > i) {
      std::swap(data[i], data[r]);
    }
  }
  // The first stage's twiddle is exactly 1: a plain sum and difference, the same values.
  for (std::size_t start = 0; start + 1 < half; start += 2) {
    const std::complex<double> a = data[start];
    const std::complex<double> x = data[start + 1];
    data[start] = {a.real() + x.real(), a.imag() + x.imag()};
    data[start + 1] = {a.real() - x.real(), a.imag() - x.imag()};
  }
  for (std::size_t length = 4; length <= half; length <<= 1) {
    const std::size_t step = half / length;
    const std::size_t halfLength = length / 2;
    // Each butterfly's arithmetic is the same in either loop order; the twiddle-outer one
    // keeps the short inner loops of the early stages from dominating small transforms.
    for (std::size_t j = 0; j < halfLength; ++j) {
      // Written out in reals: std::complex's operator* carries a NaN recovery branch
      // (C99 Annex G) that keeps this innermost loop from being optimised.
      const double wr = plan.twiddles[j * step].real(); // index < half / 2
      const double wi = plan.twiddles[j * step].imag();
      for (std::size_t start = j; start < half; start += length) {
        const std::complex<double> a = data[start];
        const std::complex<double> x = data[start + halfLength];
        const double br = x.real() * wr - x.imag() * wi;
        const double bi = x.real() * wi + x.imag() * wr;
        data[start] = {a.real() + br, a.imag() + bi};
        data[start + halfLength] = {a.real() - br, a.imag() - bi};
      }
    }
  }
}

} // namespace

RealInverseFft::RealInverseFft(std::size_t size) {
  if (size < 4 || (size & (size - 1)) != 0) {
    throw std::invalid_argument("RealInverseFft: size must be a power of two >= 4");
  }
  static std::mutex mutex;
  static std::map<std::size_t, std::shared_ptr<const Plan>> plans;
  const std::lock_guard lock(mutex);
  auto &slot = plans[size];
  if (!slot) {
    slot = makePlan(size);
  }
  plan_ = slot;
}

void RealInverseFft::inverse(std::span<const std::complex<double>> bins,
                             std::span<double> out) const {
  const Plan &plan = *plan_;
  const std::size_t half = plan.half;
  thread_local std::vector<std::complex<double>> work;
  work.resize(half);
  // Pack the half-size complex spectrum Z[k] = E[k] + i O[k] of z[n] = x[2n] + i x[2n+1].
  for (std::size_t k = 0; k < half; ++k) {
    // In reals (see complexInverse): the same products std::complex would form.
    const double xr = bins[k].real();
    const double xi = bins[k].imag();
    const double mr = bins[half - k].real(); // conj(X[N/2 - k]) = X[k + N/2]
    const double mi = -bins[half - k].imag();
    const double er = 0.5 * (xr + mr);
    const double ei = 0.5 * (xi + mi);
    const double dr = 0.5 * (xr - mr);
    const double di = 0.5 * (xi - mi);
    const double tr = plan.realTwiddles[k].real(); // / W_N^k
    const double ti = plan.realTwiddles[k].imag();
    const double orr = dr * tr - di * ti;
    const double oi = dr * ti + di * tr;
    // even + i odd, with i odd = (0 orr - 1 oi) + i (0 oi + 1 orr) as std::complex forms it.
    work[k] = {er + (0.0 * orr - 1.0 * oi), ei + (0.0 * oi + 1.0 * orr)};
  }
  complexInverse(plan, work.data());
  const double scale = 1.0 / static_cast<double>(half);
  for (std::size_t n = 0; n < half; ++n) {
    out[2 * n] = work[n].real() * scale;
    out[2 * n + 1] = work[n].imag() * scale;
  }
}

void minimumPhaseSpectrum(std::span<const double> logMagnitude, std::span<std::complex<double>> out,
                          std::vector<double> &cepstrum, std::vector<std::complex<double>> &bins) {
  // Real cepstrum c = IDFT(log|H|), real and even. Folding it onto n >= 0 (c[0], 2c[n],
  // c[N/2]) gives the cepstrum of the minimum-phase system with that magnitude, whose
  // phase is phi[k] = -2 sum_{n=1}^{N/2-1} c[n] sin(2 pi k n / N): the real inverse
  // transform of the bins i N c[n] gives exactly that sine sum.
  const std::size_t count = logMagnitude.size();
  const std::size_t size = 2 * (count - 1);
  const RealInverseFft fft(size);
  bins.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    bins[k] = {logMagnitude[k], 0.0};
  }
  cepstrum.resize(size);
  fft.inverse(bins, cepstrum);
  const double n = static_cast<double>(size);
  bins.front() = {};
  bins.back() = {};
  for (std::size_t k = 1; k + 1 < count; ++k) {
    bins[k] = {0.0, n * cepstrum[k]};
  }
  fft.inverse(bins, cepstrum); // now the phase
  for (std::size_t k = 0; k < count; ++k) {
    out[k] = std::polar(std::exp(logMagnitude[k]), cepstrum[k]);
  }
}

} // namespace salvo::sim
