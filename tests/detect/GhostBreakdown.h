#pragma once

// What the false incidents of a scenario are: for every incident that matches no truth
// event (the contract's 400 m / 1.5 s rule), each arrival of each of its shots is compared
// with the truth arrivals at that sensor (a direct arrival of some event, a later sound of
// one — echo, reverberation — or neither) and with the other incidents' located shots
// (is it after one of their arrivals at that sensor, and how much quieter). Analysis
// only: the processing never sees the truth. Used by `bench_detect --ghosts`.

#include "ScenarioArrivals.h"
#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"

#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace salvo::test {

// The latest truth arrival at `sensor` at or before `t` + 3 ms, as (seconds after it,
// event index); (-1, -1) when none in the last 2 s.
inline std::pair<double, int> latestTruthArrival(const ScenarioFolder &scenario,
                                                 const ScenarioTruth &truth, std::size_t sensor,
                                                 UtcNs t) {
  double best = std::numeric_limits<double>::infinity();
  int which = -1;
  const SensorSpec &spec = scenario.recordings[sensor].spec;
  double clock_s = 0.0;
  for (const TruthSensor &ts : truth.sensors) {
    if (ts.id == spec.id) {
      clock_s = ts.clock_error_s;
    }
  }
  for (std::size_t e = 0; e < truth.events.size(); ++e) {
    const double range_m = slantDistance_m(truth.events[e].position, spec.position);
    for (const UtcNs shot : truth.events[e].shot_times_utc_ns) {
      const UtcNs arrival = shot + secondsToNanos(range_m / truth.speed_of_sound_mps + clock_s);
      const double after = nanosToSeconds(t - arrival);
      if (after >= -0.003 && after < best) {
        best = after;
        which = static_cast<int>(e);
      }
    }
  }
  return best <= 2.0 ? std::pair{best, which} : std::pair{-1.0, -1};
}

// Louder arrival of another incident's shot at the same sensor before `t` (within
// `window_s`): (seconds after it, level difference in dB); (-1, 0) when none.
inline std::pair<double, double> explainingShot(const LocateResult &result,
                                                std::size_t skipIncident, std::size_t sensor,
                                                UtcNs t, double level_db, double window_s) {
  std::pair<double, double> best{-1.0, 0.0};
  for (std::size_t i = 0; i < result.incident_shots.size(); ++i) {
    if (i == skipIncident) {
      continue;
    }
    for (const LocatedShot &s : result.incident_shots[i]) {
      for (std::size_t k = 0; k < s.sensor_indices.size(); ++k) {
        if (s.sensor_indices[k] != sensor) {
          continue;
        }
        const double after = nanosToSeconds(t - s.arrival_utc_ns[k]);
        const double drop = level_db - s.arrival_peak_db_spl[k];
        if (after > 0.0 && after <= window_s && (best.first < 0.0 || after < best.first)) {
          best = {after, drop};
        }
      }
    }
  }
  return best;
}

inline void printGhostBreakdown(const ScenarioFolder &scenario, const ScenarioTruth &truth,
                                const LocateResult &result) {
  const LocalEnuFrame frame(result.frame_origin);
  const auto &incidents = result.incidents.incidents;
  int falseCount = 0;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const Incident &incident = incidents[i];
    bool matched = false;
    for (const TruthEvent &e : truth.events) {
      matched = matched || incidentMatchesEvent(e, incident, EvaluationOptions{});
    }
    if (matched) {
      continue;
    }
    ++falseCount;
    // The truth event nearest in time: where the ghost is relative to it.
    const TruthEvent *near = nullptr;
    double nearDt = 1e30;
    UtcNs nearShot = 0;
    for (const TruthEvent &e : truth.events) {
      for (const UtcNs t : e.shot_times_utc_ns) {
        const double dt = nanosToSeconds(incident.time_utc_ns - t);
        if (std::abs(dt) < std::abs(nearDt)) {
          nearDt = dt;
          near = &e;
          nearShot = t;
        }
      }
    }
    const Eigen::Vector3d at = frame.toEnu(incident.position);
    std::printf("  %s rounds %d radius %.1f m", incident.id.c_str(), incident.rounds,
                incident.horizontal_error_m);
    if (near != nullptr) {
      const double d = (frame.toEnu(near->position) - at).head<2>().norm();
      std::printf(": %.0f m from %s (%s), emission %+.3f s from its nearest shot, "
                  "scatter mismatch %+.3f s",
                  d, near->id.c_str(), near->subclass.c_str(), nearDt,
                  nearDt - d / truth.speed_of_sound_mps);
    }
    (void)nearShot;
    std::printf("\n");
    for (const LocatedShot &shot : result.incident_shots[i]) {
      int direct = 0, late = 0, none = 0, explained = 0;
      std::printf("    shot %zu sensors:", shot.sensor_indices.size());
      for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
        const auto [after, event] =
            latestTruthArrival(scenario, truth, shot.sensor_indices[k], shot.arrival_utc_ns[k]);
        const auto [byShot, drop] =
            explainingShot(result, i, shot.sensor_indices[k], shot.arrival_utc_ns[k],
                           shot.arrival_peak_db_spl[k], 2.5);
        if (event < 0) {
          ++none;
          std::printf(" noise");
        } else if (after <= 0.003) {
          ++direct;
          std::printf(" D:%s", truth.events[static_cast<std::size_t>(event)].id.c_str());
        } else {
          ++late;
          std::printf(" +%.0fms:%s", after * 1e3,
                      truth.events[static_cast<std::size_t>(event)].id.c_str());
        }
        if (byShot >= 0.0) {
          explained += drop < 0.0 ? 1 : 0;
          std::printf("[%+.0fms %+.1fdB]", byShot * 1e3, drop);
        }
      }
      std::printf("\n      => %s (direct %d, late %d, noise %d; after a louder located "
                  "arrival on %d)\n",
                  none > 0     ? (direct + late > 0 ? "mixed with noise" : "noise")
                  : direct > 0 ? (late > 0 ? "direct+echo mixture" : "direct arrivals")
                               : "echo ghost",
                  direct, late, none, explained);
    }
  }
  std::printf("  %d false incidents of %zu\n", falseCount, incidents.size());
}

} // namespace salvo::test
