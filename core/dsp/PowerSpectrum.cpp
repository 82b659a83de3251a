#include "dsp/PowerSpectrum.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace salvo {

namespace {
std::mutex &fftwPlannerMutex() {
  static std::mutex mutex;
  return mutex;
}
} // namespace

struct PowerSpectrum::Fftw {
  float *input = nullptr;
  fftwf_complex *output = nullptr;
  fftwf_plan plan = nullptr;
};

PowerSpectrum::PowerSpectrum(std::size_t fft_size)
    : size_(fft_size), fftw_(std::make_unique<Fftw>()) {
  if (fft_size < 2 || fft_size % 2 != 0) {
    throw std::invalid_argument("PowerSpectrum: FFT size must be even and at least 2");
  }
  const std::lock_guard lock(fftwPlannerMutex());
  fftw_->input = fftwf_alloc_real(size_);
  fftw_->output = fftwf_alloc_complex(size_ / 2 + 1);
  fftw_->plan =
      fftwf_plan_dft_r2c_1d(static_cast<int>(size_), fftw_->input, fftw_->output, FFTW_ESTIMATE);
  if (fftw_->input == nullptr || fftw_->output == nullptr || fftw_->plan == nullptr) {
    throw std::runtime_error("PowerSpectrum: FFTW could not plan the transform");
  }
  power_.assign(size_ / 2 + 1, 0.0);
}

PowerSpectrum::~PowerSpectrum() {
  if (!fftw_) {
    return;
  }
  const std::lock_guard lock(fftwPlannerMutex());
  if (fftw_->plan != nullptr) {
    fftwf_destroy_plan(fftw_->plan);
  }
  fftwf_free(fftw_->input);
  fftwf_free(fftw_->output);
}

std::span<const double> PowerSpectrum::compute(std::span<const float> frame) {
  const std::size_t used = std::min(frame.size(), size_);
  std::copy_n(frame.begin(), used, fftw_->input);
  std::fill(fftw_->input + used, fftw_->input + size_, 0.0f);
  fftwf_execute(fftw_->plan);
  const double scale = 1.0 / static_cast<double>(size_);
  for (std::size_t k = 0; k < power_.size(); ++k) {
    const double re = fftw_->output[k][0];
    const double im = fftw_->output[k][1];
    // Interior bins stand for their negative-frequency twins too.
    const bool edge = k == 0 || k == size_ / 2;
    power_[k] = (re * re + im * im) * scale * (edge ? 1.0 : 2.0);
  }
  return power_;
}

double bandEnergy(std::span<const double> power, double sample_rate_hz, std::size_t fft_size,
                  double low_hz, double high_hz) {
  const double bin_hz = sample_rate_hz / static_cast<double>(fft_size);
  double energy = 0.0;
  if (!(high_hz > low_hz) || power.empty()) {
    return 0.0;
  }
  // Only the bins that can overlap the band.
  const auto k_first = static_cast<std::size_t>(std::max(0.0, std::floor(low_hz / bin_hz)));
  const auto k_end = std::min(
      power.size(), static_cast<std::size_t>(std::max(0.0, std::ceil(high_hz / bin_hz))) + 2);
  for (std::size_t k = k_first; k < k_end; ++k) {
    // Bin k covers [(k - 0.5) bin_hz, (k + 0.5) bin_hz).
    const double lo = (static_cast<double>(k) - 0.5) * bin_hz;
    const double hi = lo + bin_hz;
    const double overlap = std::min(hi, high_hz) - std::max(lo, low_hz);
    if (overlap > 0.0) {
      energy += power[k] * overlap / bin_hz;
    }
  }
  return energy;
}

} // namespace salvo
