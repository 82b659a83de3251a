#include "MapsComputer.h"

#include <QtConcurrent/QtConcurrentRun>

#include <chrono>

namespace salvo {

MapsComputer::MapsComputer(QObject *parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &MapsComputer::finished);
}

MapsComputer::~MapsComputer() {
  watcher_.waitForFinished();
}

void MapsComputer::request(std::vector<network::NetworkSensor> sensors,
                           const network::GridSpec &grid,
                           const network::NetworkMapOptions &options) {
  Job job{std::move(sensors), grid, options};
  if (running_) {
    pending_ = std::move(job);
    return;
  }
  start(std::move(job));
}

void MapsComputer::start(Job job) {
  running_ = true;
  watcher_.setFuture(QtConcurrent::run([job = std::move(job)] {
    const auto t0 = std::chrono::steady_clock::now();
    Result result;
    result.maps = network::computeNetworkMaps(job.sensors, job.grid, job.options);
    result.ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }));
}

void MapsComputer::finished() {
  running_ = false;
  Result result = watcher_.result();
  maps_ = std::move(result.maps);
  lastCompute_ms_ = result.ms;
  if (pending_) {
    Job next = std::move(*pending_);
    pending_.reset();
    start(std::move(next));
  }
  emit mapsReady();
}

} // namespace salvo
