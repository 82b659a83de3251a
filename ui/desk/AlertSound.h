#pragma once

#include <QFuture>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace salvo {

class PortAudioSession;

// The desk's alert: a short two-tone chime, generated, played through PortAudio on a
// worker thread (opening a sound device can take a noticeable time; the GUI never waits
// for it). A failure to open the device is logged once and otherwise ignored: a desk
// without speakers still alerts on screen. A chime asked for while one plays is skipped.
// Construct on the GUI thread: it joins the process's PortAudio session there.
class AlertSound {
public:
  AlertSound();
  ~AlertSound(); // waits for a chime in progress (at most its length)

  void play();
  void waitForFinished();
  // Chimes that reached the device, and whether the device ever failed.
  int playedCount() const { return played_; }
  bool hasFailed() const { return failedOnce_; }

  static std::vector<float> chime(double sampleRate_hz);

private:
  void playBlocking();

  std::shared_ptr<PortAudioSession> audio_;
  QFuture<void> running_;
  std::atomic<bool> busy_{false};
  std::atomic<bool> failedOnce_{false};
  std::atomic<int> played_{0};
};

} // namespace salvo
