#include "detect/DetectPulses.h"

#include "audio/AudioFile.h"
#include "common/InputError.h"

#include <cmath>
#include <cstdio>
#include <exception>

namespace salvo {

namespace {

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", s);
  return text;
}

} // namespace

SensorDetection detectSensorPulses(const SensorRecording &recording, std::size_t sensor_index,
                                   const ImpulseDetectorConfig &config) {
  SensorDetection result;
  const std::string &id = recording.spec.id;
  const std::string who = "sensor " + id + ": ";
  try {
    AudioFileReader reader(recording.audio_path);
    const AudioFileInfo &info = reader.info();
    for (const std::string &w : info.warnings) {
      result.warnings.push_back(who + w);
    }
    double rate = recording.spec.sample_rate_hz;
    if (!(rate > 0.0)) {
      rate = info.sample_rate_hz;
    } else if (std::abs(info.sample_rate_hz - rate) > 1e-6) {
      // The file knows how its samples were spaced; the manifest may be stale.
      result.warnings.push_back(who + "audio is sampled at " + std::to_string(info.sample_rate_hz) +
                                " Hz but the manifest says " + std::to_string(rate) +
                                " Hz; using the file's rate");
      rate = info.sample_rate_hz;
    }
    ImpulseDetector detector(config, sensor_index, rate, recording.spec.full_scale_pa,
                             recording.spec.start_utc_ns);
    std::vector<float> block(8192);
    try {
      while (const std::size_t n = reader.read(block)) {
        detector.process(std::span<const float>(block.data(), n), result.pulses);
        result.frames_read += static_cast<std::int64_t>(n);
      }
    } catch (const std::exception &e) {
      result.warnings.push_back(who + "audio stopped after " +
                                seconds(static_cast<double>(result.frames_read) / rate) + ": " +
                                e.what());
    }
    detector.finish(result.pulses);
    result.stats = detector.stats();
    if (recording.frames > 0 && result.frames_read < recording.frames) {
      result.warnings.push_back(
          who + "audio ends after " + seconds(static_cast<double>(result.frames_read) / rate) +
          ", " + seconds(static_cast<double>(recording.frames - result.frames_read) / rate) +
          " short of the " + std::to_string(recording.frames) + " frames expected");
    }
    if (result.stats.dropout_samples > 0) {
      result.warnings.push_back(who + std::to_string(result.stats.dropout_samples) +
                                " NaN/Inf samples in " + std::to_string(result.stats.dropout_runs) +
                                " dropouts, treated as silence");
    }
    if (result.stats.clipped_samples > 0) {
      result.warnings.push_back(who + std::to_string(result.stats.clipped_samples) +
                                " samples at full scale: levels of clipped pulses are lower "
                                "bounds");
    }
  } catch (const std::exception &e) {
    result.warnings.push_back(who + "no detection: " + e.what());
  }
  return result;
}

std::vector<Pulse> detectPulses(const SensorRecording &recording,
                                const ImpulseDetectorConfig &config, std::size_t sensor_index) {
  return detectSensorPulses(recording, sensor_index, config).pulses;
}

} // namespace salvo
