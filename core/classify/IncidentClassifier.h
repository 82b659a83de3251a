#pragma once

#include "classify/ClassifierModel.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/Pulse.h"

#include <Eigen/Core>

#include <string>
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
Classification classifyContractIncident(const ClassifierModel &model,
                                        const ClassifierNetwork &network,
                                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                        Incident &incident);

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
