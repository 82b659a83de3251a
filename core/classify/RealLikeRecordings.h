#pragma once

#include "classify/ClassifierModel.h"
#include "classify/IncidentClassifier.h"
#include "classify/LocatedExamples.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/Pulse.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace salvo {

// What a held-out real recording is: one event heard by the few sensors of a sparse
// city network that are 60-800 m from it (at most six, on roofs), and only their audio
// from a little before its first shot to a little after its last. A scenario with truth
// is cut into such recordings, one an event, so the classifier is measured (and can be
// trained) on what the acceptance data will look like rather than on a dense network's
// whole night.
struct RealLikeOptions {
  double min_range_m = 60.0;
  double max_range_m = 800.0;
  std::size_t max_sensors = 6;
  double before_s = 2.0; // the recording window around the event's shots
  double after_s = 4.0;
  std::uint64_t draw_seed = 0; // which in-range sensors are kept (mixed with the event)
};

struct RealLikeRecording {
  std::size_t event_index = 0;
  std::vector<std::size_t> kept_sensors;  // scenario sensor indices, ascending
  ScenarioManifest manifest;              // the kept sensors alone
  std::vector<std::vector<Pulse>> pulses; // kept sensors' pulses inside the window
  ClassifierNetwork network;
  IncidentsFile incidents;                   // located (and classified when a model was given)
  std::optional<std::size_t> event_incident; // the incident `evaluate` pairs with the event
  bool rounds_exact = false;                 // of that incident
  double window_s = 0.0;
};

// The kept sensors: those within [min_range_m, max_range_m] of `source` (in the frame of
// `sensors_enu_m`), a seeded shuffle (sim::SimRng, portable), the first max_sensors of it,
// ascending.
std::vector<std::size_t> realLikeSensors(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                                         const Eigen::Vector3d &source_enu_m,
                                         const RealLikeOptions &options, std::uint64_t draw);

// What a recording of `event` on the `kept` sensors holds: their manifest alone, and their
// pulses from before_s ahead of its first shot to after_s past its last, renumbered as the
// recording's sensors.
struct RealLikeCut {
  ScenarioManifest manifest;
  std::vector<std::vector<Pulse>> pulses;
  UtcNs from_utc_ns = 0;
  UtcNs to_utc_ns = 0;
};
RealLikeCut cutRealLike(const ScenarioManifest &manifest,
                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                        const std::vector<std::size_t> &kept, const TruthEvent &event,
                        const RealLikeOptions &options);

// Cuts event `eventIndex` out of the scenario (`pulsesPerSensor` in manifest order, the
// locate pipeline's detector), locates it with the options `locate` uses for the kept
// sensors' manifest and, given a model, classifies the incidents as `locate` does.
RealLikeRecording realLikeRecording(const ScenarioManifest &manifest, const ScenarioTruth &truth,
                                    const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                    std::size_t eventIndex, const RealLikeOptions &options,
                                    const ClassifierModel *model);

// Training examples of the recordings above: every event of the scenario cut out `draws`
// times (other sensor draws), each recording located alone and its incidents labelled as
// locatedIncidentExamples does (ghosts: other). Deterministic in `draw_seed`.
LocatedExamples realLikeExamples(const ScenarioManifest &manifest, const ScenarioTruth &truth,
                                 const std::vector<std::vector<Pulse>> &pulsesPerSensor, int draws,
                                 const RealLikeOptions &options, const std::string &group);

} // namespace salvo
