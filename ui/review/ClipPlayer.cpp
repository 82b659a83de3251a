#include "ClipPlayer.h"

#include "audio/PortAudioSession.h"

#include <portaudio.h>

#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace salvo {

namespace {

constexpr std::size_t kRingFrames = 16384; // ~1 s at 16 kHz: ample for a slow fill thread
constexpr std::size_t kFillBlock = 1024;
constexpr int kPollInterval_ms = 25;

int portAudioCallback(const void *, void *output, unsigned long frames,
                      const PaStreamCallbackTimeInfo *, PaStreamCallbackFlags, void *userData) {
  static_cast<ClipPlayer *>(userData)->render(static_cast<float *>(output), frames);
  return paContinue;
}

QString portAudioError(PaError code) {
  return QString::fromUtf8(Pa_GetErrorText(code));
}

} // namespace

ClipPlayer::ClipPlayer(QObject *parent) : QObject(parent) {
  poll_timer_ = new QTimer(this);
  poll_timer_->setInterval(kPollInterval_ms);
  connect(poll_timer_, &QTimer::timeout, this, &ClipPlayer::poll);
}

ClipPlayer::~ClipPlayer() {
  closeStream();
}

void ClipPlayer::setClip(std::shared_ptr<const std::vector<float>> samples, double sampleRate_hz) {
  stop();
  samples_ = std::move(samples);
  sample_rate_hz_ = sampleRate_hz;
  position_s_ = 0.0;
}

double ClipPlayer::durationSeconds() const {
  return hasClip() && sample_rate_hz_ > 0.0
             ? static_cast<double>(samples_->size()) / sample_rate_hz_
             : 0.0;
}

void ClipPlayer::setLooping(bool looping) {
  if (looping == looping_) {
    return;
  }
  // The fill thread reads the flag: it changes only while no fill thread runs.
  const bool wasPlaying = isPlaying();
  const double at = position_s_;
  stop();
  looping_ = looping;
  if (wasPlaying) {
    play(at);
  }
}

void ClipPlayer::setSpeed(double speed) {
  if (!(speed > 0.0 && speed <= 4.0) || speed == speed_) {
    return;
  }
  const bool wasPlaying = isPlaying();
  const double at = position_s_;
  stop();
  speed_ = speed;
  if (wasPlaying) {
    play(at);
  }
}

bool ClipPlayer::play(double fromSeconds) {
  stop();
  error_.clear();
  if (!hasClip()) {
    error_ = tr("There is no clip to play.");
    return false;
  }
  if (!audio_) {
    audio_ = PortAudioSession::acquire();
  }
  if (!audio_ || !audio_->isReady()) {
    error_ = tr("Audio output is not available: %1")
                 .arg(audio_ ? audio_->errorString() : tr("PortAudio is not running"));
    return false;
  }
  start_s_ = std::clamp(fromSeconds, 0.0, durationSeconds());
  if (!looping_ && start_s_ >= durationSeconds()) {
    start_s_ = 0.0;
  }
  position_s_ = start_s_;
  // The clip's own rate first; a device that refuses it plays at its default rate and
  // the fill thread resamples.
  const PaDeviceIndex device = Pa_GetDefaultOutputDevice();
  if (device == paNoDevice) {
    error_ = tr("No audio output device is available.");
    return false;
  }
  if (!openStream(sample_rate_hz_)) {
    const PaDeviceInfo *info = Pa_GetDeviceInfo(device);
    if (info == nullptr || !openStream(info->defaultSampleRate)) {
      return false;
    }
  }
  fill_thread_ = std::thread([this] { fillLoop(); });
  const PaError started = Pa_StartStream(stream_);
  if (started != paNoError) {
    error_ = tr("The audio device would not start: %1").arg(portAudioError(started));
    closeStream();
    return false;
  }
  poll_timer_->start();
  emit playingChanged(true);
  return true;
}

bool ClipPlayer::openStream(double outputRate_hz) {
  ring_ = std::make_unique<SpscRingBuffer<float>>(kRingFrames);
  consumed_frames_.store(0);
  produced_frames_.store(0);
  fill_done_.store(false);
  quit_fill_.store(false);
  output_rate_hz_ = outputRate_hz;
  PaStream *stream = nullptr;
  const std::lock_guard lock(audio_->streamMutex());
  const PaError opened =
      Pa_OpenDefaultStream(&stream, 0, 1, paFloat32, outputRate_hz, paFramesPerBufferUnspecified,
                           portAudioCallback, this);
  if (opened != paNoError) {
    error_ = tr("The audio device could not be opened at %1 Hz: %2")
                 .arg(outputRate_hz)
                 .arg(portAudioError(opened));
    return false;
  }
  stream_ = stream;
  return true;
}

void ClipPlayer::stop() {
  if (!isPlaying()) {
    return;
  }
  position_s_ = clipSecondsAt(consumed_frames_.load(std::memory_order_acquire));
  closeStream();
  emit positionChanged(position_s_);
  emit playingChanged(false);
}

void ClipPlayer::closeStream() {
  poll_timer_->stop();
  if (stream_ != nullptr) {
    auto *stream = static_cast<PaStream *>(stream_);
    const std::lock_guard lock(audio_->streamMutex());
    Pa_AbortStream(stream); // the callback has returned for good after this
    Pa_CloseStream(stream);
    stream_ = nullptr;
  }
  quit_fill_.store(true, std::memory_order_release);
  if (fill_thread_.joinable()) {
    fill_thread_.join();
  }
  ring_.reset();
}

void ClipPlayer::render(float *out, unsigned long frames) noexcept {
  const std::size_t got = ring_->read(std::span<float>(out, frames));
  if (got < frames) {
    std::fill(out + got, out + frames, 0.0f);
    // Running dry after the last sample is the end, not an underflow.
    if (!fill_done_.load(std::memory_order_acquire)) {
      underflows_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  consumed_frames_.fetch_add(static_cast<std::int64_t>(got), std::memory_order_release);
}

void ClipPlayer::fillLoop() {
  const std::vector<float> &clip = *samples_;
  const double length = static_cast<double>(clip.size());
  const double step = sample_rate_hz_ / output_rate_hz_ * speed_; // clip samples per frame
  double pos = start_s_ * sample_rate_hz_;
  std::vector<float> block(kFillBlock);
  while (!quit_fill_.load(std::memory_order_acquire)) {
    const std::size_t room = std::min(ring_->writeAvailable(), kFillBlock);
    if (room == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    std::size_t made = 0;
    while (made < room) {
      if (pos >= length - 1.0) {
        if (!looping_) {
          break;
        }
        pos = std::fmod(pos, length - 1.0);
      }
      const auto i = static_cast<std::size_t>(pos);
      const auto frac = static_cast<float>(pos - static_cast<double>(i));
      block[made++] = clip[i] + frac * (clip[i + 1] - clip[i]);
      pos += step;
    }
    ring_->write(std::span<const float>(block.data(), made));
    produced_frames_.fetch_add(static_cast<std::int64_t>(made), std::memory_order_release);
    if (made < room) {
      fill_done_.store(true, std::memory_order_release);
      return;
    }
  }
}

double ClipPlayer::clipSecondsAt(std::int64_t outputFrames) const {
  const double played_s = static_cast<double>(outputFrames) * speed_ / output_rate_hz_;
  const double duration = durationSeconds();
  const double at = start_s_ + played_s;
  return looping_ && duration > 0.0 ? std::fmod(at, duration) : std::min(at, duration);
}

void ClipPlayer::poll() {
  const std::int64_t consumed = consumed_frames_.load(std::memory_order_acquire);
  position_s_ = clipSecondsAt(consumed);
  emit positionChanged(position_s_);
  if (fill_done_.load(std::memory_order_acquire) &&
      consumed >= produced_frames_.load(std::memory_order_acquire)) {
    stop();
  }
}

} // namespace salvo
