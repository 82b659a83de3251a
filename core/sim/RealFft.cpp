#include "sim/RealFft.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace salvo::sim {

RealInverseFft::RealInverseFft(std::size_t size) : size_(size), half_(size / 2) {
  if (size < 4 || (size & (size - 1)) != 0) {
    throw std::invalid_argument("RealInverseFft: size must be a power of two >= 4");
  }
  twiddles_.resize(half_ / 2 + 1);
  for (std::size_t k = 0; k < twiddles_.size(); ++k) {
    const double angle =
        2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(half_);
    twiddles_[k] = {std::cos(angle), std::sin(angle)};
  }
  realTwiddles_.resize(half_);
  for (std::size_t k = 0; k < half_; ++k) {
    const double angle =
        2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(size_);
    realTwiddles_[k] = {std::cos(angle), std::sin(angle)};
  }
  bitReverse_.resize(half_);
  std::size_t bits = 0;
  while ((std::size_t{1} << bits) < half_) {
    ++bits;
  }
  for (std::size_t i = 0; i < half_; ++i) {
    std::size_t r = 0;
    for (std::size_t b = 0; b < bits; ++b) {
      r |= ((i >> b) & 1U) << (bits - 1 - b);
    }
    bitReverse_[i] = r;
  }
  work_.resize(half_);
}

void RealInverseFft::complexInverse(std::complex<double> *data) const {
  for (std::size_t i = 0; i < half_; ++i) {
    const std::size_t r = bitReverse_[i];
    if (r > i) {
      std::swap(data[i], data[r]);
    }
  }
  for (std::size_t length = 2; length <= half_; length <<= 1) {
    const std::size_t step = half_ / length;
    const std::size_t halfLength = length / 2;
    for (std::size_t start = 0; start < half_; start += length) {
      for (std::size_t j = 0; j < halfLength; ++j) {
        const std::size_t index = j * step;
        const std::complex<double> w = twiddles_[index]; // index < half_ / 2
        const std::complex<double> a = data[start + j];
        const std::complex<double> b = data[start + j + halfLength] * w;
        data[start + j] = a + b;
        data[start + j + halfLength] = a - b;
      }
    }
  }
}

void RealInverseFft::inverse(std::span<std::complex<double>> bins, std::span<double> out) {
  // Pack the half-size complex spectrum Z[k] = E[k] + i O[k] of z[n] = x[2n] + i x[2n+1].
  for (std::size_t k = 0; k < half_; ++k) {
    const std::complex<double> xk = bins[k];
    const std::complex<double> xkm = std::conj(bins[half_ - k]); // X[k + N/2]
    const std::complex<double> even = 0.5 * (xk + xkm);
    const std::complex<double> odd = 0.5 * (xk - xkm) * realTwiddles_[k]; // / W_N^k
    work_[k] = even + std::complex<double>(0.0, 1.0) * odd;
  }
  complexInverse(work_.data());
  const double scale = 1.0 / static_cast<double>(half_);
  for (std::size_t n = 0; n < half_; ++n) {
    out[2 * n] = work_[n].real() * scale;
    out[2 * n + 1] = work_[n].imag() * scale;
  }
}

} // namespace salvo::sim
