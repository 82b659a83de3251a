#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace salvo {

// One-sided energy spectrum of short real frames through FFTW (single precision).
// Planned once per size (FFTW's planner is not thread-safe, so planning and plan
// destruction are serialised on a process-wide mutex; executing is lock-free), then
// each call transforms one frame without allocating.
class PowerSpectrum {
public:
  explicit PowerSpectrum(std::size_t fft_size); // fft_size even, >= 2
  ~PowerSpectrum();
  PowerSpectrum(const PowerSpectrum &) = delete;
  PowerSpectrum &operator=(const PowerSpectrum &) = delete;

  std::size_t fftSize() const { return size_; }
  std::size_t binCount() const { return size_ / 2 + 1; }

  // Zero-pads (or truncates) `frame` to the FFT size and returns |X[k]|^2, k = 0..N/2,
  // scaled for Parseval on the one-sided spectrum: sum(result) == sum(frame^2).
  std::span<const double> compute(std::span<const float> frame);

private:
  struct Fftw;
  std::size_t size_;
  std::unique_ptr<Fftw> fftw_;
  std::vector<double> power_;
};

// Energy in [low_hz, high_hz) from a PowerSpectrum result, with partial bins at the
// edges weighted by their overlap so narrow low bands stay smooth.
double bandEnergy(std::span<const double> power, double sample_rate_hz, std::size_t fft_size,
                  double low_hz, double high_hz);

} // namespace salvo
