#include "classify/ColocatedRepeats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace salvo {
namespace {

// The same spot, give or take a string's length: pops land a metre or two apart, which
// moves one sensor's offset against another's by up to twice the shift over the speed of
// sound (~6-12 ms). At 4 ms the feature read real-looking strings as lone impulses and
// helped less on held-out data (docs/classifier.md, session 8). Chance coincidences on a
// busy night are what the "most of the sensors" rule is for.
constexpr std::int64_t kSameOffset_ns = 10'000'000;
// A repeat is a separate impulse, not the shot's own ringing.
constexpr std::int64_t kMinOffset_ns = 2'000'000;
constexpr std::int64_t kOwnPulse_ns = 1'000'000;
constexpr std::size_t kMinArrivals = 3;

bool isOwnShotPulse(const Pulse &pulse, const IncidentEvidence &incident) {
  for (const ShotEvidence &shot : incident.shots) {
    for (const ShotArrival &a : shot.arrivals) {
      if (a.pulse.sensor_index == pulse.sensor_index &&
          std::llabs(a.pulse.onset_utc_ns - pulse.onset_utc_ns) <= kOwnPulse_ns) {
        return true;
      }
    }
  }
  return false;
}

// Per arrival, the sorted offsets of its neighbours (not the incident's own pulses).
std::vector<std::vector<std::int64_t>> neighbourOffsets(const ShotEvidence &shot,
                                                        const IncidentEvidence &incident) {
  std::vector<std::vector<std::int64_t>> offsets;
  for (const ShotArrival &a : shot.arrivals) {
    std::vector<std::int64_t> d;
    for (const Pulse &n : a.neighbours) {
      const std::int64_t dt = n.onset_utc_ns - a.pulse.onset_utc_ns;
      if (std::llabs(dt) >= kMinOffset_ns && !isOwnShotPulse(n, incident)) {
        d.push_back(dt);
      }
    }
    std::sort(d.begin(), d.end());
    offsets.push_back(std::move(d));
  }
  return offsets;
}

bool hasOffsetNear(const std::vector<std::int64_t> &sorted, std::int64_t d) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), d - kSameOffset_ns);
  return it != sorted.end() && *it <= d + kSameOffset_ns;
}

// Offsets (from any arrival) that most arrivals share, counted as distinct impulses:
// supported offsets closer than the tolerance to the previous one are the same impulse.
std::pair<int, int> countSharedOffsets(const std::vector<std::vector<std::int64_t>> &offsets) {
  const std::size_t needed = std::max<std::size_t>(kMinArrivals, (offsets.size() + 1) / 2);
  std::vector<std::int64_t> supported;
  for (const auto &own : offsets) {
    for (std::int64_t d : own) {
      const auto support = std::count_if(offsets.begin(), offsets.end(), [&](const auto &other) {
        return hasOffsetNear(other, d);
      });
      if (std::size_t(support) >= needed) {
        supported.push_back(d);
      }
    }
  }
  std::sort(supported.begin(), supported.end());
  int before = 0, after = 0;
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (i > 0 && supported[i] - supported[i - 1] <= kSameOffset_ns) {
      continue;
    }
    (supported[i] < 0 ? before : after) += 1;
  }
  return {before, after};
}

} // namespace

ColocatedRepeats colocatedRepeats(const ShotEvidence &shot, const IncidentEvidence &incident) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (shot.arrivals.size() < kMinArrivals) {
    return {kNaN, kNaN};
  }
  const auto [before, after] = countSharedOffsets(neighbourOffsets(shot, incident));
  return {double(before), double(after)};
}

} // namespace salvo
