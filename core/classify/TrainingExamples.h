#pragma once

#include "classify/ClassifierTraining.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/ImpulseDetector.h"

#include <filesystem>
#include <vector>

namespace salvo {

// Runs the impulse detector over a whole recording (streaming, block by block).
std::vector<Pulse> detectRecordingPulses(const std::filesystem::path &audio,
                                         std::size_t sensor_index, double full_scale_pa,
                                         UtcNs start_utc_ns,
                                         const ImpulseDetectorConfig &config = {});

struct ScenarioExampleOptions {
  double arrival_tolerance_s = 0.012; // detected onset vs truth-predicted arrival
  int min_sensors = 3;                // a shot needs this many matched arrivals
  // Location error the incident features must tolerate: the truth source is moved by
  // this much (Gaussian, seeded per scenario) before ranges and heights are computed.
  double position_sigma_horizontal_m = 8.0;
  double position_sigma_vertical_m = 15.0;
  double clip_tail_s = 0.6;         // clip window after an event's last arrival
  double max_clock_error_s = 0.005; // sensors with a worse clock are left out
  // The locator may split a burst or a firecracker string into one-shot incidents: this
  // many single shots of each multi-shot event are added as incident examples too.
  int fragment_examples = 0;
};

struct ScenarioExamples {
  std::vector<LabelledExample> incident;           // one per truth event heard well enough
  std::vector<LabelledExample> clip;               // one per (truth event, sensor that heard it)
  std::vector<IncidentEvidence> incident_evidence; // what `incident` was computed from
  int events = 0;
  int events_without_shots = 0; // no shot reached min_sensors matched arrivals
};

// Labelled examples from a scenario with ground truth (simulator output, or a real
// recording campaign with truth). Pulses are associated to truth shots by predicted
// arrival times (the truth is used only to label and to gather, as the locate pipeline
// would); the source position given to the features is perturbed by a realistic
// location error. `pulsesPerSensor` in manifest order.
ScenarioExamples scenarioExamples(const ScenarioFolder &scenario, const ScenarioTruth &truth,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  const ScenarioExampleOptions &options = {});

// Detects every sensor of an opened scenario (manifest order).
std::vector<std::vector<Pulse>> detectScenarioPulses(const ScenarioFolder &scenario,
                                                     const ImpulseDetectorConfig &config = {});

// Clip examples from a labelled folder: DIR/gunfire, DIR/fireworks, DIR/other, each
// holding WAV/FLAC recordings (one sensor each). A missing class folder is fine; a file
// that cannot be read throws InputError naming it.
std::vector<LabelledExample> labelledFolderClipExamples(const std::filesystem::path &folder,
                                                        double full_scale_pa = 200.0);

// A cache of labelled examples (CSV: group,label,<names...>; NaN for unknown), so a
// model can be re-trained on the same data without simulating it again. Only the first
// names.size() values of each vector are written. Reading checks the header against
// `names` and throws InputError naming the file, line and what is wrong.
void writeExamplesCsv(const std::filesystem::path &path,
                      const std::vector<LabelledExample> &examples,
                      const std::vector<std::string> &names);
std::vector<LabelledExample> readExamplesCsv(const std::filesystem::path &path,
                                             const std::vector<std::string> &names);

} // namespace salvo
