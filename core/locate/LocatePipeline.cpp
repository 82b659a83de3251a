#include "locate/LocatePipeline.h"

#include "geo/LocalEnuFrame.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

namespace salvo {

double speedOfSoundFromTemperature(double temperature_c) {
  return 331.3 * std::sqrt(1.0 + temperature_c / 273.15);
}

NetworkFrame networkFrame(const ScenarioManifest &manifest) {
  NetworkFrame net;
  // Origin at the sensors' mean position (ECEF mean projected back: exact, no wrap issues).
  EcefPosition mean = EcefPosition::Zero();
  double alt = 0.0;
  for (const SensorSpec &s : manifest.sensors) {
    mean += geodeticToEcef(s.position);
    alt += s.position.alt_m;
  }
  if (!manifest.sensors.empty()) {
    mean /= static_cast<double>(manifest.sensors.size());
    net.origin = ecefToGeodetic(mean);
    net.origin.alt_m = alt / static_cast<double>(manifest.sensors.size());
  }
  const LocalEnuFrame frame(net.origin);
  for (const SensorSpec &s : manifest.sensors) {
    net.sensors_enu_m.push_back(frame.toEnu(s.position));
  }
  return net;
}

LocateOptions optionsForManifest(const ScenarioManifest &manifest, LocateOptions base) {
  if (manifest.weather_temperature_c) {
    base.associator.solver.speed_of_sound_mps =
        speedOfSoundFromTemperature(*manifest.weather_temperature_c);
  } else {
    base.associator.solver.speed_of_sound_mps =
        speedOfSoundFromTemperature(base.fallback_temperature_c);
    base.associator.solver.speed_sigma_mps = base.fallback_speed_sigma_mps;
  }
  return base;
}

namespace {

std::string incidentId(std::size_t n) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "I%04zu", n);
  return buffer;
}

void addStats(PulseAssociatorStats &sum, const PulseAssociatorStats &s) {
  sum.seeds_tried += s.seeds_tried;
  sum.seeds_reused += s.seeds_reused;
  sum.seeds_bounded += s.seeds_bounded;
  sum.hypotheses += s.hypotheses;
  sum.hypotheses_cut += s.hypotheses_cut;
  sum.refines += s.refines;
  sum.refines_reused += s.refines_reused;
  sum.solves += s.solves;
  sum.free_height_fits += s.free_height_fits;
  sum.level_rejects += s.level_rejects;
}

std::vector<LocatedShot> associateAll(const NetworkFrame &net,
                                      const std::vector<std::vector<Pulse>> &pulses,
                                      const LocateOptions &options,
                                      const std::vector<ClockFault> &exclusions,
                                      PulseAssociatorStats &stats) {
  PulseAssociator associator(net.sensors_enu_m, options.associator);
  for (const auto &list : pulses) {
    associator.addPulses(list);
  }
  for (const ClockFault &f : exclusions) {
    associator.excludeSensor(f.sensor_index, f.since_utc_ns);
  }
  std::vector<LocatedShot> shots = associator.process();
  addStats(stats, associator.stats());
  return shots;
}

} // namespace

namespace {

bool samePlace(const LocatedShot &a, const LocatedShot &b) {
  const double r1 = a.solution.horizontal_error_95_m;
  const double r2 = b.solution.horizontal_error_95_m;
  return (a.solution.position_enu_m - b.solution.position_enu_m).head<2>().norm() <=
         std::max(12.0, std::sqrt(r1 * r1 + r2 * r2));
}

double median(std::vector<double> v) {
  auto middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), middle, v.end());
  return *middle;
}

struct EmissionVote {
  double emission_s; // relative to the anchor's emission
  std::size_t sensor;
  const Pulse *pulse;
};

// Every pulse on the anchor's sensors as an emission time (onset minus that sensor's
// measured delay), in [from_s, to_s] about the anchor's emission, sorted.
std::vector<EmissionVote> emissionVotes(const LocatedShot &anchor,
                                        const std::vector<std::vector<Pulse>> &pulses,
                                        double from_s, double to_s) {
  std::vector<EmissionVote> votes;
  for (std::size_t k = 0; k < anchor.sensor_indices.size(); ++k) {
    const std::size_t s = anchor.sensor_indices[k];
    const double delay_s = nanosToSeconds(anchor.arrival_utc_ns[k] - anchor.emission_utc_ns);
    for (const Pulse &p : pulses[s]) {
      const double e = nanosToSeconds(p.onset_utc_ns - anchor.emission_utc_ns) - delay_s;
      if (e >= from_s && e <= to_s) {
        votes.push_back({e, s, &p});
      }
    }
  }
  std::sort(votes.begin(), votes.end(), [](const EmissionVote &a, const EmissionVote &b) {
    return a.emission_s < b.emission_s;
  });
  return votes;
}

// One pulse a sensor out of the votes [begin, end) that agree on an emission: the one
// nearest their median.
std::vector<EmissionVote> oneVoteEachSensor(std::vector<EmissionVote>::const_iterator begin,
                                            std::vector<EmissionVote>::const_iterator end) {
  std::vector<double> times;
  for (auto it = begin; it != end; ++it) {
    times.push_back(it->emission_s);
  }
  const double centre = median(times);
  std::vector<EmissionVote> best;
  for (auto it = begin; it != end; ++it) {
    auto same = std::find_if(best.begin(), best.end(),
                             [&](const EmissionVote &v) { return v.sensor == it->sensor; });
    if (same == best.end()) {
      best.push_back(*it);
    } else if (std::abs(it->emission_s - centre) < std::abs(same->emission_s - centre)) {
      *same = *it;
    }
  }
  std::sort(best.begin(), best.end(),
            [](const EmissionVote &a, const EmissionVote &b) { return a.sensor < b.sensor; });
  return best;
}

// A located shot from the agreeing pulses: solved on its own when that lands at the
// anchor's place, else the anchor's solution at the new emission time.
LocatedShot roundFromVotes(const LocatedShot &anchor, const std::vector<EmissionVote> &votes,
                           const std::vector<Eigen::Vector3d> &sensors,
                           const TdoaSolverOptions &solverOptions) {
  LocatedShot round;
  std::vector<double> times;
  std::vector<TdoaArrival> arrivals;
  for (const EmissionVote &v : votes) {
    round.sensor_indices.push_back(v.sensor);
    round.arrival_utc_ns.push_back(v.pulse->onset_utc_ns);
    round.arrival_peak_db_spl.push_back(v.pulse->peak_db_spl);
    times.push_back(v.emission_s);
    arrivals.push_back(
        {sensors[v.sensor], nanosToSeconds(v.pulse->onset_utc_ns - anchor.emission_utc_ns), 0.0});
  }
  TdoaSolverOptions options = solverOptions;
  options.source_height_m = anchor.solution.position_enu_m.z();
  const TdoaSolution solved = TdoaSolver(options).solve(arrivals);
  round.epoch_utc_ns = anchor.emission_utc_ns;
  round.solution = solved;
  if (solved.valid && samePlace(round, anchor) && solved.rms_residual_s < 1.5e-3) {
    round.emission_utc_ns = anchor.emission_utc_ns + secondsToNanos(solved.emission_s);
  } else {
    const double emission_s = median(times);
    round.solution = anchor.solution;
    round.solution.emission_s = emission_s;
    round.solution.residuals_s.clear();
    round.emission_utc_ns = anchor.emission_utc_ns + secondsToNanos(emission_s);
  }
  return round;
}

double medianLevelDrop_db(const LocatedShot &round, const LocatedShot &anchor) {
  std::vector<double> d;
  for (std::size_t i = 0; i < round.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < anchor.sensor_indices.size(); ++j) {
      if (round.sensor_indices[i] == anchor.sensor_indices[j] &&
          j < anchor.arrival_peak_db_spl.size()) {
        d.push_back(anchor.arrival_peak_db_spl[j] - round.arrival_peak_db_spl[i]);
      }
    }
  }
  return d.empty() ? 0.0 : median(d);
}

// Reverberation at the source (a courtyard, the wall behind the shooter): a copy of a
// round a few tens of ms after it, from the same place, much quieter than that round.
// Successive rounds of one weapon differ by at most ~6 dB at a sensor.
bool isSourceReverb(const LocatedShot &round, const LocatedShot &anchor,
                    const std::vector<LocatedShot> &shots, const BurstCompletionOptions &o) {
  return std::any_of(shots.begin(), shots.end(), [&](const LocatedShot &s) {
    const double after_s = nanosToSeconds(round.emission_utc_ns - s.emission_utc_ns);
    return after_s > o.duplicate_s * 0.5 && after_s <= o.source_reverb_s && samePlace(s, anchor) &&
           medianLevelDrop_db(round, s) >= o.source_reverb_drop_db;
  });
}

} // namespace

int completeBursts(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                   const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                   std::vector<LocatedShot> &shots, const TdoaSolverOptions &solver,
                   const BurstCompletionOptions &options, int *borrowers) {
  if (!options.enabled) {
    return 0;
  }
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    if (static_cast<int>(shots[i].sensor_indices.size()) >= options.anchor_min_sensors) {
      anchors.push_back(i);
    }
  }
  std::stable_sort(anchors.begin(), anchors.end(), [&](std::size_t a, std::size_t b) {
    return shots[a].sensor_indices.size() > shots[b].sensor_indices.size();
  });
  const std::size_t original = shots.size();
  for (const std::size_t a : anchors) {
    const LocatedShot anchor = shots[a];
    const int need =
        std::max(options.min_sensors,
                 static_cast<int>(std::ceil(options.min_fraction *
                                            static_cast<double>(anchor.sensor_indices.size()))));
    // Known rounds at this place, as emission times about the anchor's.
    auto span = [&](double &first_s, double &last_s) {
      first_s = 0.0;
      last_s = 0.0;
      bool grew = true;
      while (grew) {
        grew = false;
        for (const LocatedShot &s : shots) {
          const double e = nanosToSeconds(s.emission_utc_ns - anchor.emission_utc_ns);
          if (samePlace(s, anchor) && e >= first_s - options.max_gap_s &&
              e <= last_s + options.max_gap_s && (e < first_s || e > last_s)) {
            first_s = std::min(first_s, e);
            last_s = std::max(last_s, e);
            grew = true;
          }
        }
      }
    };
    for (int pass = 0; pass < 50; ++pass) {
      double first_s = 0.0;
      double last_s = 0.0;
      span(first_s, last_s);
      const auto votes = emissionVotes(anchor, pulsesPerSensor, first_s - options.max_gap_s,
                                       last_s + options.max_gap_s);
      bool added = false;
      for (auto i = votes.begin(); i != votes.end() && !added;) {
        auto j = i;
        while (j != votes.end() && j->emission_s - i->emission_s <= 2.0 * options.tolerance_s) {
          ++j;
        }
        const std::vector<EmissionVote> agreeing = oneVoteEachSensor(i, j);
        if (static_cast<int>(agreeing.size()) < need) {
          ++i;
          continue;
        }
        LocatedShot round = roundFromVotes(anchor, agreeing, sensors_enu_m, solver);
        const bool known = std::any_of(shots.begin(), shots.end(), [&](const LocatedShot &s) {
          return samePlace(s, anchor) &&
                 std::abs(nanosToSeconds(s.emission_utc_ns - round.emission_utc_ns)) <=
                     options.duplicate_s;
        });
        if (!known && medianLevelDrop_db(round, anchor) < options.max_drop_db &&
            !isSourceReverb(round, anchor, shots, options)) {
          shots.push_back(std::move(round));
          added = true; // the span may have grown: vote again
        }
        i = j;
      }
      if (!added) {
        break;
      }
    }
  }
  // Shots that had borrowed half or more of their arrivals from the rounds just found.
  std::vector<std::pair<std::size_t, UtcNs>> claimed;
  for (std::size_t i = original; i < shots.size(); ++i) {
    for (std::size_t k = 0; k < shots[i].sensor_indices.size(); ++k) {
      claimed.emplace_back(shots[i].sensor_indices[k], shots[i].arrival_utc_ns[k]);
    }
  }
  std::sort(claimed.begin(), claimed.end());
  int dropped = 0;
  std::vector<LocatedShot> kept;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    std::size_t taken = 0;
    for (std::size_t k = 0; i < original && k < shots[i].sensor_indices.size(); ++k) {
      taken += std::binary_search(claimed.begin(), claimed.end(),
                                  std::pair{shots[i].sensor_indices[k], shots[i].arrival_utc_ns[k]})
                   ? 1
                   : 0;
    }
    if (2 * taken >= shots[i].sensor_indices.size() && taken > 0) {
      ++dropped;
    } else {
      kept.push_back(std::move(shots[i]));
    }
  }
  const int added = static_cast<int>(shots.size() - original);
  shots = std::move(kept);
  if (borrowers != nullptr) {
    *borrowers = dropped;
  }
  return added;
}

LocateResult locatePulses(const ScenarioManifest &manifest,
                          const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                          const LocateOptions &options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  LocateResult result;
  result.incidents.scenario = manifest.name;
  const NetworkFrame net = networkFrame(manifest);
  for (const auto &list : pulsesPerSensor) {
    result.pulses += list.size();
  }

  std::vector<LocatedShot> shots =
      associateAll(net, pulsesPerSensor, options, {}, result.association);
  ClockFaultMonitor monitor(manifest.sensors.size(), options.clock);
  for (const LocatedShot &shot : shots) {
    monitor.addShot(shot);
  }
  result.clock_faults = monitor.faults();
  if (!result.clock_faults.empty()) {
    for (const ClockFault &f : result.clock_faults) {
      char text[256];
      std::snprintf(text, sizeof text,
                    "sensor %s: clock reads %.2f ms off (steady over several incidents from "
                    "%s); left out of location from then on",
                    manifest.sensors[f.sensor_index].id.c_str(), f.offset_s * 1e3,
                    formatIso8601Utc(f.since_utc_ns).c_str());
      result.warnings.emplace_back(text);
    }
    shots = associateAll(net, pulsesPerSensor, options, result.clock_faults, result.association);
  }
  result.completed_rounds =
      completeBursts(net.sensors_enu_m, pulsesPerSensor, shots, options.associator.solver,
                     options.bursts, &result.dropped_borrowers);
  result.shots = shots.size();

  IncidentGrouper grouper(net.sensors_enu_m, options.grouper);
  std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
    return a.emission_utc_ns < b.emission_utc_ns;
  });
  for (LocatedShot &shot : shots) {
    grouper.addShot(std::move(shot));
  }
  result.dropped_images = grouper.droppedImages();
  result.dropped_echoes = grouper.droppedEchoes();
  const LocalEnuFrame frame(net.origin);
  result.frame_origin = net.origin;
  const std::vector<LocatedIncident> located = grouper.flush();
  result.dropped_reverb_ghosts = grouper.droppedReverbGhosts();
  for (const LocatedIncident &li : located) {
    Incident incident;
    incident.id = incidentId(result.incidents.incidents.size() + 1);
    incident.time_utc_ns = li.first_emission_utc_ns;
    incident.position = frame.toGeodetic(li.position_enu_m);
    incident.horizontal_error_m = li.horizontal_error_95_m;
    // Until the classifier runs, every incident is "other" with no confidence.
    incident.incidentClass = IncidentClass::Other;
    incident.confidence = 0.0;
    incident.rounds = li.rounds;
    UtcNs last = std::numeric_limits<UtcNs>::min();
    for (const LocatedShot &s : li.shots) {
      if (incident.shots.empty() ||
          nanosToSeconds(s.emission_utc_ns - last) > options.grouper.duplicate_s) {
        incident.shots.push_back({s.emission_utc_ns});
      }
      last = s.emission_utc_ns;
    }
    for (std::size_t i : li.sensor_indices) {
      incident.sensors.push_back(manifest.sensors[i].id);
    }
    result.incidents.incidents.push_back(std::move(incident));
    result.incident_shots.push_back(li.shots);
  }
  result.associate_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

LocateResult locateScenario(const ScenarioFolder &scenario, const SensorPulseDetector &detector,
                            const LocateOptions &options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const std::size_t n = scenario.recordings.size();
  std::vector<std::vector<Pulse>> pulses(n);
  std::vector<std::string> warnings = scenario.warnings;
  std::mutex warningsMutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        SensorDetection detection = detector(scenario.recordings[i], i);
        pulses[i] = std::move(detection.pulses);
        if (!detection.warnings.empty()) {
          const std::lock_guard lock(warningsMutex);
          warnings.insert(warnings.end(), detection.warnings.begin(), detection.warnings.end());
        }
      } catch (const std::exception &e) {
        const std::lock_guard lock(warningsMutex);
        warnings.push_back("sensor " + scenario.recordings[i].spec.id +
                           ": pulse detection failed, sensor left out: " + e.what());
      }
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min<std::size_t>(
      n, options.threads > 0 ? static_cast<std::size_t>(options.threads) : cores);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back(worker);
  }
  worker();
  for (std::thread &t : pool) {
    t.join();
  }
  const double detectSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  LocateResult result = locatePulses(scenario.manifest, pulses, options);
  result.detect_seconds = detectSeconds;
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  result.warnings = std::move(warnings);
  return result;
}

} // namespace salvo
