#pragma once

#include "DeskSource.h"
#include "rt/SpscRingBuffer.h"

#include <atomic>
#include <memory>

struct PaStreamCallbackTimeInfo;

namespace salvo {

class PortAudioSession;

// The sound card's default input as one local sensor (mono, float). The PortAudio
// callback only copies into an SPSC ring (no lock, no allocation, no log); the feeder
// thread reads blocks from it. One sensor detects pulses but cannot locate: incidents
// need at least four. The sensor's position is where the desk says it is.
class AudioInputSource : public DeskSource {
public:
  // Throws std::runtime_error naming the PortAudio problem (no session, no input
  // device, a rate the device refuses). `audio` is the process's session, acquired on
  // the GUI thread (this source is built on the desk's feeder thread).
  AudioInputSource(const SensorSpec &sensor, std::shared_ptr<PortAudioSession> audio,
                   std::size_t blockFrames = 1600);
  ~AudioInputSource() override;

  ScenarioManifest manifest() const override { return manifest_; }
  std::string name() const override { return "Audio input"; }
  bool nextBlock(std::vector<std::vector<float>> &blocks) override;
  double time_s() const override;
  bool isRealTime() const override { return true; }
  std::int64_t overruns() const { return overruns_.load(); }

private:
  static int callback(const void *input, void *output, unsigned long frames,
                      const PaStreamCallbackTimeInfo *time, unsigned long flags, void *self);

  std::shared_ptr<PortAudioSession> audio_;
  ScenarioManifest manifest_;
  std::size_t blockFrames_;
  SpscRingBuffer<float> ring_;
  void *stream_ = nullptr;
  std::int64_t framesOut_ = 0;
  std::atomic<std::int64_t> overruns_{0}; // samples the ring had no room for
};

} // namespace salvo
