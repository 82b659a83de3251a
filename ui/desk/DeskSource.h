#pragma once

#include "contract/Scenario.h"
#include "sim/LiveCitySource.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace salvo {

// Where the desk's live audio comes from: the demo city, a replayed scenario folder or
// a sound card. Pulled block by block on the desk's feeder thread (never the GUI's).
class DeskSource {
public:
  virtual ~DeskSource() = default;

  virtual ScenarioManifest manifest() const = 0;
  virtual std::string name() const = 0;
  // One block for every sensor, manifest order. False at the end of the stream.
  virtual bool nextBlock(std::vector<std::vector<float>> &blocks) = 0;
  // Seconds of audio delivered so far.
  virtual double time_s() const = 0;
  // True when the source keeps its own pace (a sound card); the feeder does not pace it.
  virtual bool isRealTime() const { return false; }
  // Fireworks surge (New Year's Eve); only the demo city has one.
  virtual void setSurge(bool /*on*/) {}
};

// The built-in demo city: the live simulator with random incidents and, so that a
// screenshot or a first look shows something, a short opening script (a handgun burst a
// few seconds in, fireworks, then a rifle burst). With `faults`, two sensors misbehave
// so the desk's health display has something to show: one stamps its audio 25 ms late
// (a clock that lost GPS lock) and one stops sending after 12 s (a power cut).
class DemoCitySource : public DeskSource {
public:
  static constexpr std::size_t kLateClockSensor = 4;
  static constexpr std::size_t kPowerCutSensor = 8;
  static constexpr double kLateClock_s = 0.025;
  static constexpr double kPowerCutAfter_s = 12.0;

  explicit DemoCitySource(std::uint64_t seed = 7, bool openingScript = true, bool faults = true);

  ScenarioManifest manifest() const override { return manifest_; }
  std::string name() const override { return "Demo city"; }
  bool nextBlock(std::vector<std::vector<float>> &blocks) override;
  double time_s() const override { return city_.time_s(); }
  void setSurge(bool on) override { city_.setSurge(on); }

  sim::LiveCitySource &city() { return city_; }

private:
  static sim::LiveCityConfig config(std::uint64_t seed);
  sim::LiveCitySource city_;
  ScenarioManifest manifest_;
  bool faults_ = true;
};

// A scenario folder replayed block by block (only one block a sensor in memory), each
// block the same stretch of time on every sensor whatever its rate. A sensor whose file
// ends early or cannot be read further delivers empty blocks from then on: the live
// pipeline takes it offline.
class ScenarioReplaySource : public DeskSource {
public:
  explicit ScenarioReplaySource(const ScenarioFolder &scenario, std::size_t blockFrames = 1600);
  ~ScenarioReplaySource() override;

  ScenarioManifest manifest() const override { return manifest_; }
  std::string name() const override { return name_; }
  bool nextBlock(std::vector<std::vector<float>> &blocks) override;
  double time_s() const override;

private:
  struct Reader;
  ScenarioManifest manifest_;
  std::string name_;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::size_t blockFrames_;
  std::int64_t framesOut_ = 0; // at rate_hz_
  double longest_s_ = 0.0;
  double rate_hz_ = 16000.0;
};

} // namespace salvo
