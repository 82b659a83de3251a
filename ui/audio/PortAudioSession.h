#pragma once

#include <QString>

#include <memory>
#include <mutex>

namespace salvo {

// The process's one PortAudio session. Pa_Initialize/Pa_Terminate are reference counted
// but not thread-safe, and Pa_Terminate closes every stream still open, so the alert
// chime, clip playback and the sound-card input share this one session instead of each
// starting their own.
//
// acquire() initialises PortAudio on first use, on the GUI thread (the thread of the
// QCoreApplication; any thread before one exists); the session ends when its last
// holder lets go, and Pa_Terminate is then posted to the GUI thread if the last holder
// was a worker. The desk's main() holds one for the whole run; every user holds one for
// as long as it has streams open, so PortAudio never goes away under a stream.
class PortAudioSession {
public:
  // The running session, or a new one. Off the GUI thread only an existing session is
  // handed out: nullptr when there is none.
  static std::shared_ptr<PortAudioSession> acquire();
  // How many sessions were ever started in this process (tests: one per run).
  static int initialisationCount();

  ~PortAudioSession();
  PortAudioSession(const PortAudioSession &) = delete;
  PortAudioSession &operator=(const PortAudioSession &) = delete;

  bool isReady() const { return error_ == 0; }
  QString errorString() const; // why PortAudio did not start; empty when ready
  // Held around Pa_OpenStream/Pa_CloseStream: streams are opened and closed from the GUI
  // thread (playback) and workers (chime, input), and host APIs differ in how much of
  // that they tolerate at once. Never held while audio plays.
  std::mutex &streamMutex() { return streamMutex_; }

private:
  PortAudioSession();

  int error_ = 0; // PaError of Pa_Initialize
  std::mutex streamMutex_;
};

} // namespace salvo
