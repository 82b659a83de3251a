#include "locate/ClockFaultMonitor.h"

#include "common/Median.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace salvo {

ClockFaultMonitor::ClockFaultMonitor(std::size_t sensors, ClockFaultOptions options)
    : options_(options), history_(sensors), faulty_(sensors, false) {}

std::vector<ClockFault> ClockFaultMonitor::addShot(const LocatedShot &shot) {
  std::vector<ClockFault> found;
  for (const ShotSensorResidual &r : shot.residuals) {
    if (!r.has_pulse || r.sensor_index >= history_.size() || faulty_[r.sensor_index]) {
      continue;
    }
    auto &h = history_[r.sensor_index];
    h.push_back({shot.emission_utc_ns, r.residual_s, shot.solution.position_enu_m.head<2>()});
    while (static_cast<int>(h.size()) > options_.window) {
      h.pop_front();
    }
    if (static_cast<int>(h.size()) < options_.min_consistent) {
      continue;
    }
    std::vector<double> values;
    for (const Observation &o : h) {
      values.push_back(o.residual_s);
    }
    const double median = upperMedian(std::move(values));
    if (std::abs(median) < options_.min_offset_s) {
      continue;
    }
    std::vector<const Observation *> agreeing;
    for (const Observation &o : h) {
      if (std::abs(o.residual_s - median) <= options_.agreement_s) {
        agreeing.push_back(&o);
      }
    }
    if (static_cast<int>(agreeing.size()) < options_.min_consistent) {
      continue;
    }
    double spread = 0.0;
    for (const Observation *a : agreeing) {
      for (const Observation *b : agreeing) {
        spread = std::max(spread, (a->source_m - b->source_m).norm());
      }
    }
    if (spread < options_.min_source_spread_m) {
      continue;
    }
    faulty_[r.sensor_index] = true;
    ClockFault fault{r.sensor_index, median, agreeing.front()->time_utc_ns};
    faults_.push_back(fault);
    found.push_back(fault);
  }
  return found;
}

} // namespace salvo
