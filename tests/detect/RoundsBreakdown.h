#pragma once

// Where the rounds of a burst get lost: for every truth gunfire shot of a scenario, on how
// many sensors its first arrival was detected (and how many of those the detector flagged
// as likely echoes), whether association located it, whether incident grouping kept it and
// how many rounds the incident reports. Also what the detected pulses are (direct arrivals
// of some truth event, later sound of one — echoes, reverberation —, or neither). Analysis
// only: the processing never sees the truth. Used by `bench_detect --rounds`.

#include "ScenarioArrivals.h"
#include "detect/DetectPulses.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"

#include <cstdio>
#include <string>
#include <vector>

namespace salvo::test {

struct PulseComposition {
  std::size_t direct = 0;  // within 3 ms of a truth arrival (any event)
  std::size_t late = 0;    // 3 ms .. 2 s after one: echoes, reverberation, blocked paths
  std::size_t other = 0;   // neither: background noise, local sounds
  std::size_t flagged = 0; // likely_echo
  std::size_t flagged_direct = 0;
};

inline PulseComposition classifyPulses(const std::vector<ExpectedArrival> &arrivals,
                                       const std::vector<std::vector<Pulse>> &pulses) {
  PulseComposition c;
  for (std::size_t s = 0; s < pulses.size(); ++s) {
    for (const Pulse &p : pulses[s]) {
      double nearest_after = 1e9; // how long after the latest truth arrival before it
      bool direct = false;
      for (const ExpectedArrival &a : arrivals) {
        if (a.sensor != s) {
          continue;
        }
        const double dt = nanosToSeconds(p.onset_utc_ns - a.arrival_utc_ns);
        direct = direct || std::abs(dt) <= 0.003;
        if (dt > 0.0) {
          nearest_after = std::min(nearest_after, dt);
        }
      }
      if (direct) {
        ++c.direct;
      } else if (nearest_after <= 2.0) {
        ++c.late;
      } else {
        ++c.other;
      }
      if (p.likely_echo) {
        ++c.flagged;
        c.flagged_direct += direct ? 1 : 0;
      }
    }
  }
  return c;
}

// One truth shot through the stages.
struct ShotStages {
  int in_range = 0;     // sensors within the associator's hearing range
  int detected = 0;     // of them, with a pulse within 3 ms of the first arrival
  int flagged = 0;      // of those pulses, marked likely_echo
  bool located = false; // a located shot within 5 ms and 30 m
  bool kept = false;    // that shot is in an incident after grouping
  // Per sensor in range: level of the first-arrival pulse (dB SPL, 0 when missed), its
  // echo flag.
  std::vector<double> level_db;
  std::vector<bool> level_flag;
};

struct EventStages {
  std::string id;
  std::string weapon;
  int truth_rounds = 0;
  int reported_rounds = -1; // of the incident holding most of its kept shots
  std::vector<ShotStages> shots;
  // That incident's shots that are no truth round: seconds after the truth round before
  // them, and their mean level difference from it over common sensors (dB).
  std::vector<std::pair<double, double>> extra;
};

inline std::vector<EventStages> roundsBreakdown(const ScenarioFolder &scenario,
                                                const ScenarioTruth &truth,
                                                const std::vector<std::vector<Pulse>> &pulses,
                                                const LocateOptions &options) {
  const NetworkFrame net = networkFrame(scenario.manifest);
  const LocalEnuFrame frame(net.origin);
  PulseAssociator associator(net.sensors_enu_m, options.associator);
  for (const auto &list : pulses) {
    associator.addPulses(list);
  }
  const std::vector<LocatedShot> shots = associator.process();
  const LocateResult result = locatePulses(scenario.manifest, pulses, options);

  auto near = [&](const LocatedShot &s, UtcNs t, const Eigen::Vector3d &at) {
    return std::abs(nanosToSeconds(s.emission_utc_ns - t)) < 0.005 &&
           (s.solution.position_enu_m - at).head<2>().norm() < 30.0;
  };
  std::vector<EventStages> out;
  for (const TruthEvent &event : truth.events) {
    if (event.eventClass != IncidentClass::Gunfire) {
      continue;
    }
    EventStages e;
    e.id = event.id;
    e.weapon = event.weapon.value_or(event.subclass);
    e.truth_rounds = static_cast<int>(event.shot_times_utc_ns.size());
    const Eigen::Vector3d at = frame.toEnu(event.position);
    std::vector<int> incidentVotes(result.incident_shots.size(), 0);
    for (const UtcNs t : event.shot_times_utc_ns) {
      ShotStages st;
      for (std::size_t s = 0; s < net.sensors_enu_m.size(); ++s) {
        const double range_m = (net.sensors_enu_m[s] - at).norm();
        if (range_m > options.associator.max_range_m) {
          continue;
        }
        ++st.in_range;
        double clock_s = 0.0;
        for (const TruthSensor &ts : truth.sensors) {
          if (ts.id == scenario.manifest.sensors[s].id) {
            clock_s = ts.clock_error_s;
          }
        }
        const UtcNs arrival = t + secondsToNanos(range_m / truth.speed_of_sound_mps + clock_s);
        for (const Pulse &p : pulses[s]) {
          if (std::abs(nanosToSeconds(p.onset_utc_ns - arrival)) <= 0.003) {
            ++st.detected;
            st.flagged += p.likely_echo ? 1 : 0;
            st.level_db.push_back(p.peak_db_spl);
            st.level_flag.push_back(p.likely_echo);
            break;
          }
        }
        if (st.level_db.size() < static_cast<std::size_t>(st.in_range)) {
          st.level_db.push_back(0.0);
          st.level_flag.push_back(false);
        }
      }
      for (const LocatedShot &s : shots) {
        st.located = st.located || near(s, t, at);
      }
      for (std::size_t i = 0; i < result.incident_shots.size(); ++i) {
        for (const LocatedShot &s : result.incident_shots[i]) {
          if (near(s, t, at)) {
            st.kept = true;
            ++incidentVotes[i];
          }
        }
      }
      e.shots.push_back(st);
    }
    const auto best = std::max_element(incidentVotes.begin(), incidentVotes.end());
    if (best != incidentVotes.end() && *best > 0) {
      const auto i = static_cast<std::size_t>(best - incidentVotes.begin());
      e.reported_rounds = result.incidents.incidents[i].rounds;
      for (const LocatedShot &s : result.incident_shots[i]) {
        const LocatedShot *before = nullptr;
        bool truthRound = false;
        for (const LocatedShot &r : result.incident_shots[i]) {
          for (const UtcNs t : event.shot_times_utc_ns) {
            if (near(r, t, at) && r.emission_utc_ns <= s.emission_utc_ns) {
              before = &r;
            }
            truthRound = truthRound || near(s, t, at);
          }
        }
        if (!truthRound) {
          double drop = 0.0;
          int n = 0;
          for (std::size_t a = 0; before != nullptr && a < s.sensor_indices.size(); ++a) {
            for (std::size_t b = 0; b < before->sensor_indices.size(); ++b) {
              if (s.sensor_indices[a] == before->sensor_indices[b]) {
                drop += s.arrival_peak_db_spl[a] - before->arrival_peak_db_spl[b];
                ++n;
              }
            }
          }
          e.extra.push_back({before != nullptr
                                 ? nanosToSeconds(s.emission_utc_ns - before->emission_utc_ns)
                                 : -1.0,
                             n > 0 ? drop / n : 0.0});
        }
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

inline void printBreakdown(const std::vector<EventStages> &events, bool levels = false) {
  for (const EventStages &e : events) {
    int located = 0;
    int kept = 0;
    for (const ShotStages &s : e.shots) {
      located += s.located ? 1 : 0;
      kept += s.kept ? 1 : 0;
    }
    std::printf("  %s %-8s truth %2d located %2d kept %2d reported %2d %s\n", e.id.c_str(),
                e.weapon.c_str(), e.truth_rounds, located, kept, e.reported_rounds,
                e.reported_rounds == e.truth_rounds ? "ok" : "WRONG");
    for (const auto &[after_s, drop_db] : e.extra) {
      std::printf("    extra shot %.3f s after a round, %.1f dB relative to it\n", after_s,
                  drop_db);
    }
    for (std::size_t k = 0; k < e.shots.size(); ++k) {
      const ShotStages &s = e.shots[k];
      if (!s.located || !s.kept) {
        std::printf("    round %2zu: first arrival detected on %d/%d sensors (%d flagged echo), "
                    "%s\n",
                    k + 1, s.detected, s.in_range, s.flagged,
                    s.located ? "located, dropped by grouping" : "not located");
      }
      if (levels && e.reported_rounds != e.truth_rounds) {
        std::printf("      %2zu %c%c:", k + 1, s.located ? 'L' : '-', s.kept ? 'K' : '-');
        for (std::size_t i = 0; i < s.level_db.size(); ++i) {
          std::printf(" %5.1f%c", s.level_db[i], s.level_flag[i] ? '*' : ' ');
        }
        std::printf("\n");
      }
    }
  }
}

} // namespace salvo::test
