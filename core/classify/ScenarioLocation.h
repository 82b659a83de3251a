#pragma once

#include "classify/ClassifierModel.h"
#include "classify/IncidentClassifier.h"
#include "contract/Scenario.h"
#include "detect/Pulse.h"
#include "locate/LocatePipeline.h"

#include <optional>
#include <vector>

namespace salvo {

// A scenario folder located as `salvo-cli locate` does it, with every sensor's detected
// pulses kept: classification, stored evidence and training examples are all read from
// the same pulses the locator used.
struct LocatedScenario {
  LocateResult result;
  std::vector<std::vector<Pulse>> pulses_per_sensor; // manifest order, onset order
  ClassifierNetwork network;
  std::optional<ClassifySummary> classified; // when a model was given
};

// Detection (on `options.threads` workers), association, location and grouping, then,
// given a model, each incident's class and confidence.
LocatedScenario locateAndClassifyScenario(const ScenarioFolder &scenario,
                                          const LocateOptions &options,
                                          const ClassifierModel *model);

} // namespace salvo
