#include "DeskSource.h"

#include "audio/AudioFile.h"

#include <algorithm>

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

DemoCitySource::DemoCitySource(std::uint64_t seed, bool openingScript)
    : city_(config(seed)), manifest_(city_.manifest()) {
  manifest_.name = "demo-city";
  if (openingScript) {
    city_.schedule({3.0, "handgun", Eigen::Vector2d(80.0, -60.0), 3});
    city_.schedule({9.0, "fireworks", Eigen::Vector2d(-200.0, 150.0), 0});
    city_.schedule({16.0, "rifle", Eigen::Vector2d(-120.0, -220.0), 6});
  }
}

bool DemoCitySource::nextBlock(std::vector<std::vector<float>> &blocks) {
  city_.nextBlock(blocks);
  return true;
}

struct ScenarioReplaySource::Reader {
  std::unique_ptr<AudioFileReader> file; // null once it failed or ended
};

ScenarioReplaySource::ScenarioReplaySource(const ScenarioFolder &scenario, std::size_t blockFrames)
    : manifest_(scenario.manifest), name_(scenario.manifest.name),
      blockFrames_(std::max<std::size_t>(blockFrames, 1)) {
  for (const SensorRecording &recording : scenario.recordings) {
    auto reader = std::make_unique<Reader>();
    reader->file = std::make_unique<AudioFileReader>(recording.audio_path);
    longestFrames_ = std::max(longestFrames_, recording.frames);
    readers_.push_back(std::move(reader));
  }
  if (!scenario.recordings.empty()) {
    rate_hz_ = scenario.recordings.front().spec.sample_rate_hz;
  }
}

ScenarioReplaySource::~ScenarioReplaySource() = default;

double ScenarioReplaySource::time_s() const {
  return static_cast<double>(framesOut_) / rate_hz_;
}

bool ScenarioReplaySource::nextBlock(std::vector<std::vector<float>> &blocks) {
  if (framesOut_ >= longestFrames_) {
    return false;
  }
  blocks.resize(readers_.size());
  for (std::size_t s = 0; s < readers_.size(); ++s) {
    std::vector<float> &block = blocks[s];
    block.assign(blockFrames_, 0.0F);
    Reader &reader = *readers_[s];
    if (!reader.file) {
      continue;
    }
    try {
      if (reader.file->read(block) < blockFrames_) {
        reader.file.reset(); // silence from here on
      }
    } catch (const std::exception &) {
      reader.file.reset(); // a read error part way: the rest of this sensor is silence
    }
  }
  framesOut_ += static_cast<std::int64_t>(blockFrames_);
  return true;
}

} // namespace salvo
