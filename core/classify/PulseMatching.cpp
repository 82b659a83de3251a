#include "classify/PulseMatching.h"

#include <algorithm>
#include <cstdlib>

namespace salvo {

long nearestUnusedPulse(const std::vector<Pulse> &pulses, const std::vector<bool> &used,
                        UtcNs expected_ns, std::int64_t tolerance_ns) {
  auto it = std::lower_bound(pulses.begin(), pulses.end(), expected_ns - tolerance_ns,
                             [](const Pulse &p, UtcNs t) { return p.onset_utc_ns < t; });
  long best = -1;
  std::int64_t bestDt = tolerance_ns + 1;
  for (; it != pulses.end() && it->onset_utc_ns <= expected_ns + tolerance_ns; ++it) {
    const auto index = long(it - pulses.begin());
    const std::int64_t dt = std::abs(it->onset_utc_ns - expected_ns);
    if (!used[std::size_t(index)] && dt < bestDt) {
      best = index;
      bestDt = dt;
    }
  }
  return best;
}

} // namespace salvo
