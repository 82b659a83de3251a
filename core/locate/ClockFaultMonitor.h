#pragma once

#include "locate/PulseAssociator.h"
#include "time/UtcTime.h"

#include <Eigen/Core>

#include <deque>
#include <vector>

namespace salvo {

struct ClockFaultOptions {
  int window = 10;                   // recent observations kept a sensor
  int min_consistent = 5;            // this many agreeing on one offset...
  double agreement_s = 0.0025;       // ...within this of their median...
  double min_offset_s = 0.004;       // ...which is at least this large...
  double min_source_spread_m = 80.0; // ...from sources in different places
};

struct ClockFault {
  std::size_t sensor_index = 0;
  double offset_s = 0.0;  // median residual: how late the sensor's clock reads
  UtcNs since_utc_ns = 0; // first shot of the steady run
};

// Watches each sensor's residuals across located shots. A clock that lost GPS lock shows
// the same offset for every source, wherever it is; a blocked path shows a delay that
// depends on where the source is. So a fault needs several agreeing offsets from sources
// in different places — a burst from one spot behind a building does not trip it.
class ClockFaultMonitor {
public:
  ClockFaultMonitor(std::size_t sensors, ClockFaultOptions options = {});

  // Returns the sensors newly found faulty by this shot.
  std::vector<ClockFault> addShot(const LocatedShot &shot);
  const std::vector<ClockFault> &faults() const { return faults_; }
  bool isFaulty(std::size_t sensor_index) const { return faulty_[sensor_index]; }

private:
  struct Observation {
    UtcNs time_utc_ns;
    double residual_s;
    Eigen::Vector2d source_m;
  };
  ClockFaultOptions options_;
  std::vector<std::deque<Observation>> history_;
  std::vector<bool> faulty_;
  std::vector<ClockFault> faults_;
};

} // namespace salvo
