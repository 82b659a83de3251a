#include "AlertSound.h"

#include <QDebug>
#include <QtConcurrent/QtConcurrentRun>

#include <portaudio.h>

#include <cmath>
#include <mutex>
#include <numbers>

namespace salvo {
namespace {
constexpr double kRate_hz = 48000.0;
// Pa_Initialize/Pa_Terminate are reference counted but not thread-safe.
std::mutex &portAudioMutex() {
  static std::mutex mutex;
  return mutex;
}
} // namespace

AlertSound::AlertSound() = default;

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
  const std::lock_guard lock(portAudioMutex());
  auto fail = [this](const char *what, PaError code) {
    if (!failedOnce_.exchange(true)) {
      qWarning().noquote() << "alert sound:" << what << Pa_GetErrorText(code)
                           << "(alerts stay on screen only)";
    }
  };
  const PaError init = Pa_Initialize();
  if (init != paNoError) {
    fail("no audio output:", init);
    return;
  }
  PaStream *stream = nullptr;
  PaError error = Pa_OpenDefaultStream(&stream, 0, 1, paFloat32, kRate_hz, 1024, nullptr, nullptr);
  if (error == paNoError) {
    error = Pa_StartStream(stream);
    if (error == paNoError) {
      const std::vector<float> samples = chime(kRate_hz);
      error = Pa_WriteStream(stream, samples.data(), static_cast<unsigned long>(samples.size()));
      if (error == paNoError || error == paOutputUnderflowed) {
        ++played_;
        error = paNoError;
      }
      Pa_StopStream(stream);
    }
    Pa_CloseStream(stream);
  }
  if (error != paNoError) {
    fail("the output device failed:", error);
  }
  Pa_Terminate();
}

} // namespace salvo
