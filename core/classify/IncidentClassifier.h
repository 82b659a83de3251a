#pragma once

#include "classify/ClassifierModel.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/Pulse.h"

#include <Eigen/Core>

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace salvo {

// The sensors of a network in the ENU frame an incident's position is converted into.
struct ClassifierNetwork {
  GeodeticPosition origin;
  std::vector<std::string> sensor_ids;        // manifest order
  std::vector<Eigen::Vector3d> sensors_enu_m; // manifest order
  double speed_of_sound_mps = 343.0;
};
ClassifierNetwork classifierNetwork(const ScenarioManifest &manifest, double speed_of_sound_mps);

// The classifier's input rebuilt from a contract incident (position, shot emission times,
// sensors used) and every sensor's detected pulses (manifest order, onset order): for
// each shot and used sensor, the pulse nearest the arrival predicted from the located
// position (within `tolerance_s`). Shots matched on fewer than 2 sensors are left out.
IncidentEvidence contractIncidentEvidence(const Incident &incident,
                                          const ClassifierNetwork &network,
                                          const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                          double tolerance_s = 0.012);

// Gunfire subclass from the classification: "automatic" or "semi-automatic", with
// " rifle" appended when an N-wave crack was heard; empty for other classes.
std::string gunfireSubclass(const Classification &classification);

// The per-incident call of the batch and live pipelines: fills `incident.incidentClass`
// and `incident.confidence` (rounds stay the locator's) and returns the whole
// classification (scores, automatic, rifle). Cheap (well under a millisecond) and
// thread-safe for a shared const model. An incident none of whose shots can be matched
// to pulses on two sensors gets the model's no-evidence call (the class mix of such
// incidents in training; "other" by default).
// `context_shots`: incidentContextShots for this incident, NaN when the caller has no
// history of the run (the model then judges the incident alone).
Classification
classifyContractIncident(const ClassifierModel &model, const ClassifierNetwork &network,
                         const std::vector<std::vector<Pulse>> &pulsesPerSensor, Incident &incident,
                         double context_shots = std::numeric_limits<double>::quiet_NaN());

// The incident's neighbourhood in the run: for each incident, the shots of the other
// incidents located within kContextRadius_m horizontally whose shot times overlap its own
// widened by kContextWindow_s. Physics: a firecracker string is 15-90 pops in a few
// seconds at one spot, and a locator splits it into many incidents there; a lone shot or
// a 3-round string has at most its own fragments and echo ghosts around it.
inline constexpr double kContextRadius_m = 200.0;
inline constexpr double kContextWindow_s = 5.0;
std::vector<double> incidentContextShots(const IncidentsFile &incidents);
// One other incident's share of that count (0 when it is too far in space or time); the
// live pipeline sums it over the incidents it has already emitted.
double contextShotsFrom(const Incident &incident, const Incident &other);
// The first and last shot times of an incident (its own time when it has no shots).
std::pair<UtcNs, UtcNs> shotSpan(const Incident &incident);

// Every incident of a located run, with counts for the run's summary line.
struct ClassifySummary {
  int gunfire = 0;
  int automatic = 0; // of the gunfire incidents
  int rifle = 0;     // of the gunfire incidents
  int fireworks = 0;
  int other = 0;
  double seconds = 0.0; // wall time spent classifying
};
ClassifySummary classifyIncidents(const ClassifierModel &model, const ClassifierNetwork &network,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  IncidentsFile &incidents);

} // namespace salvo
