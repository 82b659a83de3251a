#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace salvo::sim {

// Inverse real FFT of one power-of-two size, in double. The simulator's own rather than
// FFTW: FFTW picks different code paths on different CPUs, and the same seed must give
// the same bytes on every machine.
class RealInverseFft {
public:
  explicit RealInverseFft(std::size_t size); // a power of two, at least 4

  std::size_t size() const { return plan_->size; }

  // bins: size/2 + 1 values of a real signal's DFT (X[k] = sum x[n] e^{-2 pi i k n / N}).
  // Writes x[n] = 1/N sum X[k] e^{+2 pi i k n / N} into `out` (size values). Thread-safe:
  // the tables are shared and read-only, the scratch is per thread.
  void inverse(std::span<const std::complex<double>> bins, std::span<double> out) const;

  struct Plan {
    std::size_t size = 0;
    std::size_t half = 0;
    std::vector<std::complex<double>> twiddles;     // e^{+2 pi i k / half}, k <= half/2
    std::vector<std::complex<double>> realTwiddles; // e^{+2 pi i k / size}, k < half
    std::vector<std::uint32_t> bitReverse;
  };

private:
  std::shared_ptr<const Plan> plan_; // one per size for the whole process
};

// The minimum-phase spectrum whose log magnitude (natural log) at the bins k = 0..N/2 of
// an N-point DFT is `logMagnitude` (N = 2 (size - 1), a power of two): exp(log|H| + i phi)
// with phi the phase of the causal, minimum-phase system of that magnitude (the real
// cepstrum folded onto n >= 0). Writes logMagnitude.size() values into `out`. A real
// edge-diffracted or absorbed wave starts at its travel time; a zero-phase gain would
// spread it before that time as well.
// `cepstrum` and `bins` are scratch (resized as needed), kept by the caller between calls.
void minimumPhaseSpectrum(std::span<const double> logMagnitude, std::span<std::complex<double>> out,
                          std::vector<double> &cepstrum, std::vector<std::complex<double>> &bins);

} // namespace salvo::sim
