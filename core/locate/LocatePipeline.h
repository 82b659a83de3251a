#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/DetectPulses.h"
#include "detect/Pulse.h"
#include "locate/ClockFaultMonitor.h"
#include "locate/IncidentGrouper.h"
#include "locate/PulseAssociator.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// Rounds of a burst that association missed. Once one round of a burst is located, the
// travel time from the shooter to each of its sensors is measured (arrival minus emission,
// blocked-path delays and clock offsets included), and the next round from the same place
// arrives after exactly those delays: every pulse on those sensors votes for an emission
// time (onset minus delay) and a round is where enough sensors agree. Echoes do not line
// up this way (their extra path differs from sensor to sensor), so this finds rounds that
// association lost in the previous round's reverberation or to the echo flag without
// letting echoes in. Reverberation at the source itself (a courtyard) does line up; it is
// far quieter than the round and the grouper's reverb rule drops it.
struct BurstCompletionOptions {
  bool enabled = true;
  int anchor_min_sensors = 5;  // a round whose delays are trusted
  double tolerance_s = 0.0015; // onsets this close to the predicted ones agree
  double min_fraction = 0.6;   // of the anchor's sensors must agree...
  int min_sensors = 4;         // ...and at least this many
  double max_gap_s = 1.0;      // rounds of one weapon are 50-1000 ms apart
  double duplicate_s = 0.03;   // a round this close to a located one is that round
  double max_drop_db = 12.0;   // median level below the anchor: too weak to be a round
  // A copy this soon after a round and this much quieter than it is the round's
  // reverberation at the source (measured: copies 7-11 dB down 64 ms after each round;
  // successive rifle rounds differ by up to 6 dB).
  double source_reverb_s = 0.15;
  double source_reverb_drop_db = 7.0;
};

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
  int completed_rounds = 0;      // rounds found at a located burst's place
  int dropped_borrowers = 0;     // shots that had borrowed those rounds' arrivals
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

// Adds the rounds association missed at the places of located shots (see
// BurstCompletionOptions) and drops the other shots that had taken half or more of their
// arrivals from those rounds (mixtures of direct arrivals and echoes). Pulses: one list a
// sensor, manifest order. Returns how many rounds were added; `borrowers` counts drops.
int completeBursts(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                   const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                   std::vector<LocatedShot> &shots, const TdoaSolverOptions &solver,
                   const BurstCompletionOptions &options, int *borrowers = nullptr);

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
