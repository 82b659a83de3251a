#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

namespace salvo::sim {

// Inverse real FFT of one power-of-two size, in double. The simulator's own rather than
// FFTW: FFTW picks different code paths on different CPUs, and the same seed must give
// the same bytes on every machine.
class RealInverseFft {
public:
  explicit RealInverseFft(std::size_t size); // a power of two, at least 4

  std::size_t size() const { return size_; }

  // bins: size/2 + 1 values of a real signal's DFT (X[k] = sum x[n] e^{-2 pi i k n / N}).
  // Writes x[n] = 1/N sum X[k] e^{+2 pi i k n / N} into `out` (size values). `bins` is
  // used as scratch.
  void inverse(std::span<std::complex<double>> bins, std::span<double> out);

private:
  void complexInverse(std::complex<double> *data) const;

  std::size_t size_;
  std::size_t half_;
  std::vector<std::complex<double>> twiddles_;     // e^{+2 pi i k / half}, k < half/2
  std::vector<std::complex<double>> realTwiddles_; // e^{+2 pi i k / size}, k < half
  std::vector<std::size_t> bitReverse_;
  std::vector<std::complex<double>> work_;
};

} // namespace salvo::sim
