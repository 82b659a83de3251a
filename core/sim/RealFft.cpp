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
  for (std::size_t length = 2; length <= half; length <<= 1) {
    const std::size_t step = half / length;
    const std::size_t halfLength = length / 2;
    for (std::size_t start = 0; start < half; start += length) {
      for (std::size_t j = 0; j < halfLength; ++j) {
        const std::complex<double> w = plan.twiddles[j * step]; // index < half / 2
        const std::complex<double> a = data[start + j];
        const std::complex<double> b = data[start + j + halfLength] * w;
        data[start + j] = a + b;
        data[start + j + halfLength] = a - b;
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
    const std::complex<double> xk = bins[k];
    const std::complex<double> xkm = std::conj(bins[half - k]); // X[k + N/2]
    const std::complex<double> even = 0.5 * (xk + xkm);
    const std::complex<double> odd = 0.5 * (xk - xkm) * plan.realTwiddles[k]; // / W_N^k
    work[k] = even + std::complex<double>(0.0, 1.0) * odd;
  }
  complexInverse(plan, work.data());
  const double scale = 1.0 / static_cast<double>(half);
  for (std::size_t n = 0; n < half; ++n) {
    out[2 * n] = work[n].real() * scale;
    out[2 * n + 1] = work[n].imag() * scale;
  }
}

} // namespace salvo::sim
