#pragma once

#include "contract/Scenario.h"
#include "sim/SimScenario.h"

#include <filesystem>
#include <functional>

namespace salvo::sim {

// The manifest of a simulated scenario: stamped start times (true start + clock error),
// the weather feed's temperature, audio/Sxxx.wav paths.
ScenarioManifest scenarioManifest(const SimScenario &scenario);

// Writes the scenario folder of the contract (sensors.json, audio/*.wav as 16-bit PCM,
// truth.json), one sensor at a time in blocks: memory does not grow with the length.
// `progress` (optional) gets the fraction done.
void writeScenarioFolder(const SimScenario &scenario, const std::filesystem::path &folder,
                         const std::function<void(double)> &progress = {});

} // namespace salvo::sim
