#include "classify/ScenarioLocation.h"

#include "detect/DetectPulses.h"

namespace salvo {

LocatedScenario locateAndClassifyScenario(const ScenarioFolder &scenario,
                                          const LocateOptions &options,
                                          const ClassifierModel *model) {
  LocatedScenario located;
  // Each worker writes only its own sensor's slot.
  located.pulses_per_sensor.resize(scenario.recordings.size());
  located.result = locateScenario(
      scenario,
      [&located](const SensorRecording &recording, std::size_t index) {
        SensorDetection detection = detectSensorPulses(recording, index);
        located.pulses_per_sensor[index] = detection.pulses;
        return detection;
      },
      options);
  located.network =
      classifierNetwork(scenario.manifest, options.associator.solver.speed_of_sound_mps);
  if (model != nullptr) {
    located.classified = classifyIncidents(*model, located.network, located.pulses_per_sensor,
                                           located.result.incidents);
  }
  return located;
}

} // namespace salvo
