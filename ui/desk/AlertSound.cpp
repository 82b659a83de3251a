#include "AlertSound.h"

#include "audio/PortAudioSession.h"

#include <QDebug>
#include <QtConcurrent/QtConcurrentRun>

#include <portaudio.h>

#include <cmath>
#include <numbers>

namespace salvo {
namespace {
constexpr double kRate_hz = 48000.0;
} // namespace

AlertSound::AlertSound() : audio_(PortAudioSession::acquire()) {}

AlertSound::~AlertSound() {
  waitForFinished();
}

void AlertSound::waitForFinished() {
  running_.waitForFinished();
}

std::vector<float> AlertSound::chime(double sampleRate_hz) {
  // 880 Hz then 660 Hz, 150 ms each, with 10 ms fades so nothing clicks.
  const auto tone = static_cast<std::size_t>(0.15 * sampleRate_hz);
  const auto fade = static_cast<std::size_t>(0.01 * sampleRate_hz);
  std::vector<float> samples(2 * tone);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::size_t k = i % tone;
    const double frequency_hz = i < tone ? 880.0 : 660.0;
    double gain = 0.3;
    if (k < fade) {
      gain *= static_cast<double>(k) / static_cast<double>(fade);
    } else if (tone - k < fade) {
      gain *= static_cast<double>(tone - k) / static_cast<double>(fade);
    }
    samples[i] = static_cast<float>(gain * std::sin(2.0 * std::numbers::pi * frequency_hz *
                                                    static_cast<double>(k) / sampleRate_hz));
  }
  return samples;
}

void AlertSound::play() {
  if (busy_.exchange(true)) {
    return;
  }
  running_ = QtConcurrent::run([this] {
    playBlocking();
    busy_ = false;
  });
}

void AlertSound::playBlocking() {
  auto fail = [this](const char *what, const char *why) {
    if (!failedOnce_.exchange(true)) {
      qWarning().noquote() << "alert sound:" << what << why << "(alerts stay on screen only)";
    }
  };
  if (!audio_ || !audio_->isReady()) {
    fail("no audio output:", audio_ ? Pa_GetErrorText(paNotInitialized) : "no PortAudio session");
    return;
  }
  PaStream *stream = nullptr;
  PaError error = paNoError;
  {
    const std::lock_guard lock(audio_->streamMutex());
    error = Pa_OpenDefaultStream(&stream, 0, 1, paFloat32, kRate_hz, 1024, nullptr, nullptr);
    if (error == paNoError) {
      error = Pa_StartStream(stream);
    }
  }
  if (error == paNoError) {
    const std::vector<float> samples = chime(kRate_hz);
    error = Pa_WriteStream(stream, samples.data(), static_cast<unsigned long>(samples.size()));
    if (error == paNoError || error == paOutputUnderflowed) {
      ++played_;
      error = paNoError;
    }
  }
  if (stream != nullptr) {
    const std::lock_guard lock(audio_->streamMutex());
    Pa_StopStream(stream);
    Pa_CloseStream(stream);
  }
  if (error != paNoError) {
    fail("the output device failed:", Pa_GetErrorText(error));
  }
}

} // namespace salvo
