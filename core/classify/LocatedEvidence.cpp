#include "classify/LocatedEvidence.h"

#include <algorithm>
#include <cstdlib>

namespace salvo {

IncidentEvidence incidentEvidence(const LocatedIncident &incident,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  const std::vector<Eigen::Vector3d> &sensors_enu_m) {
  IncidentEvidence evidence;
  constexpr std::int64_t kMatch_ns = 1000;
  const std::int64_t window_ns = secondsToNanos(kNeighbourWindow_s);
  for (const LocatedShot &located : incident.shots) {
    ShotEvidence shot;
    shot.source_enu_m = located.solution.position_enu_m;
    shot.emission_utc_ns = located.emission_utc_ns;
    for (std::size_t k = 0; k < located.sensor_indices.size(); ++k) {
      const std::size_t s = located.sensor_indices[k];
      if (s >= pulsesPerSensor.size() || s >= sensors_enu_m.size() ||
          k >= located.arrival_utc_ns.size()) {
        continue;
      }
      const std::vector<Pulse> &pulses = pulsesPerSensor[s];
      const UtcNs arrival = located.arrival_utc_ns[k];
      auto it = std::lower_bound(pulses.begin(), pulses.end(), arrival - kMatch_ns,
                                 [](const Pulse &p, UtcNs t) { return p.onset_utc_ns < t; });
      if (it == pulses.end() || std::abs(it->onset_utc_ns - arrival) > kMatch_ns) {
        continue;
      }
      ShotArrival a;
      a.pulse = *it;
      a.sensor_enu_m = sensors_enu_m[s];
      a.range_m = (sensors_enu_m[s] - shot.source_enu_m).norm();
      auto n = std::lower_bound(pulses.begin(), pulses.end(), arrival - window_ns,
                                [](const Pulse &p, UtcNs t) { return p.onset_utc_ns < t; });
      for (; n != pulses.end() && n->onset_utc_ns <= arrival + window_ns; ++n) {
        if (n != it) {
          a.neighbours.push_back(*n);
        }
      }
      shot.arrivals.push_back(std::move(a));
    }
    if (!shot.arrivals.empty()) {
      evidence.shots.push_back(std::move(shot));
    }
  }
  return evidence;
}

} // namespace salvo
