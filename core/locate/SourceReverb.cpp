#include "locate/SourceReverb.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace salvo {

namespace {

double median(std::vector<double> v) {
  auto middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), middle, v.end());
  return *middle;
}

} // namespace

std::vector<double> levelDifferences_db(const LocatedShot &a, const LocatedShot &b) {
  std::vector<double> differences;
  for (std::size_t i = 0; i < a.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < b.sensor_indices.size(); ++j) {
      if (a.sensor_indices[i] == b.sensor_indices[j] && i < a.arrival_peak_db_spl.size() &&
          j < b.arrival_peak_db_spl.size()) {
        differences.push_back(a.arrival_peak_db_spl[i] - b.arrival_peak_db_spl[j]);
      }
    }
  }
  return differences;
}

double medianLevelDifference_db(const LocatedShot &a, const LocatedShot &b) {
  const std::vector<double> differences = levelDifferences_db(a, b);
  if (differences.size() < 3) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return median(differences);
}

namespace {

// How long after `round` the shot `copy` arrived: the median over their common sensors of
// the arrival differences (a copy is a delayed replica at every sensor, whatever emission
// time a fit of a mixed set gave it), else the emission difference.
double delayAfter_s(const LocatedShot &copy, const LocatedShot &round) {
  std::vector<double> delays;
  for (std::size_t i = 0; i < copy.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < round.sensor_indices.size(); ++j) {
      if (copy.sensor_indices[i] == round.sensor_indices[j]) {
        delays.push_back(nanosToSeconds(copy.arrival_utc_ns[i] - round.arrival_utc_ns[j]));
      }
    }
  }
  return delays.size() >= 3 ? median(delays)
                            : nanosToSeconds(copy.emission_utc_ns - round.emission_utc_ns);
}

struct Follower {
  double delay_s;
  const LocatedShot *round;
};

// Every (round, quieter shot soon after it) pair: the delays a source copy could have.
std::vector<Follower> quieterFollowers(const std::vector<const LocatedShot *> &shots,
                                       const SourceReverbOptions &o) {
  std::vector<Follower> followers;
  for (const LocatedShot *round : shots) {
    for (const LocatedShot *copy : shots) {
      const double after_s = delayAfter_s(*copy, *round);
      if (after_s > o.match_s && after_s <= o.window_s &&
          medianLevelDifference_db(*copy, *round) <= -o.recurring_drop_db) {
        followers.push_back({after_s, round});
      }
    }
  }
  return followers;
}

} // namespace

double recurringReverbDelay_s(const std::vector<const LocatedShot *> &shots,
                              const SourceReverbOptions &o) {
  const std::vector<Follower> followers = quieterFollowers(shots, o);
  double best_s = -1.0;
  int bestRounds = 0;
  for (const Follower &f : followers) {
    std::vector<const LocatedShot *> rounds;
    double sum_s = 0.0;
    std::size_t count = 0;
    for (const Follower &g : followers) {
      if (std::abs(g.delay_s - f.delay_s) <= o.match_s) {
        sum_s += g.delay_s;
        ++count;
        if (std::find(rounds.begin(), rounds.end(), g.round) == rounds.end()) {
          rounds.push_back(g.round);
        }
      }
    }
    const int n = static_cast<int>(rounds.size());
    if (n >= o.min_recurrences && n > bestRounds) {
      bestRounds = n;
      best_s = sum_s / static_cast<double>(count);
    }
  }
  return best_s;
}

bool isSourceReverbCopy(const LocatedShot &candidate, const std::vector<const LocatedShot *> &shots,
                        double recurring_delay_s, const SourceReverbOptions &o) {
  return std::any_of(shots.begin(), shots.end(), [&](const LocatedShot *round) {
    const double after_s = delayAfter_s(candidate, *round);
    if (after_s <= o.match_s || after_s > o.window_s) {
      return false;
    }
    const double difference_db = medianLevelDifference_db(candidate, *round); // NaN: false
    if (recurring_delay_s > 0.0) {
      return std::abs(after_s - recurring_delay_s) <= o.match_s &&
             difference_db <= -o.recurring_drop_db;
    }
    return difference_db <= -o.fallback_drop_db;
  });
}

} // namespace salvo
