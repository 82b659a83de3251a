#pragma once

#include "classify/ClassFeatures.h"
#include "locate/IncidentGrouper.h"

#include <vector>

namespace salvo {

// The classifier's input built from what the locate pipeline has: a located incident,
// every sensor's pulses (manifest order, onset order, as given to the associator) and
// the sensors in the associator's ENU frame. A shot's arrival on a sensor is the pulse
// whose onset equals the associator's arrival time on it (nearest within 1 µs).
IncidentEvidence incidentEvidence(const LocatedIncident &incident,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  const std::vector<Eigen::Vector3d> &sensors_enu_m);

} // namespace salvo
