// Where rounds and false incidents come from, stage by stage, on scenarios with a truth:
// association's shots, burst completion's additions and drops, and the grouper's incidents,
// each shot set against the truth rounds of the gunfire events (for events whose round
// count is wrong, or the one named with --event). With --ghosts, every false incident is
// put in one of the kinds the grouper could tell apart (see falseKind). With --features,
// every associated shot's ghost-test figures (echo-tail arrivals, level spread, loudest
// excess; docs/location.md "Ghost rejection (session 8)"), labelled TRUE or GHOST from the
// truth. Analysis only: the processing never sees the truth.
//
//   bench_incidents SCENARIO... [--event ID] [--all] [--ghosts] [--features]
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/DetectPulses.h"
#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using namespace salvo;

namespace {

double scenarioDuration_s(const ScenarioFolder &scenario) {
  double d = 0.0;
  for (const SensorRecording &r : scenario.recordings) {
    d = std::max(d, r.duration_s);
  }
  return d;
}

double medianOf(std::vector<double> v) {
  if (v.empty()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double medianLevel_db(const LocatedShot &s) {
  return medianOf(s.arrival_peak_db_spl);
}

// A shot against an event's truth rounds: the nearest round and the offset to it (ms).
struct RoundMatch {
  int round = -1;
  double offset_ms = 0.0;
};

RoundMatch nearestRound(const TruthEvent &event, UtcNs emission) {
  RoundMatch m;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < event.shot_times_utc_ns.size(); ++k) {
    const double d = nanosToSeconds(emission - event.shot_times_utc_ns[k]) * 1e3;
    if (std::abs(d) < std::abs(best)) {
      best = d;
      m.round = static_cast<int>(k);
    }
  }
  m.offset_ms = best;
  return m;
}

bool nearEvent(const LocatedShot &s, const TruthEvent &event, const Eigen::Vector3d &at) {
  const UtcNs first = event.shot_times_utc_ns.front();
  const UtcNs last = event.shot_times_utc_ns.back();
  return s.emission_utc_ns > first - secondsToNanos(0.5) &&
         s.emission_utc_ns < last + secondsToNanos(0.5) &&
         (s.solution.position_enu_m - at).head<2>().norm() < 60.0;
}

void printShots(const char *label, const std::vector<LocatedShot> &shots, const TruthEvent &event,
                const Eigen::Vector3d &at) {
  std::printf("    %s:\n", label);
  for (const LocatedShot &s : shots) {
    if (!nearEvent(s, event, at)) {
      continue;
    }
    const RoundMatch m = nearestRound(event, s.emission_utc_ns);
    std::printf("      t %8.1f ms  round %2d %+7.2f ms  %2zu sensors  level %5.1f dB  off %5.1f m "
                "r95 %5.1f\n",
                nanosToSeconds(s.emission_utc_ns - event.shot_times_utc_ns.front()) * 1e3,
                m.round + 1, m.offset_ms, s.sensor_indices.size(), medianLevel_db(s),
                (s.solution.position_enu_m - at).head<2>().norm(),
                s.solution.horizontal_error_95_m);
  }
}

// The source-reverberation rule (SourceReverb.h) on the event's shots after completion, as
// the grouper applies it when the incident closes.
void reverbVerdicts(const std::vector<LocatedShot> &shots, const TruthEvent &event,
                    const Eigen::Vector3d &at, const std::vector<std::vector<Pulse>> &pulses) {
  std::vector<const LocatedShot *> place;
  for (const LocatedShot &s : shots) {
    if (nearEvent(s, event, at)) {
      place.push_back(&s);
    }
  }
  const SourceReverbOptions options;
  std::printf("    taken for source reverberation:");
  for (const LocatedShot *s : place) {
    if (isSourceReverbCopy(*s, place, &pulses, options)) {
      std::printf(" %.1f ms",
                  nanosToSeconds(s->emission_utc_ns - event.shot_times_utc_ns.front()) * 1e3);
      for (const LocatedShot *r : place) {
        const double after_ms = nanosToSeconds(s->emission_utc_ns - r->emission_utc_ns) * 1e3;
        if (after_ms > 0.0 && after_ms < options.window_s * 1e3) {
          std::printf(" (%.1f ms after one, %+.1f dB)", after_ms, medianLevelDifference_db(*s, *r));
        }
      }
    }
  }
  std::printf("\n");
}

// For each shot at the event's place: the fraction of its sensors with a pulse quieter
// than its own arrival `delay_s` later (within 1.5 ms), i.e. whether a copy follows it.
void copyEvidence(const std::vector<LocatedShot> &shots, const TruthEvent &event,
                  const Eigen::Vector3d &at, const std::vector<std::vector<Pulse>> &pulses,
                  double delay_s) {
  std::printf("    copy evidence at %.1f ms:", delay_s * 1e3);
  for (const LocatedShot &s : shots) {
    if (!nearEvent(s, event, at)) {
      continue;
    }
    int found = 0;
    for (std::size_t k = 0; k < s.sensor_indices.size(); ++k) {
      const UtcNs t = s.arrival_utc_ns[k] + secondsToNanos(delay_s);
      for (const Pulse &p : pulses[s.sensor_indices[k]]) {
        if (std::abs(nanosToSeconds(p.onset_utc_ns - t)) <= 0.0015 &&
            p.peak_db_spl < s.arrival_peak_db_spl[k]) {
          ++found;
          break;
        }
      }
    }
    std::printf(" %.0f:%d/%zu",
                nanosToSeconds(s.emission_utc_ns - event.shot_times_utc_ns.front()) * 1e3, found,
                s.sensor_indices.size());
  }
  std::printf("\n");
}

struct Stages {
  std::vector<LocatedShot> associated;
  std::vector<LocatedShot> completed;
  LocateResult result;
  std::vector<std::vector<Pulse>> pulses;
};

Stages runStages(const ScenarioFolder &scenario, const std::vector<std::vector<Pulse>> &pulses) {
  Stages st;
  const LocateOptions options = optionsForManifest(scenario.manifest);
  const NetworkFrame net = networkFrame(scenario.manifest);
  PulseAssociator associator(net.sensors_enu_m, options.associator);
  for (const auto &list : pulses) {
    associator.addPulses(list);
  }
  st.associated = associator.process();
  st.completed = st.associated;
  completeBursts(net.sensors_enu_m, pulses, st.completed, options.associator.solver,
                 options.bursts);
  std::sort(st.completed.begin(), st.completed.end(),
            [](const LocatedShot &a, const LocatedShot &b) {
              return a.emission_utc_ns < b.emission_utc_ns;
            });
  st.result = locatePulses(scenario.manifest, pulses, options);
  st.pulses = pulses;
  return st;
}

// Levels of a shot's arrivals next to those of another shot on their common sensors.
void printLevels(const LocatedShot &a, const LocatedShot &b) {
  std::printf("        levels vs previous:");
  for (std::size_t i = 0; i < a.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < b.sensor_indices.size(); ++j) {
      if (a.sensor_indices[i] == b.sensor_indices[j]) {
        std::printf(" s%zu %+.1f/%+.2fms", a.sensor_indices[i],
                    a.arrival_peak_db_spl[i] - b.arrival_peak_db_spl[j],
                    nanosToSeconds(a.arrival_utc_ns[i] - b.arrival_utc_ns[j]) * 1e3);
      }
    }
  }
  std::printf("\n");
}

void traceEvent(const TruthEvent &event, const Eigen::Vector3d &at, const Stages &st) {
  std::printf("  %s %s truth %zu rounds at", event.id.c_str(),
              event.weapon.value_or(event.subclass).c_str(), event.shot_times_utc_ns.size());
  for (const UtcNs t : event.shot_times_utc_ns) {
    std::printf(" %.1f", nanosToSeconds(t - event.shot_times_utc_ns.front()) * 1e3);
  }
  std::printf(" ms\n");
  printShots("associated", st.associated, event, at);
  printShots("after burst completion", st.completed, event, at);
  reverbVerdicts(st.completed, event, at, st.pulses);
  if (std::getenv("DELAY_MS") != nullptr) {
    copyEvidence(st.completed, event, at, st.pulses, std::atof(std::getenv("DELAY_MS")) * 1e-3);
  }
  for (std::size_t i = 0; i < st.result.incident_shots.size(); ++i) {
    const auto &shots = st.result.incident_shots[i];
    if (std::none_of(shots.begin(), shots.end(),
                     [&](const LocatedShot &s) { return nearEvent(s, event, at); })) {
      continue;
    }
    char label[128];
    std::snprintf(label, sizeof label, "incident %s, %d rounds",
                  st.result.incidents.incidents[i].id.c_str(),
                  st.result.incidents.incidents[i].rounds);
    printShots(label, shots, event, at);
    for (std::size_t k = 1; k < shots.size(); ++k) {
      printLevels(shots[k], shots[k - 1]);
    }
  }
}

// --- false incidents -------------------------------------------------------------------

// What a false incident is, from the truth: how its shots' emission times and place relate
// to the true events (and to the other incidents).
std::string falseKind(const ScenarioTruth &truth, const LocalEnuFrame &frame,
                      const LocateResult &result, std::size_t i) {
  const Incident &incident = result.incidents.incidents[i];
  const Eigen::Vector3d p = frame.toEnu(incident.position);
  // Same emission as another incident's shot (within 10 ms): the same sound located twice.
  for (std::size_t j = 0; j < result.incidents.incidents.size(); ++j) {
    if (j == i) {
      continue;
    }
    for (const LocatedShot &a : result.incident_shots[i]) {
      for (const LocatedShot &b : result.incident_shots[j]) {
        if (std::abs(nanosToSeconds(a.emission_utc_ns - b.emission_utc_ns)) < 0.010) {
          int shared = 0;
          for (std::size_t x = 0; x < a.sensor_indices.size(); ++x) {
            for (std::size_t y = 0; y < b.sensor_indices.size(); ++y) {
              shared +=
                  a.sensor_indices[x] == b.sensor_indices[y] &&
                          std::abs(nanosToSeconds(a.arrival_utc_ns[x] - b.arrival_utc_ns[y])) <
                              0.0005
                      ? 1
                      : 0;
            }
          }
          char text[200];
          std::snprintf(text, sizeof text,
                        "same emission as %s (%.0f m away, %d of %zu arrivals shared, it has %zu)",
                        result.incidents.incidents[j].id.c_str(),
                        (frame.toEnu(result.incidents.incidents[j].position) - p).head<2>().norm(),
                        shared, a.sensor_indices.size(), b.sensor_indices.size());
          return text;
        }
      }
    }
  }
  // Nearest truth event in time (any of its rounds within 3 s before) and its distance.
  double bestAfter = 1e9;
  const TruthEvent *which = nullptr;
  for (const TruthEvent &e : truth.events) {
    for (const UtcNs t : e.shot_times_utc_ns) {
      const double after = nanosToSeconds(incident.time_utc_ns - t);
      if (after > -0.2 && after < bestAfter) {
        bestAfter = after;
        which = &e;
      }
    }
  }
  char text[200];
  if (which == nullptr) {
    return "no event before it";
  }
  const double d = (frame.toEnu(which->position) - p).head<2>().norm();
  std::snprintf(text, sizeof text, "%.3f s after a round of %s %s, %.0f m from it%s", bestAfter,
                which->id.c_str(), which->subclass.c_str(), d,
                which->burst_height_m ? " (aerial)" : "");
  return text;
}

void ghosts(const ScenarioFolder &scenario, const ScenarioTruth &truth, const Stages &st) {
  const LocalEnuFrame frame(st.result.frame_origin);
  const EvaluationReport report =
      evaluateIncidents(truth, st.result.incidents, scenarioDuration_s(scenario));
  std::printf("  false incidents: %d\n", report.false_incidents);
  for (std::size_t i = 0; i < st.result.incidents.incidents.size(); ++i) {
    bool matches = false;
    for (const TruthEvent &e : truth.events) {
      matches = matches || incidentMatchesEvent(e, st.result.incidents.incidents[i], {});
    }
    if (matches) {
      continue;
    }
    const Incident &incident = st.result.incidents.incidents[i];
    std::printf("    %s t %.3f s, %d rounds, %zu sensors, r95 %.1f m: %s\n", incident.id.c_str(),
                nanosToSeconds(incident.time_utc_ns - scenario.manifest.sensors[0].start_utc_ns),
                incident.rounds, incident.sensors.size(), incident.horizontal_error_m,
                falseKind(truth, frame, st.result, i).c_str());
  }
}

// --- ghost features (--features) ---------------------------------------------------------

// Is an associated shot a true source (within 40 m and 1.5 s of a truth round) or a ghost?
const TruthEvent *trueSource(const ScenarioTruth &truth, const LocalEnuFrame &frame,
                             const LocatedShot &s) {
  for (const TruthEvent &e : truth.events) {
    if ((s.solution.position_enu_m - frame.toEnu(e.position)).head<2>().norm() > 40.0) {
      continue;
    }
    for (const UtcNs t : e.shot_times_utc_ns) {
      if (std::abs(nanosToSeconds(s.emission_utc_ns - t)) < 1.5) {
        return &e;
      }
    }
  }
  return nullptr;
}

// The spread of the three loudest back-propagated levels (the line-of-sight ones of a real
// source agree; buildings only take level away).
double top3Spread_db(std::vector<double> v) {
  std::sort(v.rbegin(), v.rend());
  return v.size() < 3 ? 0.0 : v[0] - v[2];
}

// Per associated shot, the figures a ghost test could use (none needs the truth): arrivals
// in another shot's tail (5 ms-2 s after its louder arrival at that sensor, from > 25 m
// away), the same against stronger shots only, the level spread and the source level.
void features(const ScenarioFolder &scenario, const ScenarioTruth &truth, const Stages &st) {
  const LocalEnuFrame frame(st.result.frame_origin);
  const NetworkFrame net = networkFrame(scenario.manifest);
  const auto &shots = st.associated;
  for (std::size_t a = 0; a < shots.size(); ++a) {
    const LocatedShot &s = shots[a];
    int tail = 0, tailStronger = 0, tailPulse = 0;
    std::vector<double> src;
    for (std::size_t k = 0; k < s.sensor_indices.size(); ++k) {
      const std::size_t m = s.sensor_indices[k];
      const UtcNs t = s.arrival_utc_ns[k];
      bool inTail = false, inStronger = false;
      for (std::size_t b = 0; b < shots.size(); ++b) {
        const LocatedShot &o = shots[b];
        if (b == a || (o.solution.position_enu_m - s.solution.position_enu_m).norm() < 25.0) {
          continue;
        }
        for (std::size_t j = 0; j < o.sensor_indices.size(); ++j) {
          const double after = nanosToSeconds(t - o.arrival_utc_ns[j]);
          if (o.sensor_indices[j] == m && after >= 0.005 && after <= 2.0 &&
              o.arrival_peak_db_spl[j] >= s.arrival_peak_db_spl[k] + 3.0) {
            inTail = true;
            inStronger = inStronger || o.sensor_indices.size() >= s.sensor_indices.size();
          }
        }
      }
      for (const Pulse &p : st.pulses[m]) {
        const double after = nanosToSeconds(t - p.onset_utc_ns);
        if (after >= 0.005 && after <= 2.0 && p.peak_db_spl >= s.arrival_peak_db_spl[k] + 3.0) {
          ++tailPulse;
          break;
        }
      }
      tail += inTail ? 1 : 0;
      tailStronger += inStronger ? 1 : 0;
      const double d = std::max((net.sensors_enu_m[m] - s.solution.position_enu_m).norm(), 1.0);
      src.push_back(s.arrival_peak_db_spl[k] + 20.0 * std::log10(d) + 0.005 * d);
    }
    const double med = medianOf(src);
    double sum2 = 0.0;
    for (const double x : src) {
      sum2 += (x - med) * (x - med);
    }
    const TruthEvent *e = trueSource(truth, frame, s);
    double nearest_m = 1e9;
    for (std::size_t m = 0; m < net.sensors_enu_m.size(); ++m) {
      nearest_m = std::min(nearest_m, (net.sensors_enu_m[m] - s.solution.position_enu_m).norm());
    }
    std::printf("  F %-6s %-14s t %7.3f n %2zu tail %2d strong %2d pulse %2d lvlrms %5.1f "
                "src %6.1f near %5.0f z %6.1f rms %.3f up %5.1f down %5.1f top3 %5.1f\n",
                e ? "TRUE" : "GHOST", e ? e->subclass.c_str() : "-",
                nanosToSeconds(s.emission_utc_ns - scenario.manifest.sensors[0].start_utc_ns),
                s.sensor_indices.size(), tail, tailStronger, tailPulse,
                std::sqrt(sum2 / static_cast<double>(src.size())), med, nearest_m,
                s.solution.position_enu_m.z(), s.solution.rms_residual_s * 1e3,
                *std::max_element(src.begin(), src.end()) - med,
                med - *std::min_element(src.begin(), src.end()), top3Spread_db(src));
  }
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::filesystem::path> folders;
  std::string only;
  bool all = false;
  bool showGhosts = false;
  bool showFeatures = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--event" && i + 1 < argc) {
      only = argv[++i];
    } else if (arg == "--all") {
      all = true;
    } else if (arg == "--ghosts") {
      showGhosts = true;
    } else if (arg == "--features") {
      showFeatures = true;
    } else {
      folders.emplace_back(arg);
    }
  }
  for (const auto &folder : folders) {
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    std::vector<std::vector<Pulse>> pulses;
    for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
      pulses.push_back(detectSensorPulses(scenario.recordings[s], s).pulses);
    }
    const Stages st = runStages(scenario, pulses);
    std::printf("%s: %zu associated, %zu after completion, %zu incidents, clock faults %zu\n",
                scenario.manifest.name.c_str(), st.associated.size(), st.completed.size(),
                st.result.incidents.incidents.size(), st.result.clock_faults.size());
    const LocalEnuFrame frame(st.result.frame_origin);
    const EvaluationReport report =
        evaluateIncidents(truth, st.result.incidents, scenarioDuration_s(scenario));
    for (std::size_t e = 0; e < truth.events.size(); ++e) {
      const TruthEvent &event = truth.events[e];
      const EventMatch &m = report.matches[e];
      const bool wrong = m.incident_index && !m.rounds_exact;
      if (event.eventClass != IncidentClass::Gunfire && event.id != only) {
        continue;
      }
      if (event.id == only || (only.empty() && (all || wrong))) {
        traceEvent(event, frame.toEnu(event.position), st);
      }
    }
    if (showGhosts) {
      ghosts(scenario, truth, st);
    }
    if (showFeatures) {
      features(scenario, truth, st);
    }
  }
  return 0;
}
