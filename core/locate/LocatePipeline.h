#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/DetectPulses.h"
#include "detect/Pulse.h"
#include "locate/BurstCompletion.h"
#include "locate/ClockFaultMonitor.h"
#include "locate/IncidentGrouper.h"
#include "locate/PulseAssociator.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

struct LocateOptions {
  PulseAssociatorOptions associator;
  IncidentGrouperOptions grouper;
  ClockFaultOptions clock;
  BurstCompletionOptions bursts;
  int threads = 0; // pulse detection across sensors; 0: one per core
  // Used when the manifest carries no weather: a wide prior on the speed of sound.
  double fallback_temperature_c = 15.0;
  double fallback_speed_sigma_mps = 6.0;
};

struct LocateResult {
  IncidentsFile incidents;
  std::vector<std::string> warnings; // each names the sensor it is about
  std::vector<ClockFault> clock_faults;
  std::size_t pulses = 0;
  std::size_t shots = 0;
  int dropped_images = 0;
  int dropped_echoes = 0;        // scatter ghosts: a building re-radiating a located shot
  int dropped_reverb_ghosts = 0; // incidents made of another incident's reverberation
  int dropped_borrowed_mixtures =
      0;                     // incidents made in part of other incidents' sound (EchoTail.h)
  int completed_rounds = 0;  // rounds found at a located burst's place
  int dropped_borrowers = 0; // shots that had borrowed those rounds' arrivals
  // Every incident's shots in the network frame (incidents.incidents order), for analysis
  // tools and the classifier; positions are ENU about `frame_origin`.
  std::vector<std::vector<LocatedShot>> incident_shots;
  GeodeticPosition frame_origin;
  double detect_seconds = 0.0;
  double associate_seconds = 0.0;
  PulseAssociatorStats association; // work counts, both passes when a clock was off
};

// Speed of sound in dry air (m/s) at a temperature (°C): 331.3 sqrt(1 + T/273.15).
double speedOfSoundFromTemperature(double temperature_c);

// The network in a local ENU frame centred on it.
struct NetworkFrame {
  GeodeticPosition origin;
  std::vector<Eigen::Vector3d> sensors_enu_m;
};
NetworkFrame networkFrame(const ScenarioManifest &manifest);

// Options for this network: speed of sound and its prior from the manifest's weather.
LocateOptions optionsForManifest(const ScenarioManifest &manifest, LocateOptions base = {});

// Association, clock-fault checking and incident grouping over pulses already detected
// (one list a sensor, manifest order). Two passes when a sensor's clock is found off:
// the second leaves it out from the start of its steady offset.
LocateResult locatePulses(const ScenarioManifest &manifest,
                          const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                          const LocateOptions &options);

// Detects pulses on one sensor's recording (detectSensorPulses, or a stand-in in tests).
using SensorPulseDetector =
    std::function<SensorDetection(const SensorRecording &recording, std::size_t sensor_index)>;

// The whole batch pipeline on an opened scenario folder: pulse detection on worker
// threads (one sensor each), then locatePulses. A sensor whose audio cannot be read is
// reported in the warnings and the others are still processed.
LocateResult locateScenario(const ScenarioFolder &scenario, const SensorPulseDetector &detector,
                            const LocateOptions &options);

} // namespace salvo
