#pragma once

#include "contract/Scenario.h"
#include "sim/ScenarioPresets.h"
#include "sim/SensorRenderer.h"
#include "sim/SimEvents.h"

#include <Eigen/Core>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace salvo::sim {

// An incident to play at a given time: `kind` is a class (gunfire, fireworks, other) or a
// subclass (handgun, rifle, shotgun, firecrackers, aerial_shell, mortar, backfire,
// door_slam, dumpster_slam, nail_gun, hammering).
struct ScriptedIncident {
  double time_s = 0.0; // after the source's start
  std::string kind = "gunfire";
  std::optional<Eigen::Vector2d> at_m; // ENU east/north; random open ground if unset
  int rounds = 0;                      // 0: the kind's usual
};

struct LiveCityConfig {
  ScenarioRequest city; // preset, seed, sensors, rate, centre
  std::size_t block_frames = 1600;
  bool random_incidents = true;
  double gunfire_per_hour = 12.0;
  double fireworks_per_hour = 20.0;
  double other_per_hour = 120.0;
  double knocks_per_hour = 30.0;
  double surge_factor = 100.0; // fireworks rate multiplier in surge mode
  bool real_time = false;      // pace blocks to the wall clock
};

// A city that never stops: every sensor's audio, block after block, with incidents drawn
// at random (Poisson, per class) or from a script, and a surge mode (New Year's Eve) that
// multiplies the fireworks rate. For the desk's demo city and for load tests.
//
// Threading: the blocks are rendered by whichever thread calls nextBlock() (a worker, not
// an audio callback: it allocates). schedule() and setSurge() may be called from any other
// thread; they take a short lock that nextBlock() holds only while picking up incidents.
class LiveCitySource {
public:
  explicit LiveCitySource(const LiveCityConfig &config);
  ~LiveCitySource();
  LiveCitySource(const LiveCitySource &) = delete;
  LiveCitySource &operator=(const LiveCitySource &) = delete;

  const SimScenario &scenario() const { return *scenario_; }
  ScenarioManifest manifest() const;
  std::size_t sensorCount() const { return scenario_->sensors.size(); }
  std::size_t blockFrames() const { return config_.block_frames; }
  double time_s() const;

  void schedule(const ScriptedIncident &incident);
  void setSurge(bool on);

  // One block for every sensor: out.size() == sensorCount(), each block_frames long.
  void nextBlock(std::vector<std::vector<float>> &out);

  // Truth of the incidents started since the last call.
  std::vector<TruthEvent> takeStartedEvents();

private:
  void planUntil(double horizon_s);
  TruthEvent play(SimRng &rng, const ScriptedIncident &incident);

  LiveCityConfig config_;
  std::unique_ptr<SimScenario> scenario_;
  std::unique_ptr<LocalEnuFrame> frame_;
  std::unique_ptr<EventFactory> factory_;
  std::vector<std::unique_ptr<SensorRenderer>> renderers_;
  SimRng rng_;
  std::int64_t frames_ = 0;
  double planned_s_ = 0.0;
  double networkHalf_m_ = 500.0;
  std::mutex mutex_; // guards script_, surge_, started_
  std::vector<ScriptedIncident> script_;
  bool surge_ = false;
  std::vector<TruthEvent> started_;
  std::chrono::steady_clock::time_point wallStart_;
};

} // namespace salvo::sim
