#pragma once

#include "contract/Scenario.h"
#include "detect/ImpulseDetector.h"
#include "detect/Pulse.h"

#include <cstddef>
#include <string>
#include <vector>

namespace salvo {

// Pulses of one sensor's recording and what went wrong on the way.
struct SensorDetection {
  std::vector<Pulse> pulses;
  DetectorStats stats;
  std::int64_t frames_read = 0;
  // Each names the sensor: a file shorter than its header says, NaN/Inf dropouts,
  // clipping, a sample rate that disagrees with the manifest, a read error part way.
  std::vector<std::string> warnings;
};

// Streams the sensor's audio through AudioFileReader in blocks (only one block in
// memory) into an ImpulseDetector. Never throws for bad audio: a file that cannot be
// opened or fails part way gives a warning and whatever pulses came before, so the
// other sensors of a scenario are still processed.
SensorDetection detectSensorPulses(const SensorRecording &recording, std::size_t sensor_index,
                                   const ImpulseDetectorConfig &config = {});

// The same, pulses only.
std::vector<Pulse> detectPulses(const SensorRecording &recording,
                                const ImpulseDetectorConfig &config = {},
                                std::size_t sensor_index = 0);

} // namespace salvo
