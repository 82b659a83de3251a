#include "DeskSource.h"

#include "audio/AudioFile.h"

#include <algorithm>
#include <cmath>

namespace salvo {

sim::LiveCityConfig DemoCitySource::config(std::uint64_t seed) {
  sim::LiveCityConfig config;
  config.city.preset = "urban";
  config.city.seed = seed;
  config.city.sensors = 12;
  config.block_frames = 1600;
  config.gunfire_per_hour = 30.0;
  return config;
}

DemoCitySource::DemoCitySource(std::uint64_t seed, bool openingScript, bool faults)
    : city_(config(seed)), manifest_(city_.manifest()), faults_(faults) {
  manifest_.name = "demo-city";
  if (faults_ && manifest_.sensors.size() > std::max(kLateClockSensor, kPowerCutSensor)) {
    // The stamp says the first sample came later than it did: every arrival reads late.
    manifest_.sensors[kLateClockSensor].start_utc_ns += secondsToNanos(kLateClock_s);
  }
  if (openingScript) {
    city_.schedule({3.0, "handgun", Eigen::Vector2d(80.0, -60.0), 3});
    city_.schedule({9.0, "fireworks", Eigen::Vector2d(-200.0, 150.0), 0});
    city_.schedule({16.0, "rifle", Eigen::Vector2d(-120.0, -220.0), 6});
  }
}

bool DemoCitySource::nextBlock(std::vector<std::vector<float>> &blocks) {
  city_.nextBlock(blocks);
  if (faults_ && city_.time_s() > kPowerCutAfter_s && kPowerCutSensor < blocks.size()) {
    blocks[kPowerCutSensor].clear();
  }
  return true;
}

struct ScenarioReplaySource::Reader {
  std::unique_ptr<AudioFileReader> file; // null once it failed or ended
  double rate_hz = 16000.0;
  std::int64_t framesRead = 0;
};

ScenarioReplaySource::ScenarioReplaySource(const ScenarioFolder &scenario, std::size_t blockFrames)
    : manifest_(scenario.manifest), name_(scenario.manifest.name),
      blockFrames_(std::max<std::size_t>(blockFrames, 1)) {
  if (!scenario.recordings.empty()) {
    rate_hz_ = scenario.recordings.front().spec.sample_rate_hz;
  }
  for (const SensorRecording &recording : scenario.recordings) {
    auto reader = std::make_unique<Reader>();
    reader->file = std::make_unique<AudioFileReader>(recording.audio_path);
    reader->rate_hz = recording.spec.sample_rate_hz;
    longest_s_ = std::max(longest_s_, static_cast<double>(recording.frames) / reader->rate_hz);
    readers_.push_back(std::move(reader));
  }
}

ScenarioReplaySource::~ScenarioReplaySource() = default;

double ScenarioReplaySource::time_s() const {
  return static_cast<double>(framesOut_) / rate_hz_;
}

bool ScenarioReplaySource::nextBlock(std::vector<std::vector<float>> &blocks) {
  if (time_s() >= longest_s_) {
    return false;
  }
  framesOut_ += static_cast<std::int64_t>(blockFrames_);
  const double end_s = time_s();
  blocks.resize(readers_.size());
  for (std::size_t s = 0; s < readers_.size(); ++s) {
    std::vector<float> &block = blocks[s];
    Reader &reader = *readers_[s];
    if (!reader.file) {
      block.clear(); // a sensor whose audio ended or failed delivers nothing (offline)
      continue;
    }
    // Every sensor the same stretch of time, whatever its rate.
    const auto due = static_cast<std::int64_t>(std::llround(end_s * reader.rate_hz));
    block.assign(static_cast<std::size_t>(std::max<std::int64_t>(due - reader.framesRead, 0)),
                 0.0F);
    try {
      const std::size_t got = reader.file->read(block);
      reader.framesRead += static_cast<std::int64_t>(got);
      if (got < block.size()) {
        block.resize(got);
        reader.file.reset();
      }
    } catch (const std::exception &) {
      block.clear(); // a read error part way: the sensor stops delivering
      reader.file.reset();
    }
  }
  return true;
}

} // namespace salvo
