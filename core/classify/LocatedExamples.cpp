#include "classify/LocatedExamples.h"
#include "classify/RealLikeRecordings.h"
#include "classify/ScenarioLocation.h"

#include "detect/DetectPulses.h"
#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"

#include <algorithm>
#include <limits>

namespace salvo {

std::vector<std::optional<std::size_t>> truthEventOfIncidents(const ScenarioTruth &truth,
                                                              const IncidentsFile &incidents,
                                                              const LocatedLabelOptions &options) {
  std::vector<std::optional<std::size_t>> eventOf(incidents.incidents.size());
  EvaluationOptions rule;
  rule.match_radius_m = options.match_radius_m;
  rule.time_margin_s = options.time_margin_s;
  // The pairing `evaluate` scores: each event's own incident.
  const EvaluationReport report = evaluateIncidents(truth, incidents, 1.0, rule);
  for (const EventMatch &m : report.matches) {
    if (m.incident_index && !eventOf[*m.incident_index]) {
      eventOf[*m.incident_index] = m.event_index;
    }
  }
  for (std::size_t i = 0; i < incidents.incidents.size(); ++i) {
    if (eventOf[i]) {
      continue;
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t e = 0; e < truth.events.size(); ++e) {
      if (incidentMatchesEvent(truth.events[e], incidents.incidents[i], rule)) {
        const double d =
            horizontalDistance_m(truth.events[e].position, incidents.incidents[i].position);
        if (d < best) {
          best = d;
          eventOf[i] = e;
        }
      }
    }
  }
  return eventOf;
}

LocatedExamples locatedIncidentExamples(const ScenarioTruth &truth, const IncidentsFile &incidents,
                                        const ClassifierNetwork &network,
                                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                        const std::string &group,
                                        const LocatedLabelOptions &options) {
  LocatedExamples out;
  const auto eventOf = truthEventOfIncidents(truth, incidents, options);
  std::vector<bool> eventSeen(truth.events.size(), false);
  const std::vector<double> context = incidentContextShots(incidents);
  for (std::size_t i = 0; i < incidents.incidents.size(); ++i) {
    ++out.incidents;
    IncidentEvidence evidence =
        contractIncidentEvidence(incidents.incidents[i], network, pulsesPerSensor);
    evidence.context_shots = context[i];
    int label = static_cast<int>(IncidentClass::Other);
    if (evidence.shots.empty()) {
      ++out.no_evidence;
      ++out.no_evidence_by_class[std::size_t(
          eventOf[i] ? static_cast<int>(truth.events[*eventOf[i]].eventClass) : label)];
      continue;
    }
    if (eventOf[i]) {
      label = static_cast<int>(truth.events[*eventOf[i]].eventClass);
      out.fragments += eventSeen[*eventOf[i]] ? 1 : 0;
      eventSeen[*eventOf[i]] = true;
    } else {
      ++out.ghosts;
    }
    out.incident.push_back({incidentFeatureVector(evidence), label, group});
    if (label == static_cast<int>(IncidentClass::Gunfire)) {
      double crack = 0.0;
      for (const ShotEvidence &shot : evidence.shots) {
        crack += shotFeatures(shot).crack_fraction / double(evidence.shots.size());
      }
      out.gunfire_crack_fraction.emplace_back(
          crack, truth.events[*eventOf[i]].weapon.value_or("") == "rifle");
    }
  }
  return out;
}

namespace {
// FNV-1a: the scenario's own sensor draws, the same on every platform and run.
std::uint64_t nameHash(const std::string &name) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : name) {
    h = (h ^ std::uint64_t(static_cast<unsigned char>(c))) * 1099511628211ULL;
  }
  return h;
}
} // namespace

ScenarioTrainingData scenarioTrainingData(const std::filesystem::path &folder,
                                          const ScenarioExampleOptions &options, bool locate,
                                          int real_like_draws) {
  const ScenarioFolder scenario = openScenarioFolder(folder);
  const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
  ScenarioTrainingData data;
  data.group =
      scenario.manifest.name.empty() ? scenario.folder.filename().string() : scenario.manifest.name;
  if (locate) {
    LocateOptions locateOptions = optionsForManifest(scenario.manifest);
    locateOptions.threads = 1;
    const LocatedScenario located = locateAndClassifyScenario(scenario, locateOptions, nullptr);
    data.detect_seconds = located.result.detect_seconds;
    data.associate_seconds = located.result.associate_seconds;
    data.located = locatedIncidentExamples(truth, located.result.incidents, located.network,
                                           located.pulses_per_sensor, data.group);
    data.truth_gathered = scenarioExamples(scenario, truth, located.pulses_per_sensor, options);
    if (real_like_draws > 0) {
      RealLikeOptions realLike;
      realLike.draw_seed = nameHash(data.group);
      data.real_like = realLikeExamples(scenario.manifest, truth, located.pulses_per_sensor,
                                        real_like_draws, realLike, data.group);
    }
    return data;
  }
  std::vector<std::vector<Pulse>> pulsesPerSensor(scenario.recordings.size());
  for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
    pulsesPerSensor[s] = detectSensorPulses(scenario.recordings[s], s).pulses;
  }
  data.truth_gathered = scenarioExamples(scenario, truth, pulsesPerSensor, options);
  return data;
}

} // namespace salvo
