#pragma once

#include "classify/ClassifierTraining.h"
#include "classify/IncidentClassifier.h"
#include "classify/TrainingExamples.h"
#include "contract/Incidents.h"
#include "contract/Truth.h"
#include "detect/Pulse.h"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// The scenario contract's matching rule (../shared/specs/acoustic-scenario.md), as
// `salvo-cli evaluate` applies it: an incident matches a truth event when it lies within
// `match_radius_m` horizontally and its time falls between the event's first shot minus
// and its last shot plus `time_margin_s`.
struct LocatedLabelOptions {
  double match_radius_m = 400.0;
  double time_margin_s = 1.5;
};

// The truth event each located incident stands for: the one `evaluate` pairs it with
// (nearest first, one incident an event), else the nearest event it matches (a burst
// the locator split, a duplicate); none for a ghost that matches no event.
std::vector<std::optional<std::size_t>>
truthEventOfIncidents(const ScenarioTruth &truth, const IncidentsFile &incidents,
                      const LocatedLabelOptions &options = {});

// Labelled examples from the locate pipeline's own output, built exactly as `locate`
// classifies (contractIncidentEvidence on the incident and every sensor's pulses): the
// label is the class of the incident's truth event, `other` for a ghost (a ghost must
// never be called gunfire). Incidents with no evidence (no shot matched on 2 sensors)
// are left out: locate calls those `other` without the model.
struct LocatedExamples {
  std::vector<LabelledExample> incident;
  int incidents = 0;
  int ghosts = 0;      // matched no truth event (labelled other)
  int no_evidence = 0; // left out
  int fragments = 0;   // matched an event another incident already stands for
  std::array<int, kClassCount> no_evidence_by_class{}; // truth of the ones left out
  // Gunfire incidents: the mean N-wave crack fraction of their shots and whether the
  // weapon was a rifle (to check the rifle call).
  std::vector<std::pair<double, bool>> gunfire_crack_fraction;
};
LocatedExamples locatedIncidentExamples(const ScenarioTruth &truth, const IncidentsFile &incidents,
                                        const ClassifierNetwork &network,
                                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                        const std::string &group,
                                        const LocatedLabelOptions &options = {});

// Everything training takes from one scenario folder with truth.json: its pulses (the
// locate pipeline's detector), the truth-gathered examples (incident and clip) and, when
// `locate` is set, the examples of the incidents the real locate pipeline emits (its
// options from the manifest, as `salvo-cli locate` runs it, detection on one thread).
struct ScenarioTrainingData {
  std::string group;
  ScenarioExamples truth_gathered;
  std::optional<LocatedExamples> located;
  // With real_like_draws > 0: the examples of every event cut out as a held-out real
  // recording is (RealLikeRecordings.h), located alone on its few sensors.
  std::optional<LocatedExamples> real_like;
  double detect_seconds = 0.0;
  double associate_seconds = 0.0;
};
ScenarioTrainingData scenarioTrainingData(const std::filesystem::path &folder,
                                          const ScenarioExampleOptions &options, bool locate,
                                          int real_like_draws = 0);

} // namespace salvo
