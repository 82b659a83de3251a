#pragma once

// Expected arrivals of every truth shot at every sensor of a shared scenario, on each
// sensor's own clock, matched against detected pulses. Used by the scenario test and
// the detection benchmark; the processing itself never sees the truth.

#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/Pulse.h"
#include "geo/Wgs84.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace salvo::test {

struct ExpectedArrival {
  std::size_t sensor = 0;
  UtcNs arrival_utc_ns = 0;
  bool gunfire = false;
  bool nlos = false;
  double range_m = 0.0;
};

inline std::vector<ExpectedArrival> expectedArrivals(const ScenarioFolder &scenario,
                                                     const ScenarioTruth &truth) {
  std::vector<ExpectedArrival> out;
  for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
    const SensorSpec &spec = scenario.recordings[s].spec;
    double clock_error_s = 0.0;
    bool nlos = false;
    for (const TruthSensor &t : truth.sensors) {
      if (t.id == spec.id) {
        clock_error_s = t.clock_error_s;
        nlos = t.nlos;
      }
    }
    for (const TruthEvent &event : truth.events) {
      const double range_m = slantDistance_m(event.position, spec.position);
      for (const UtcNs shot : event.shot_times_utc_ns) {
        ExpectedArrival a;
        a.sensor = s;
        // The sensor stamps its samples with its clock's error included.
        a.arrival_utc_ns =
            shot + secondsToNanos(range_m / truth.speed_of_sound_mps + clock_error_s);
        a.gunfire = event.eventClass == IncidentClass::Gunfire;
        a.nlos = nlos;
        a.range_m = range_m;
        out.push_back(a);
      }
    }
  }
  return out;
}

struct ArrivalScore {
  int expected = 0;
  int detected = 0;
  std::vector<double> errors_s; // signed, detected ones
  double fraction() const { return expected > 0 ? static_cast<double>(detected) / expected : 0.0; }
  double percentileAbs_s(double p) const {
    if (errors_s.empty()) {
      return 0.0;
    }
    std::vector<double> a;
    for (const double e : errors_s) {
      a.push_back(std::abs(e));
    }
    std::sort(a.begin(), a.end());
    return a[std::min(a.size() - 1, static_cast<std::size_t>(p * static_cast<double>(a.size())))];
  }
};

// A truth arrival counts as detected when a pulse of that sensor has its onset within
// `tolerance_s` of it (the nearest one gives the error).
inline ArrivalScore scoreArrivals(const std::vector<ExpectedArrival> &arrivals,
                                  const std::vector<std::vector<Pulse>> &pulses_by_sensor,
                                  bool gunfire_only, bool skip_nlos, double tolerance_s = 0.005) {
  ArrivalScore score;
  for (const ExpectedArrival &a : arrivals) {
    if ((gunfire_only && !a.gunfire) || (skip_nlos && a.nlos)) {
      continue;
    }
    ++score.expected;
    double best = tolerance_s;
    bool found = false;
    for (const Pulse &p : pulses_by_sensor[a.sensor]) {
      const double e = nanosToSeconds(p.onset_utc_ns - a.arrival_utc_ns);
      if (std::abs(e) <= std::abs(best)) {
        best = e;
        found = true;
      }
    }
    if (found) {
      ++score.detected;
      score.errors_s.push_back(best);
    }
  }
  return score;
}

} // namespace salvo::test
