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

  IncidentGrouper grouper(net.sensors_enu_m, options.grouper, &pulsesPerSensor);
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
  result.dropped_borrowed_mixtures = grouper.droppedBorrowedMixtures();
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
