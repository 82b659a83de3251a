#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace salvo {

// A short-time power spectrum of one clip, in dB: frame f covers samples
// [f·hop, f·hop + fft_size) through a Hann window; bin b is b·rate/fft_size Hz.
// Plain C++ over FFTW (PowerSpectrum); computed on a worker thread for long clips.
struct Spectrogram {
  std::size_t frames = 0;
  std::size_t bins = 0;
  std::size_t fft_size = 0;
  std::size_t hop = 0;
  double sample_rate_hz = 0.0;
  std::vector<float> power_db; // frames × bins, frame-major
  float max_db = -300.0f;

  float at(std::size_t frame, std::size_t bin) const { return power_db[frame * bins + bin]; }
  double binFrequency_hz(std::size_t bin) const;
  double frameCentre_s(std::size_t frame) const; // from the clip's first sample
};

// Throws std::invalid_argument for an fft_size that is not even and >= 16, a hop of 0
// or a sample rate that is not positive. A clip shorter than one frame gives one
// zero-padded frame.
Spectrogram computeSpectrogram(std::span<const float> samples, double sample_rate_hz,
                               std::size_t fft_size = 512, std::size_t hop = 128);

// The bin of the largest power summed over all frames (the clip's dominant tone).
std::size_t strongestBin(const Spectrogram &spectrogram);

} // namespace salvo
