#include "locate/SourceReverb.h"

#include "common/Median.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace salvo {

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
  return upperMedian(differences);
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
  return delays.size() >= 3 ? upperMedian(delays)
                            : nanosToSeconds(copy.emission_utc_ns - round.emission_utc_ns);
}

// Another round sits where `round`'s copy `delay_s` later would be: its onsets hide it.
bool slotTaken(const LocatedShot &round, double delay_s,
               const std::vector<const LocatedShot *> &shots, const LocatedShot &candidate,
               const SourceReverbOptions &o) {
  const UtcNs slot = round.emission_utc_ns + secondsToNanos(delay_s);
  return std::any_of(shots.begin(), shots.end(), [&](const LocatedShot *s) {
    // A shot much quieter than `round` there is a copy itself, not a round hiding one.
    return s != &round && s != &candidate &&
           std::abs(nanosToSeconds(s->emission_utc_ns - slot)) <= o.masked_s &&
           !(medianLevelDifference_db(*s, round) <= -o.recurring_drop_db);
  });
}

// Arrival of `shot` at `sensor`, and its level there (NaN when not given).
std::optional<std::pair<UtcNs, double>> arrivalAt(const LocatedShot &shot, std::size_t sensor) {
  for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
    if (shot.sensor_indices[k] == sensor) {
      return std::pair{shot.arrival_utc_ns[k], k < shot.arrival_peak_db_spl.size()
                                                   ? shot.arrival_peak_db_spl[k]
                                                   : std::numeric_limits<double>::quiet_NaN()};
    }
  }
  return std::nullopt;
}

// Whether `other` is followed by a copy as `candidate` follows `round`: on the sensors
// where the candidate was heard (there a copy of a round as loud is loud enough to be
// detected), a pulse quieter than `other`'s arrival at the candidate's delay after `round`
// at that sensor. Null: under three such sensors.
std::optional<bool> followedLikeCandidate(const LocatedShot &other, const LocatedShot &round,
                                          const LocatedShot &candidate,
                                          const std::vector<std::vector<Pulse>> &pulses,
                                          const SourceReverbOptions &o) {
  int checked = 0;
  int found = 0;
  const UtcNs tolerance = secondsToNanos(o.match_s);
  for (std::size_t k = 0; k < candidate.sensor_indices.size(); ++k) {
    const std::size_t sensor = candidate.sensor_indices[k];
    const auto r = arrivalAt(round, sensor);
    const auto x = arrivalAt(other, sensor);
    if (!r || !x || sensor >= pulses.size()) {
      continue;
    }
    ++checked;
    const UtcNs slot = x->first + (candidate.arrival_utc_ns[k] - r->first);
    const auto &list = pulses[sensor];
    auto it = std::lower_bound(list.begin(), list.end(), slot - tolerance,
                               [](const Pulse &p, UtcNs t) { return p.onset_utc_ns < t; });
    for (; it != list.end() && it->onset_utc_ns <= slot + tolerance; ++it) {
      if (!(it->peak_db_spl >= x->second)) {
        ++found;
        break;
      }
    }
  }
  if (checked < 3) {
    return std::nullopt;
  }
  return static_cast<double>(found) >= o.follower_fraction * static_cast<double>(checked);
}

// Whether the other rounds of the place say that the place reverberates `delay_s` after a
// round: most of those that could show a copy there do. Null: none could.
std::optional<bool> placeReverberatesAt(const LocatedShot &candidate, const LocatedShot &round,
                                        double delay_s,
                                        const std::vector<const LocatedShot *> &shots,
                                        const std::vector<std::vector<Pulse>> &pulses,
                                        const SourceReverbOptions &o) {
  int checked = 0;
  int followed = 0;
  for (const LocatedShot *other : shots) {
    if (other == &candidate || other == &round ||
        !(medianLevelDifference_db(*other, round) >= -o.comparable_db) ||
        slotTaken(*other, delay_s, shots, candidate, o)) {
      continue;
    }
    const std::optional<bool> f = followedLikeCandidate(*other, round, candidate, pulses, o);
    if (f) {
      ++checked;
      followed += *f ? 1 : 0;
    }
  }
  if (checked < o.min_recurrences) {
    return std::nullopt;
  }
  return 2 * followed >= checked;
}

} // namespace

bool isSourceReverbCopy(const LocatedShot &candidate, const std::vector<const LocatedShot *> &shots,
                        const std::vector<std::vector<Pulse>> *pulses,
                        const SourceReverbOptions &o) {
  return std::any_of(shots.begin(), shots.end(), [&](const LocatedShot *round) {
    if (round == &candidate) {
      return false;
    }
    const double after_s = delayAfter_s(candidate, *round);
    if (after_s <= o.match_s || after_s > o.window_s) {
      return false;
    }
    const double difference_db = medianLevelDifference_db(candidate, *round); // NaN: false
    if (!(difference_db <= -o.recurring_drop_db)) {
      return false;
    }
    const std::optional<bool> reverberates =
        pulses == nullptr ? std::nullopt
                          : placeReverberatesAt(candidate, *round, after_s, shots, *pulses, o);
    return reverberates ? *reverberates : difference_db <= -o.fallback_drop_db;
  });
}

} // namespace salvo
