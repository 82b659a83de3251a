#pragma once

#include "rt/SpscRingBuffer.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

class QTimer;

namespace salvo {

class PortAudioSession;

// Plays one evidence clip on the default PortAudio output, with loop and slow-down.
//
// How the parts move. A fill thread (not real-time) resamples the clip by
// rate × speed with linear interpolation and writes into an SPSC ring. The PortAudio
// callback (real-time) only copies out of the ring, zero-fills on underflow and counts
// it, and counts the frames it has handed out; it never locks, allocates, logs or
// signals. The GUI thread polls that count every 25 ms (QTimer) and turns it into a
// clip position: the player never pushes. Changing the speed while playing restarts
// from the current position, so the frame count always maps to one speed.
//
// Device problems (no output device, a device that refuses the rate) come back as
// false from play() with errorString() in words; nothing throws.
class ClipPlayer : public QObject {
  Q_OBJECT
public:
  explicit ClipPlayer(QObject *parent = nullptr);
  ~ClipPlayer() override;

  // The clip to play; stops any playback. `samples` is shared, never copied.
  void setClip(std::shared_ptr<const std::vector<float>> samples, double sampleRate_hz);
  bool hasClip() const { return samples_ && !samples_->empty(); }

  // From `fromSeconds` into the clip. False with errorString() when the device fails.
  bool play(double fromSeconds = 0.0);
  void stop();
  bool isPlaying() const { return stream_ != nullptr; }

  void setLooping(bool looping); // while playing: restarts from the current position
  bool isLooping() const { return looping_; }
  void setSpeed(double speed); // 0.25, 0.5 or 1 (any value in (0, 4])
  double speed() const { return speed_; }

  double positionSeconds() const { return position_s_; } // as of the last poll
  double durationSeconds() const;
  // Frames the callback has handed to the device since the last play(), and the
  // device's rate: a clip span of d seconds takes d × outputRate / speed frames.
  std::int64_t framesPlayed() const { return consumed_frames_.load(std::memory_order_acquire); }
  double outputRate_hz() const { return output_rate_hz_; }
  std::int64_t underflows() const { return underflows_.load(std::memory_order_relaxed); }
  QString errorString() const { return error_; }

signals:
  void positionChanged(double clipSeconds);
  void playingChanged(bool playing);

private:
public:
  // Real-time thread only (the PortAudio callback): copies `frames` samples out of the
  // ring into `out`, zero-filling and counting an underflow when it runs short.
  void render(float *out, unsigned long frames) noexcept;

private:
  bool openStream(double outputRate_hz);
  void fillLoop();
  void poll();
  double clipSecondsAt(std::int64_t outputFrames) const;
  void closeStream();

  std::shared_ptr<const std::vector<float>> samples_;
  double sample_rate_hz_ = 0.0;
  double output_rate_hz_ = 0.0;
  double speed_ = 1.0;
  bool looping_ = false;
  double start_s_ = 0.0;
  double position_s_ = 0.0;
  QString error_;
  std::shared_ptr<PortAudioSession> audio_; // joined at the first play()

  void *stream_ = nullptr; // PaStream
  std::unique_ptr<SpscRingBuffer<float>> ring_;
  std::atomic<std::int64_t> consumed_frames_{0};
  std::atomic<std::int64_t> produced_frames_{0};
  std::atomic<std::int64_t> underflows_{0};
  std::atomic<bool> fill_done_{false};
  std::atomic<bool> quit_fill_{false};
  std::thread fill_thread_;
  QTimer *poll_timer_ = nullptr;
};

} // namespace salvo
