#include "AudioInputSource.h"

#include "audio/PortAudioSession.h"
#include "time/UtcTime.h"

#include <portaudio.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace salvo {
namespace {
constexpr std::size_t kRingFrames = std::size_t{1} << 18; // 16 s at 16 kHz
constexpr auto kLongestWait = std::chrono::seconds(2);

[[noreturn]] void fail(const char *what, PaError code) {
  throw std::runtime_error(std::string("audio input: ") + what + ": " + Pa_GetErrorText(code));
}
} // namespace

AudioInputSource::AudioInputSource(const SensorSpec &sensor,
                                   std::shared_ptr<PortAudioSession> audio, std::size_t blockFrames)
    : audio_(std::move(audio)), blockFrames_(blockFrames), ring_(kRingFrames) {
  manifest_.name = "audio-input";
  manifest_.sensors.push_back(sensor);
  if (!audio_) {
    throw std::runtime_error("audio input: PortAudio is not running");
  }
  if (!audio_->isReady()) {
    fail("PortAudio would not start", paNotInitialized);
  }
  const std::lock_guard lock(audio_->streamMutex());
  PaStream *stream = nullptr;
  const PaError opened =
      Pa_OpenDefaultStream(&stream, 1, 0, paFloat32, sensor.sample_rate_hz,
                           paFramesPerBufferUnspecified, &AudioInputSource::callback, this);
  if (opened != paNoError) {
    fail("the default input device could not be opened", opened);
  }
  stream_ = stream;
  // Stamp the first sample with the time the stream starts.
  manifest_.sensors.front().start_utc_ns = nowUtc_ns();
  if (const PaError started = Pa_StartStream(stream); started != paNoError) {
    Pa_CloseStream(stream);
    fail("the input device would not start", started);
  }
}

AudioInputSource::~AudioInputSource() {
  auto *stream = static_cast<PaStream *>(stream_);
  const std::lock_guard lock(audio_->streamMutex());
  Pa_AbortStream(stream); // the callback has returned for good after this
  Pa_CloseStream(stream);
}

int AudioInputSource::callback(const void *input, void * /*output*/, unsigned long frames,
                               const PaStreamCallbackTimeInfo * /*time*/, unsigned long /*flags*/,
                               void *self) {
  auto *source = static_cast<AudioInputSource *>(self);
  if (input != nullptr) {
    const std::span<const float> samples(static_cast<const float *>(input), frames);
    const std::size_t written = source->ring_.write(samples);
    if (written < frames) {
      source->overruns_.fetch_add(static_cast<std::int64_t>(frames - written),
                                  std::memory_order_relaxed);
    }
  }
  return paContinue;
}

bool AudioInputSource::nextBlock(std::vector<std::vector<float>> &blocks) {
  blocks.resize(1);
  blocks[0].resize(blockFrames_);
  const auto giveUp = std::chrono::steady_clock::now() + kLongestWait;
  while (ring_.readAvailable() < blockFrames_) {
    if (std::chrono::steady_clock::now() > giveUp) {
      return false; // the device stopped delivering
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ring_.read(blocks[0]);
  framesOut_ += static_cast<std::int64_t>(blockFrames_);
  return true;
}

double AudioInputSource::time_s() const {
  return static_cast<double>(framesOut_) / manifest_.sensors.front().sample_rate_hz;
}

} // namespace salvo
