#include "classify/IncidentClassifier.h"
#include "classify/PulseMatching.h"

#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unordered_map>
#include <utility>

namespace salvo {
namespace {

std::vector<Pulse> neighboursOf(const std::vector<Pulse> &pulses, std::size_t index) {
  const std::int64_t window_ns = secondsToNanos(kNeighbourWindow_s);
  const UtcNs onset = pulses[index].onset_utc_ns;
  auto it = std::lower_bound(pulses.begin(), pulses.end(), onset - window_ns,
                             [](const Pulse &p, UtcNs t) { return p.onset_utc_ns < t; });
  std::vector<Pulse> out;
  for (; it != pulses.end() && it->onset_utc_ns <= onset + window_ns; ++it) {
    if (std::size_t(it - pulses.begin()) != index) {
      out.push_back(*it);
    }
  }
  return out;
}

} // namespace

ClassifierNetwork classifierNetwork(const ScenarioManifest &manifest, double speed_of_sound_mps) {
  ClassifierNetwork net;
  net.speed_of_sound_mps = speed_of_sound_mps;
  if (manifest.sensors.empty()) {
    return net;
  }
  net.origin = manifest.sensors.front().position;
  const LocalEnuFrame frame(net.origin);
  for (const SensorSpec &s : manifest.sensors) {
    net.sensor_ids.push_back(s.id);
    net.sensors_enu_m.push_back(frame.toEnu(s.position));
  }
  return net;
}

IncidentEvidence contractIncidentEvidence(const Incident &incident,
                                          const ClassifierNetwork &network,
                                          const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                          double tolerance_s) {
  IncidentEvidence evidence;
  if (network.sensor_ids.empty()) {
    return evidence;
  }
  std::unordered_map<std::string, std::size_t> indexOf;
  for (std::size_t s = 0; s < network.sensor_ids.size(); ++s) {
    indexOf.emplace(network.sensor_ids[s], s);
  }
  std::vector<std::size_t> used_sensors;
  for (const std::string &id : incident.sensors) {
    const auto it = indexOf.find(id);
    if (it != indexOf.end() && it->second < pulsesPerSensor.size()) {
      used_sensors.push_back(it->second);
    }
  }
  const Eigen::Vector3d source = LocalEnuFrame(network.origin).toEnu(incident.position);
  const std::int64_t tolerance_ns = secondsToNanos(tolerance_s);
  std::unordered_map<std::size_t, std::vector<bool>> used;
  for (std::size_t s : used_sensors) {
    used[s].assign(pulsesPerSensor[s].size(), false);
  }
  for (const IncidentShot &located : incident.shots) {
    ShotEvidence shot;
    shot.source_enu_m = source;
    shot.emission_utc_ns = located.time_utc_ns;
    for (std::size_t s : used_sensors) {
      const double range_m = (network.sensors_enu_m[s] - source).norm();
      const UtcNs expected =
          located.time_utc_ns + secondsToNanos(range_m / network.speed_of_sound_mps);
      const long k = nearestUnusedPulse(pulsesPerSensor[s], used[s], expected, tolerance_ns);
      if (k < 0) {
        continue;
      }
      used[s][std::size_t(k)] = true;
      ShotArrival a;
      a.pulse = pulsesPerSensor[s][std::size_t(k)];
      a.range_m = range_m;
      a.sensor_enu_m = network.sensors_enu_m[s];
      a.neighbours = neighboursOf(pulsesPerSensor[s], std::size_t(k));
      shot.arrivals.push_back(std::move(a));
    }
    if (shot.arrivals.size() >= 2) {
      evidence.shots.push_back(std::move(shot));
    }
  }
  return evidence;
}

std::string gunfireSubclass(const Classification &classification) {
  if (classification.incidentClass != IncidentClass::Gunfire) {
    return {};
  }
  std::string text = classification.automatic ? "automatic" : "semi-automatic";
  return classification.rifle ? text + " rifle" : text;
}

std::pair<UtcNs, UtcNs> shotSpan(const Incident &incident) {
  UtcNs first = incident.time_utc_ns, last = incident.time_utc_ns;
  for (const IncidentShot &shot : incident.shots) {
    first = std::min(first, shot.time_utc_ns);
    last = std::max(last, shot.time_utc_ns);
  }
  return {first, last};
}

double contextShotsFrom(const Incident &incident, const Incident &other) {
  const std::int64_t window_ns = secondsToNanos(kContextWindow_s);
  const auto [first, last] = shotSpan(incident);
  const auto [otherFirst, otherLast] = shotSpan(other);
  const bool overlaps = otherFirst <= last + window_ns && first - window_ns <= otherLast;
  if (!overlaps || horizontalDistance_m(incident.position, other.position) > kContextRadius_m) {
    return 0.0;
  }
  return double(std::max<std::size_t>(other.shots.size(), 1));
}

std::vector<double> incidentContextShots(const IncidentsFile &incidents) {
  const auto &all = incidents.incidents;
  std::vector<double> shots(all.size(), 0.0);
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < all.size(); ++j) {
      if (j != i) {
        shots[i] += contextShotsFrom(all[i], all[j]);
      }
    }
  }
  return shots;
}

Classification classifyContractIncident(const ClassifierModel &model,
                                        const ClassifierNetwork &network,
                                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                        Incident &incident, double context_shots) {
  IncidentEvidence evidence = contractIncidentEvidence(incident, network, pulsesPerSensor);
  evidence.context_shots = context_shots;
  Classification result;
  if (evidence.shots.empty()) {
    result = classifyWithoutEvidence(model);
    result.rounds = incident.rounds;
  } else {
    result = classifyIncident(model, evidence);
    result.rounds = incident.rounds;
  }
  incident.incidentClass = result.incidentClass;
  incident.confidence = result.confidence;
  return result;
}

ClassifySummary classifyIncidents(const ClassifierModel &model, const ClassifierNetwork &network,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  IncidentsFile &incidents) {
  const auto start = std::chrono::steady_clock::now();
  ClassifySummary summary;
  const std::vector<double> context = incidentContextShots(incidents);
  for (std::size_t i = 0; i < incidents.incidents.size(); ++i) {
    const Classification c = classifyContractIncident(model, network, pulsesPerSensor,
                                                      incidents.incidents[i], context[i]);
    switch (c.incidentClass) {
    case IncidentClass::Gunfire:
      ++summary.gunfire;
      summary.automatic += c.automatic ? 1 : 0;
      summary.rifle += c.rifle ? 1 : 0;
      break;
    case IncidentClass::Fireworks:
      ++summary.fireworks;
      break;
    case IncidentClass::Other:
      ++summary.other;
      break;
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

} // namespace salvo
