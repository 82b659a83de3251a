#include "Spectrogram.h"

#include "dsp/PowerSpectrum.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace salvo {

double Spectrogram::binFrequency_hz(std::size_t bin) const {
  return static_cast<double>(bin) * sample_rate_hz / static_cast<double>(fft_size);
}

double Spectrogram::frameCentre_s(std::size_t frame) const {
  return (static_cast<double>(frame * hop) + 0.5 * static_cast<double>(fft_size)) / sample_rate_hz;
}

Spectrogram computeSpectrogram(std::span<const float> samples, double sample_rate_hz,
                               std::size_t fft_size, std::size_t hop) {
  if (fft_size < 16 || fft_size % 2 != 0 || hop == 0 || !(sample_rate_hz > 0.0)) {
    throw std::invalid_argument("spectrogram needs an even FFT size >= 16, a hop > 0 and a "
                                "positive sample rate");
  }
  Spectrogram result;
  result.fft_size = fft_size;
  result.hop = hop;
  result.sample_rate_hz = sample_rate_hz;
  result.bins = fft_size / 2 + 1;
  result.frames = samples.size() <= fft_size ? 1 : 1 + (samples.size() - fft_size) / hop;
  result.power_db.resize(result.frames * result.bins);

  std::vector<float> window(fft_size);
  for (std::size_t i = 0; i < fft_size; ++i) {
    window[i] =
        static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                                static_cast<double>(fft_size)));
  }
  PowerSpectrum spectrum(fft_size);
  std::vector<float> frame(fft_size);
  for (std::size_t f = 0; f < result.frames; ++f) {
    const std::size_t start = f * hop;
    for (std::size_t i = 0; i < fft_size; ++i) {
      const std::size_t n = start + i;
      frame[i] = n < samples.size() ? samples[n] * window[i] : 0.0f;
    }
    const std::span<const double> power = spectrum.compute(frame);
    for (std::size_t b = 0; b < result.bins; ++b) {
      // 1e-20 keeps digital silence finite (-200 dB) instead of -inf.
      const auto db = static_cast<float>(10.0 * std::log10(power[b] + 1e-20));
      result.power_db[f * result.bins + b] = db;
      result.max_db = std::max(result.max_db, db);
    }
  }
  return result;
}

std::size_t strongestBin(const Spectrogram &spectrogram) {
  std::vector<double> total(spectrogram.bins, 0.0);
  for (std::size_t f = 0; f < spectrogram.frames; ++f) {
    for (std::size_t b = 0; b < spectrogram.bins; ++b) {
      total[b] += std::pow(10.0, spectrogram.at(f, b) / 10.0);
    }
  }
  return static_cast<std::size_t>(std::max_element(total.begin(), total.end()) - total.begin());
}

} // namespace salvo
