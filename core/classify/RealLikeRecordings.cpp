#include "classify/RealLikeRecordings.h"

#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"
#include "sim/SimRandom.h"

#include <algorithm>
#include <utility>

namespace salvo {
std::vector<std::size_t> realLikeSensors(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                                         const Eigen::Vector3d &source_enu_m,
                                         const RealLikeOptions &options, std::uint64_t draw) {
  std::vector<std::size_t> inRange;
  for (std::size_t s = 0; s < sensors_enu_m.size(); ++s) {
    const double d = (sensors_enu_m[s] - source_enu_m).norm();
    if (d >= options.min_range_m && d <= options.max_range_m) {
      inRange.push_back(s);
    }
  }
  sim::SimRng rng(draw);
  for (std::size_t i = inRange.size(); i > 1; --i) { // Fisher-Yates
    std::swap(inRange[i - 1],
              inRange[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(i) - 1))]);
  }
  inRange.resize(std::min(inRange.size(), options.max_sensors));
  std::sort(inRange.begin(), inRange.end());
  return inRange;
}

RealLikeCut cutRealLike(const ScenarioManifest &manifest,
                        const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                        const std::vector<std::size_t> &kept, const TruthEvent &event,
                        const RealLikeOptions &options) {
  RealLikeCut cut;
  cut.from_utc_ns = event.shot_times_utc_ns.front() - secondsToNanos(options.before_s);
  cut.to_utc_ns = event.shot_times_utc_ns.back() + secondsToNanos(options.after_s);
  cut.manifest = manifest;
  cut.manifest.sensors.clear();
  for (const std::size_t s : kept) {
    cut.manifest.sensors.push_back(manifest.sensors[s]);
    cut.pulses.emplace_back();
    for (Pulse p : pulsesPerSensor[s]) {
      if (p.onset_utc_ns >= cut.from_utc_ns && p.onset_utc_ns <= cut.to_utc_ns) {
        p.sensor_index = cut.pulses.size() - 1;
        cut.pulses.back().push_back(p);
      }
    }
  }
  return cut;
}

RealLikeRecording realLikeRecording(const ScenarioManifest &manifest, const ScenarioTruth &truth,
                                    const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                    std::size_t eventIndex, const RealLikeOptions &options,
                                    const ClassifierModel *model) {
  const TruthEvent &event = truth.events.at(eventIndex);
  const ClassifierNetwork full = classifierNetwork(manifest, 343.0);
  RealLikeRecording r;
  r.event_index = eventIndex;
  if (full.sensor_ids.empty() || event.shot_times_utc_ns.empty()) {
    return r;
  }
  const Eigen::Vector3d source = LocalEnuFrame(full.origin).toEnu(event.position);
  r.kept_sensors = realLikeSensors(full.sensors_enu_m, source, options,
                                   options.draw_seed * 1000003ULL + eventIndex);
  RealLikeCut cut = cutRealLike(manifest, pulsesPerSensor, r.kept_sensors, event, options);
  r.window_s = nanosToSeconds(cut.to_utc_ns - cut.from_utc_ns);
  r.manifest = std::move(cut.manifest);
  r.pulses = std::move(cut.pulses);
  // Fewer than three sensors cannot locate: the recording yields no incident.
  if (r.kept_sensors.size() < 3) {
    return r;
  }
  const LocateOptions locateOptions = optionsForManifest(r.manifest);
  r.incidents = locatePulses(r.manifest, r.pulses, locateOptions).incidents;
  r.network = classifierNetwork(r.manifest, locateOptions.associator.solver.speed_of_sound_mps);
  if (model != nullptr) {
    classifyIncidents(*model, r.network, r.pulses, r.incidents);
  }
  ScenarioTruth one = truth;
  one.events = {event};
  const EvaluationReport report = evaluateIncidents(one, r.incidents, r.window_s);
  if (!report.matches.empty() && report.matches.front().incident_index) {
    r.event_incident = report.matches.front().incident_index;
    r.rounds_exact = report.matches.front().rounds_exact;
  }
  return r;
}

LocatedExamples realLikeExamples(const ScenarioManifest &manifest, const ScenarioTruth &truth,
                                 const std::vector<std::vector<Pulse>> &pulsesPerSensor, int draws,
                                 const RealLikeOptions &options, const std::string &group) {
  LocatedExamples all;
  for (int draw = 0; draw < draws; ++draw) {
    RealLikeOptions drawOptions = options;
    drawOptions.draw_seed = options.draw_seed * 7919ULL + std::uint64_t(draw);
    for (std::size_t e = 0; e < truth.events.size(); ++e) {
      const RealLikeRecording r =
          realLikeRecording(manifest, truth, pulsesPerSensor, e, drawOptions, nullptr);
      if (r.incidents.incidents.empty()) {
        continue;
      }
      const LocatedExamples one =
          locatedIncidentExamples(truth, r.incidents, r.network, r.pulses, group);
      all.incident.insert(all.incident.end(), one.incident.begin(), one.incident.end());
      all.incidents += one.incidents;
      all.ghosts += one.ghosts;
      all.no_evidence += one.no_evidence;
      all.fragments += one.fragments;
      for (std::size_t c = 0; c < all.no_evidence_by_class.size(); ++c) {
        all.no_evidence_by_class[c] += one.no_evidence_by_class[c];
      }
    }
  }
  return all;
}

} // namespace salvo
