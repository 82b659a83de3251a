#include "live/LivePipeline.h"

#include "classify/IncidentClassifier.h"
#include "classify/LocatedEvidence.h"
#include "geo/LocalEnuFrame.h"
#include "locate/ClockFaultMonitor.h"
#include "locate/IncidentGrouper.h"
#include "locate/LocatePipeline.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <limits>
#include <stdexcept>
#include <utility>

namespace salvo {
namespace {

constexpr UtcNs kEndOfStream = std::numeric_limits<UtcNs>::max();

std::string incidentId(const std::string &prefix, std::uint64_t n) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%04llu", prefix.c_str(),
                static_cast<unsigned long long>(n));
  return buffer;
}

double detectorLatency_s(const ImpulseDetectorConfig &c) {
  // ImpulseDetector's documented bound, plus a hop for the frame in progress.
  return std::max(c.max_pulse_s, c.feature_window_s + c.onset_search_s) + c.release_hold_s +
         2.0 * c.frame_s;
}

} // namespace

// Association, clock check, grouping and classification: the association thread's state.
class LivePipeline::Associator {
public:
  Associator(const ScenarioManifest &manifest, const LivePipelineConfig &config)
      : manifest_(manifest), config_(config), net_(networkFrame(manifest)), frame_(net_.origin),
        associator_(net_.sensors_enu_m, config.locate.associator),
        clock_(manifest.sensors.size(), config.locate.clock),
        grouper_(net_.sensors_enu_m, keepingSourceReverb(config.locate.grouper)),
        completeTo_(manifest.sensors.size(), std::numeric_limits<UtcNs>::min()),
        gridTo_(manifest.sensors.size(), std::numeric_limits<UtcNs>::min()),
        pending_(manifest.sensors.size()), recent_(manifest.sensors.size()) {
    UtcNs start = kEndOfStream;
    for (const SensorSpec &spec : manifest.sensors) {
      start = std::min(start, spec.start_utc_ns);
    }
    nextGrid_ = start + secondsToNanos(config.associate_step_s);
    // A source's first arrival is at the sensor nearest to it; for a source among the
    // sensors that is within the network's radius of the centre (origin of the frame).
    double radius_m = 0.0;
    for (const Eigen::Vector3d &sensor : net_.sensors_enu_m) {
      radius_m = std::max(radius_m, sensor.head<2>().norm());
    }
    const double reach_m = std::min(config.locate.associator.max_range_m, radius_m + 100.0);
    reach_s_ = reach_m / config.locate.associator.solver.speed_of_sound_mps;
  }

  void add(PulseBatch &batch) {
    // Held back until a grid point passes them: what the associator holds at each
    // process() is then the same however the detector threads' batches interleave.
    auto &pending = pending_[batch.sensor];
    pending.insert(pending.end(), batch.pulses.begin(), batch.pulses.end());
    completeTo_[batch.sensor] = batch.offline ? kEndOfStream : batch.complete_to_utc_ns;
    if (batch.complete_to_utc_ns != kEndOfStream) {
      latestFinite_ = std::max(latestFinite_, batch.complete_to_utc_ns);
      // A sensor at its end stays at its last time for the grid (so the grid points
      // processed do not depend on which sensor ended first); an offline one is out.
      gridTo_[batch.sensor] = batch.offline ? kEndOfStream : batch.complete_to_utc_ns;
    }
    if (batch.offline) {
      events_.push_back({batch.sensor, LiveSensorState::Offline, batch.complete_to_utc_ns, 0.0});
    }
  }

  UtcNs horizon() const { return *std::min_element(completeTo_.begin(), completeTo_.end()); }

  // Processes every grid point (stream start + k × associate_step_s) the horizon has
  // passed, in order, and at the end of the stream everything; emits what is complete.
  // Fixed grid points rather than the horizon's own values: those depend on thread
  // timing, and association over different chunks can pair pulses differently.
  void advance(std::vector<LiveIncident> &out, LivePipelineStats &stats) {
    const UtcNs h = horizon();
    if (h == std::numeric_limits<UtcNs>::min()) {
      return; // a sensor has not delivered anything yet
    }
    const UtcNs step = std::max<UtcNs>(1, secondsToNanos(config_.associate_step_s));
    const UtcNs gridHorizon = *std::min_element(gridTo_.begin(), gridTo_.end());
    while (nextGrid_ <= gridHorizon && gridHorizon != kEndOfStream) {
      processTo(nextGrid_, out, stats);
      nextGrid_ += step;
    }
    if (h == kEndOfStream && !ended_) {
      ended_ = true;
      processTo(kEndOfStream, out, stats);
    }
  }

  std::vector<LiveSensorEvent> takeEvents() { return std::exchange(events_, {}); }

private:
  void release(UtcNs before) {
    for (std::size_t s = 0; s < pending_.size(); ++s) {
      auto &pending = pending_[s];
      auto end = pending.begin();
      while (end != pending.end() && (before == kEndOfStream || end->onset_utc_ns < before)) {
        ++end;
      }
      if (end == pending.begin()) {
        continue;
      }
      const std::vector<Pulse> ready(pending.begin(), end);
      associator_.addPulses(ready);
      recent_[s].insert(recent_[s].end(), ready.begin(), ready.end());
      pending.erase(pending.begin(), end);
    }
  }

  void processTo(UtcNs h, std::vector<LiveIncident> &out, LivePipelineStats &stats) {
    release(h);
    std::vector<LocatedShot> shots = associator_.process(h);
    for (const LocatedShot &shot : shots) {
      for (const ClockFault &fault : clock_.addShot(shot)) {
        associator_.excludeSensor(fault.sensor_index, fault.since_utc_ns);
        ++stats.clock_faults;
        events_.push_back(
            {fault.sensor_index, LiveSensorState::ClockFault, fault.since_utc_ns, fault.offset_s});
      }
    }
    stats.shots += shots.size();
    std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
      return a.emission_utc_ns < b.emission_utc_ns;
    });
    for (LocatedShot &shot : shots) {
      grouper_.addShot(std::move(shot));
    }
    // A shot still to be found has its first arrival after the associator's ready end
    // (the horizon minus one arrival spread), so it was emitted after that minus the
    // time sound takes from it to its nearest sensor. A source far outside the network
    // may come later than that; it then forms an incident of its own.
    const UtcNs safe = h == kEndOfStream
                           ? kEndOfStream
                           : h - secondsToNanos(associator_.maxArrivalSpread_s() + 0.1 + reach_s_);
    std::vector<LocatedIncident> closedIncidents = grouper_.flush(safe);
    // One copy of the kept pulses serves burst completion and the classifier of every
    // incident closed at this grid point (it is up to classify_history_s of every sensor).
    const std::vector<std::vector<Pulse>> pulses =
        closedIncidents.empty() ? std::vector<std::vector<Pulse>>{} : recentPulses();
    for (LocatedIncident &closed : closedIncidents) {
      for (const LocatedIncident &located : withMissedRounds(std::move(closed), pulses)) {
        LiveIncident live;
        live.incident = toIncident(located, pulses);
        live.ready_utc_ns = h == kEndOfStream ? latestFinite_ : h;
        rememberEmitted(live.incident, live.ready_utc_ns);
        out.push_back(std::move(live));
      }
    }
    prune(h);
  }

  // The closing grouper keeps an incident's source-reverberation copies: their recurring
  // delay is only found among all of them, after burst completion (as in batch).
  static IncidentGrouperOptions keepingSourceReverb(IncidentGrouperOptions options) {
    options.drop_source_reverb = false;
    return options;
  }

  // The rounds association missed at a burst's place, as batch `locate` adds them
  // (completeBursts), then the copies dropped. Done once the incident is closed: it closes
  // only after a silence longer than the largest gap between rounds, when every round's
  // pulses are in.
  std::vector<LocatedIncident> withMissedRounds(LocatedIncident closed,
                                                const std::vector<std::vector<Pulse>> &pulses) {
    std::vector<LocatedShot> shots = std::move(closed.shots);
    completeBursts(net_.sensors_enu_m, pulses, shots, config_.locate.associator.solver,
                   config_.locate.bursts);
    std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
      return a.emission_utc_ns < b.emission_utc_ns;
    });
    IncidentGrouper regroup(net_.sensors_enu_m, config_.locate.grouper, &pulses);
    for (LocatedShot &shot : shots) {
      regroup.addShot(std::move(shot));
    }
    return regroup.flush();
  }

  std::vector<std::vector<Pulse>> recentPulses() const {
    std::vector<std::vector<Pulse>> pulses(recent_.size());
    for (std::size_t s = 0; s < recent_.size(); ++s) {
      pulses[s].assign(recent_[s].begin(), recent_[s].end());
    }
    return pulses;
  }

  Incident toIncident(const LocatedIncident &located,
                      const std::vector<std::vector<Pulse>> &pulses) {
    Incident incident;
    incident.id = incidentId(config_.id_prefix, ++emitted_);
    incident.time_utc_ns = located.first_emission_utc_ns;
    incident.position = frame_.toGeodetic(located.position_enu_m);
    incident.horizontal_error_m = located.horizontal_error_95_m;
    incident.rounds = located.rounds;
    UtcNs last = std::numeric_limits<UtcNs>::min();
    for (const LocatedShot &s : located.shots) {
      if (incident.shots.empty() ||
          nanosToSeconds(s.emission_utc_ns - last) > config_.locate.grouper.duplicate_s) {
        incident.shots.push_back({s.emission_utc_ns});
      }
      last = s.emission_utc_ns;
    }
    for (std::size_t i : located.sensor_indices) {
      incident.sensors.push_back(manifest_.sensors[i].id);
    }
    classify(located, pulses, incident);
    return incident;
  }

  void classify(const LocatedIncident &located, const std::vector<std::vector<Pulse>> &pulses,
                Incident &incident) const {
    incident.incidentClass = IncidentClass::Other;
    incident.confidence = 0.0;
    if (!config_.classifier) {
      return;
    }
    IncidentEvidence evidence = incidentEvidence(located, pulses, net_.sensors_enu_m);
    // Causal context: only incidents already sent out can count (batch also sees later ones).
    evidence.context_shots = 0.0;
    for (const Incident &earlier : emittedIncidents_) {
      evidence.context_shots += contextShotsFrom(incident, earlier);
    }
    const Classification c = classifyIncident(*config_.classifier, evidence);
    incident.incidentClass = c.incidentClass;
    incident.confidence = c.confidence;
  }

  void rememberEmitted(const Incident &incident, UtcNs horizon) {
    emittedIncidents_.push_back(incident);
    const UtcNs keepFrom = horizon - secondsToNanos(config_.classify_history_s + kContextWindow_s);
    while (!emittedIncidents_.empty() && shotSpan(emittedIncidents_.front()).second < keepFrom) {
      emittedIncidents_.pop_front();
    }
  }

  void prune(UtcNs horizon) {
    if (horizon == kEndOfStream) {
      return;
    }
    const UtcNs keepFrom = horizon - secondsToNanos(config_.classify_history_s);
    for (auto &list : recent_) {
      while (!list.empty() && list.front().onset_utc_ns < keepFrom) {
        list.pop_front();
      }
    }
  }

  ScenarioManifest manifest_;
  const LivePipelineConfig &config_;
  NetworkFrame net_;
  LocalEnuFrame frame_;
  PulseAssociator associator_;
  ClockFaultMonitor clock_;
  IncidentGrouper grouper_;
  std::vector<UtcNs> completeTo_;
  std::vector<UtcNs> gridTo_;              // completeTo_, but an ended sensor keeps its last time
  std::vector<std::deque<Pulse>> pending_; // arrived, not yet released to the associator
  std::vector<std::deque<Pulse>> recent_;
  std::deque<Incident> emittedIncidents_; // for the classifier's context, pruned by time
  std::vector<LiveSensorEvent> events_;
  double reach_s_ = 1.0;
  UtcNs nextGrid_ = 0;
  bool ended_ = false;
  UtcNs latestFinite_ = 0;
  std::uint64_t emitted_ = 0;
};

LivePipeline::LivePipeline(const ScenarioManifest &manifest, LivePipelineConfig config,
                           LiveIncidentHandler onIncident, LiveSensorHandler onSensor)
    : manifest_(manifest), config_(std::move(config)), onIncident_(std::move(onIncident)),
      onSensor_(std::move(onSensor)),
      detectorLatency_s_(salvo::detectorLatency_s(config_.detector)),
      pulseQueue_(std::numeric_limits<std::size_t>::max()) {
  if (manifest_.sensors.empty()) {
    throw std::invalid_argument("live pipeline: the network has no sensors");
  }
  for (std::size_t i = 0; i < manifest_.sensors.size(); ++i) {
    const SensorSpec &spec = manifest_.sensors[i];
    detectors_.push_back(std::make_unique<ImpulseDetector>(config_.detector, i, spec.sample_rate_hz,
                                                           spec.full_scale_pa, spec.start_utc_ns));
  }
  framesIn_.assign(detectors_.size(), 0);
  detectorDone_.assign(detectors_.size(), 0);
  framesPushed_.assign(detectors_.size(), 0);
  offlinePushed_.assign(detectors_.size(), false);
  associator_ = std::make_unique<Associator>(manifest_, config_);
  const auto threads = static_cast<std::size_t>(
      std::clamp<int>(config_.detector_threads, 1, static_cast<int>(detectors_.size())));
  for (std::size_t t = 0; t < threads; ++t) {
    blockQueues_.push_back(std::make_unique<BoundedQueue<Block>>(config_.queued_blocks));
  }
  for (std::size_t t = 0; t < threads; ++t) {
    detectThreads_.emplace_back([this, t] { detectLoop(t); });
  }
  associateThread_ = std::thread([this] { associateLoop(); });
}

LivePipeline::~LivePipeline() {
  discard_ = true;
  stop();
}

void LivePipeline::pushBlock(std::size_t sensor, std::span<const float> samples) {
  if (finished_ || sensor >= detectors_.size() || samples.empty()) {
    return;
  }
  blockQueues_[sensor % blockQueues_.size()]->push(
      Block{sensor, std::vector<float>(samples.begin(), samples.end()), false});
}

void LivePipeline::pushBlocks(const std::vector<std::vector<float>> &blocks) {
  double newest_s = 0.0;
  for (std::size_t s = 0; s < blocks.size() && s < detectors_.size(); ++s) {
    if (offlinePushed_[s]) {
      continue; // offline for the rest of the stream
    }
    framesPushed_[s] += static_cast<std::int64_t>(blocks[s].size());
    newest_s = std::max(newest_s, static_cast<double>(framesPushed_[s]) /
                                      manifest_.sensors[s].sample_rate_hz);
    pushBlock(s, blocks[s]);
  }
  for (std::size_t s = 0; s < detectors_.size(); ++s) {
    const double delivered_s =
        static_cast<double>(framesPushed_[s]) / manifest_.sensors[s].sample_rate_hz;
    if (!offlinePushed_[s] && newest_s - delivered_s >= config_.offline_after_s) {
      markOffline(s);
    }
  }
  const std::lock_guard lock(statsMutex_);
  ++stats_.blocks;
}

void LivePipeline::markOffline(std::size_t sensor) {
  if (finished_) {
    return;
  }
  offlinePushed_[sensor] = true;
  blockQueues_[sensor % blockQueues_.size()]->push(Block{sensor, {}, true});
}

void LivePipeline::detectLoop(std::size_t worker) {
  while (std::optional<Block> block = blockQueues_[worker]->pop()) {
    if (discard_) {
      continue;
    }
    const std::size_t s = block->sensor;
    PulseBatch batch;
    batch.sensor = s;
    if (block->offline) {
      // Whatever it still holds, then the time its audio ended (for the event).
      detectors_[s]->finish(batch.pulses);
      detectorDone_[s] = 1;
      batch.offline = true;
      const SensorSpec &spec = manifest_.sensors[s];
      batch.complete_to_utc_ns =
          spec.start_utc_ns +
          secondsToNanos(static_cast<double>(framesIn_[s]) / spec.sample_rate_hz);
      pulseQueue_.push(std::move(batch));
      continue;
    }
    detectors_[s]->process(block->samples, batch.pulses);
    framesIn_[s] += static_cast<std::int64_t>(block->samples.size());
    const SensorSpec &spec = manifest_.sensors[s];
    batch.complete_to_utc_ns =
        spec.start_utc_ns + secondsToNanos(static_cast<double>(framesIn_[s]) / spec.sample_rate_hz -
                                           detectorLatency_s_);
    pulseQueue_.push(std::move(batch));
  }
  if (discard_) {
    return;
  }
  // End of stream: what the detectors still hold, and every sensor complete.
  for (std::size_t s = worker; s < detectors_.size(); s += blockQueues_.size()) {
    PulseBatch batch;
    batch.sensor = s;
    if (detectorDone_[s] == 0) { // an offline sensor's detector is already finished
      detectors_[s]->finish(batch.pulses);
    }
    batch.complete_to_utc_ns = kEndOfStream;
    pulseQueue_.push(std::move(batch));
  }
}

void LivePipeline::associateLoop() {
  std::vector<LiveIncident> ready;
  while (std::optional<PulseBatch> batch = pulseQueue_.pop()) {
    if (discard_) {
      continue;
    }
    LivePipelineStats delta;
    delta.pulses = batch->pulses.size();
    associator_->add(*batch);
    associator_->advance(ready, delta);
    for (const LiveSensorEvent &event : associator_->takeEvents()) {
      if (onSensor_) {
        onSensor_(event);
      }
    }
    {
      const std::lock_guard lock(statsMutex_);
      stats_.pulses += delta.pulses;
      stats_.shots += delta.shots;
      stats_.clock_faults += delta.clock_faults;
      stats_.incidents += ready.size();
      for (const LiveIncident &live : ready) {
        const UtcNs last = live.incident.shots.empty() ? live.incident.time_utc_ns
                                                       : live.incident.shots.back().time_utc_ns;
        stats_.max_latency_s =
            std::max(stats_.max_latency_s, nanosToSeconds(live.ready_utc_ns - last));
      }
    }
    for (const LiveIncident &live : ready) {
      if (onIncident_) {
        onIncident_(live);
      }
    }
    ready.clear();
  }
}

void LivePipeline::finish() {
  if (finished_.exchange(true)) {
    return;
  }
  stop();
}

void LivePipeline::stop() {
  finished_ = true;
  for (auto &queue : blockQueues_) {
    queue->close();
  }
  for (std::thread &t : detectThreads_) {
    if (t.joinable()) {
      t.join();
    }
  }
  // Detector threads are done: everything they sent is queued before the close.
  pulseQueue_.close();
  if (associateThread_.joinable()) {
    associateThread_.join();
  }
}

LivePipelineStats LivePipeline::stats() const {
  const std::lock_guard lock(statsMutex_);
  return stats_;
}

} // namespace salvo
