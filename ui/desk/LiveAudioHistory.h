#pragma once

#include "contract/Scenario.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <mutex>
#include <vector>

namespace salvo {

// The last `keep_s` seconds of every sensor's live audio, so the desk can store evidence
// clips for incidents of a source that has no files (the demo city, a sound card). The
// feeder thread appends each block; the association thread copies clips out when an
// incident is recorded. A mutex guards it: neither is a real-time audio callback, and
// the GUI thread never touches it.
class LiveAudioHistory {
public:
  LiveAudioHistory(const ScenarioManifest &manifest, double keep_s);

  // One block a sensor, manifest order (an empty block: nothing from that sensor).
  void append(const std::vector<std::vector<float>> &blocks);

  struct Clip {
    UtcNs start_utc_ns = 0;       // time of samples[0]
    std::int64_t first_frame = 0; // its frame number since the sensor's start
    std::vector<float> samples;   // empty: nothing of [from, to) is kept
  };
  // What is still kept of [from, to) on one sensor.
  Clip copy(std::size_t sensor, UtcNs from_utc_ns, UtcNs to_utc_ns) const;

private:
  struct Channel {
    UtcNs start_utc_ns = 0;
    double rate_hz = 16000.0;
    std::vector<float> ring;
    std::int64_t written = 0; // frames since the start
  };
  mutable std::mutex mutex_;
  std::vector<Channel> channels_;
};

} // namespace salvo
