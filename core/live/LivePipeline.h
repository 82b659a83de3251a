#pragma once

#include "classify/ClassifierModel.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/ImpulseDetector.h"
#include "live/BoundedQueue.h"
#include "locate/LocatePipeline.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace salvo {

struct LivePipelineConfig {
  LocateOptions locate; // associator, grouper, clock check; see optionsForManifest()
  ImpulseDetectorConfig detector;
  int detector_threads = 2;          // sensors are dealt out round-robin
  std::size_t queued_blocks = 256;   // per detector thread; pushBlock() waits when full
  double associate_step_s = 1.0;     // association runs when the horizon moved this much
  double classify_history_s = 120.0; // pulses kept for the classifier's evidence
  std::shared_ptr<const ClassifierModel> classifier; // none: class other, confidence 0
  std::string id_prefix = "L";                       // incident ids "L0001", ...
  // A sensor whose audio has not come for this long (stream time, while the others'
  // has) is offline: left out of the horizon so the rest of the network goes on.
  double offline_after_s = 2.0;
};

// One incident as the live pipeline emits it.
struct LiveIncident {
  Incident incident;
  // Stream time every sensor had been analysed to when the incident was emitted: its
  // latency in stream time is ready_utc_ns - incident.shots.back().time_utc_ns.
  UtcNs ready_utc_ns = 0;
};

struct LivePipelineStats {
  std::uint64_t blocks = 0;
  std::uint64_t pulses = 0;
  std::uint64_t shots = 0;
  std::uint64_t incidents = 0;
  std::uint64_t clock_faults = 0;
  double max_latency_s = 0.0; // ready time minus the incident's last shot
};

using LiveIncidentHandler = std::function<void(const LiveIncident &)>;

enum class LiveSensorState { Online = 0, Offline = 1, ClockFault = 2 };

// A sensor's health as the pipeline finds it: offline when its audio stopped coming,
// clock fault when ClockFaultMonitor finds its clock steadily off.
struct LiveSensorEvent {
  std::size_t sensor = 0; // manifest index
  LiveSensorState state = LiveSensorState::Online;
  UtcNs since_utc_ns = 0;      // stream time it was found (clock fault: its first shot)
  double clock_offset_s = 0.0; // clock fault: how late the sensor's clock reads
};
using LiveSensorHandler = std::function<void(const LiveSensorEvent &)>;

// The locate pipeline, live: audio blocks of many sensors in, incidents out as soon as
// they are complete.
//
// Threads: pushBlock() copies a block into the bounded queue of the detector thread that
// owns the sensor (sensor i belongs to thread i mod detector_threads, so each streaming
// ImpulseDetector is only ever used by one thread). Detector threads pass each sensor's
// pulses and how far it has been analysed to the association thread, which runs
// PulseAssociator::process() up to the horizon every sensor has delivered (analysed
// time minus the detector's own latency; the associator waits a further arrival spread
// before it seeds), checks clocks, groups shots into incidents, classifies them and calls
// the handler on the association thread. The handler must not block for long; a GUI
// posts the incident to its own thread.
//
// Latency: an incident is emitted once its last shot is IncidentGrouper's max_gap old
// (rounds are counted) plus the arrival spread and the detector latency.
class LivePipeline {
public:
  // Sensor i's first sample is manifest.sensors[i].start_utc_ns, at its own rate.
  // Throws InputError-free std::invalid_argument for a manifest without sensors or
  // with a rate the detector refuses.
  // `onSensor` (optional) is called on the association thread, like `onIncident`.
  LivePipeline(const ScenarioManifest &manifest, LivePipelineConfig config,
               LiveIncidentHandler onIncident, LiveSensorHandler onSensor = {});
  ~LivePipeline(); // stops without flushing: incidents still open are not emitted
  LivePipeline(const LivePipeline &) = delete;
  LivePipeline &operator=(const LivePipeline &) = delete;

  std::size_t sensorCount() const { return detectors_.size(); }

  // Consecutive samples of one sensor. One producer thread per sensor; waits while the
  // sensor's detector thread is `queued_blocks` behind. Ignored after finish().
  void pushBlock(std::size_t sensor, std::span<const float> samples);
  // One block for every sensor, manifest order. An empty block is a sensor that
  // delivered nothing: once it has been silent that way for `offline_after_s` while
  // others deliver, it is offline for the rest of the stream (its detector is flushed,
  // later blocks of it are ignored). Use either pushBlocks() or pushBlock(), not both.
  void pushBlocks(const std::vector<std::vector<float>> &blocks);

  // End of the stream: flushes the detectors, associates everything left and emits
  // every incident still open; returns when the handler has seen the last one.
  void finish();

  LivePipelineStats stats() const;
  // Longest a pulse can take to leave the detector after its onset.
  double detectorLatency_s() const { return detectorLatency_s_; }

private:
  struct Block {
    std::size_t sensor = 0;
    std::vector<float> samples;
    bool offline = false; // no more audio from this sensor: flush its detector
  };
  struct PulseBatch {
    std::size_t sensor = 0;
    std::vector<Pulse> pulses;
    UtcNs complete_to_utc_ns = 0; // every pulse with an earlier onset is in
    bool offline = false;         // the sensor stopped delivering at complete_to_utc_ns
  };
  class Associator;

  void detectLoop(std::size_t worker);
  void associateLoop();
  void stop();
  void markOffline(std::size_t sensor);

  ScenarioManifest manifest_;
  LivePipelineConfig config_;
  LiveIncidentHandler onIncident_;
  LiveSensorHandler onSensor_;
  double detectorLatency_s_ = 0.0;

  std::vector<std::unique_ptr<ImpulseDetector>> detectors_;
  std::vector<std::int64_t> framesIn_; // per sensor, touched by its detector thread only
  std::vector<char> detectorDone_;     // same: finished because the sensor went offline
  // pushBlocks() side (the source's thread): frames pushed and whether gone offline.
  std::vector<std::int64_t> framesPushed_;
  std::vector<bool> offlinePushed_;
  std::vector<std::unique_ptr<BoundedQueue<Block>>> blockQueues_;
  BoundedQueue<PulseBatch> pulseQueue_;
  std::unique_ptr<Associator> associator_; // used by the association thread only
  std::vector<std::thread> detectThreads_;
  std::thread associateThread_;
  std::atomic<bool> finished_{false};
  std::atomic<bool> discard_{false}; // destructor: drop what is left, emit nothing

  mutable std::mutex statsMutex_;
  LivePipelineStats stats_;
};

} // namespace salvo
