#pragma once

#include "network/NetworkMaps.h"

#include <QFutureWatcher>
#include <QObject>

#include <vector>

namespace salvo {

// Recomputes the coverage and accuracy maps on a worker thread, latest wins: a request
// made while one runs replaces any queued request and starts when the running one ends,
// so dragging a sensor never queues up stale work and the last position always lands.
class MapsComputer : public QObject {
  Q_OBJECT
public:
  explicit MapsComputer(QObject *parent = nullptr);
  ~MapsComputer() override;

  void request(std::vector<network::NetworkSensor> sensors, const network::GridSpec &grid,
               const network::NetworkMapOptions &options);
  // Busy from a request until its result is in maps(): the worker may have finished while
  // its result still waits in the event queue.
  bool isBusy() const { return running_ || pending_.has_value(); }
  const network::NetworkMaps &maps() const { return maps_; }
  double lastCompute_ms() const { return lastCompute_ms_; }

signals:
  void mapsReady(); // maps() holds a new result (possibly superseded by a queued one)

private:
  struct Job {
    std::vector<network::NetworkSensor> sensors;
    network::GridSpec grid;
    network::NetworkMapOptions options;
  };
  struct Result {
    network::NetworkMaps maps;
    double ms = 0.0;
  };
  void start(Job job);
  void finished();

  QFutureWatcher<Result> watcher_;
  std::optional<Job> pending_;
  bool running_ = false;
  network::NetworkMaps maps_;
  double lastCompute_ms_ = 0.0;
};

} // namespace salvo
