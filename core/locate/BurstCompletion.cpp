#include "locate/BurstCompletion.h"

#include "common/Median.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace salvo {

namespace {

bool samePlace(const LocatedShot &a, const LocatedShot &b) {
  const double r1 = a.solution.horizontal_error_95_m;
  const double r2 = b.solution.horizontal_error_95_m;
  return (a.solution.position_enu_m - b.solution.position_enu_m).head<2>().norm() <=
         std::max(12.0, std::sqrt(r1 * r1 + r2 * r2));
}

struct EmissionVote {
  double emission_s; // relative to the anchor's emission
  std::size_t sensor;
  const Pulse *pulse;
};

// Every pulse on the anchor's sensors as an emission time (onset minus that sensor's
// measured delay), in [from_s, to_s] about the anchor's emission, sorted.
std::vector<EmissionVote> emissionVotes(const LocatedShot &anchor,
                                        const std::vector<std::vector<Pulse>> &pulses,
                                        double from_s, double to_s) {
  std::vector<EmissionVote> votes;
  for (std::size_t k = 0; k < anchor.sensor_indices.size(); ++k) {
    const std::size_t s = anchor.sensor_indices[k];
    const double delay_s = nanosToSeconds(anchor.arrival_utc_ns[k] - anchor.emission_utc_ns);
    for (const Pulse &p : pulses[s]) {
      const double e = nanosToSeconds(p.onset_utc_ns - anchor.emission_utc_ns) - delay_s;
      if (e >= from_s && e <= to_s) {
        votes.push_back({e, s, &p});
      }
    }
  }
  std::sort(votes.begin(), votes.end(), [](const EmissionVote &a, const EmissionVote &b) {
    return a.emission_s < b.emission_s;
  });
  return votes;
}

// One pulse a sensor out of the votes [begin, end) that agree on an emission: the one
// nearest their median.
std::vector<EmissionVote> oneVoteEachSensor(std::vector<EmissionVote>::const_iterator begin,
                                            std::vector<EmissionVote>::const_iterator end) {
  std::vector<double> times;
  for (auto it = begin; it != end; ++it) {
    times.push_back(it->emission_s);
  }
  const double centre = upperMedian(times);
  std::vector<EmissionVote> best;
  for (auto it = begin; it != end; ++it) {
    auto same = std::find_if(best.begin(), best.end(),
                             [&](const EmissionVote &v) { return v.sensor == it->sensor; });
    if (same == best.end()) {
      best.push_back(*it);
    } else if (std::abs(it->emission_s - centre) < std::abs(same->emission_s - centre)) {
      *same = *it;
    }
  }
  std::sort(best.begin(), best.end(),
            [](const EmissionVote &a, const EmissionVote &b) { return a.sensor < b.sensor; });
  return best;
}

// A located shot from the agreeing pulses: solved on its own when that lands at the
// anchor's place, else the anchor's solution at the new emission time.
LocatedShot roundFromVotes(const LocatedShot &anchor, const std::vector<EmissionVote> &votes,
                           const std::vector<Eigen::Vector3d> &sensors,
                           const TdoaSolverOptions &solverOptions) {
  LocatedShot round;
  std::vector<double> times;
  std::vector<TdoaArrival> arrivals;
  for (const EmissionVote &v : votes) {
    round.sensor_indices.push_back(v.sensor);
    round.arrival_utc_ns.push_back(v.pulse->onset_utc_ns);
    round.arrival_peak_db_spl.push_back(v.pulse->peak_db_spl);
    times.push_back(v.emission_s);
    arrivals.push_back(
        {sensors[v.sensor], nanosToSeconds(v.pulse->onset_utc_ns - anchor.emission_utc_ns), 0.0});
  }
  TdoaSolverOptions options = solverOptions;
  options.source_height_m = anchor.solution.position_enu_m.z();
  const TdoaSolution solved = TdoaSolver(options).solve(arrivals);
  round.epoch_utc_ns = anchor.emission_utc_ns;
  round.solution = solved;
  if (solved.valid && samePlace(round, anchor) && solved.rms_residual_s < 1.5e-3) {
    round.emission_utc_ns = anchor.emission_utc_ns + secondsToNanos(solved.emission_s);
  } else {
    const double emission_s = upperMedian(times);
    round.solution = anchor.solution;
    round.solution.emission_s = emission_s;
    round.solution.residuals_s.clear();
    round.emission_utc_ns = anchor.emission_utc_ns + secondsToNanos(emission_s);
  }
  return round;
}

double medianLevelDrop_db(const LocatedShot &round, const LocatedShot &anchor) {
  const std::vector<double> d = levelDifferences_db(anchor, round);
  return d.empty() ? 0.0 : upperMedian(d);
}

std::vector<const LocatedShot *> shotsAt(const LocatedShot &anchor,
                                         const std::vector<LocatedShot> &shots) {
  std::vector<const LocatedShot *> place;
  for (const LocatedShot &s : shots) {
    if (samePlace(s, anchor)) {
      place.push_back(&s);
    }
  }
  return place;
}

// Rounds where enough of the anchor's sensors agree on an emission, in time order.
std::vector<LocatedShot> candidateRounds(const LocatedShot &anchor,
                                         const std::vector<EmissionVote> &votes, int need,
                                         const std::vector<Eigen::Vector3d> &sensors,
                                         const TdoaSolverOptions &solver,
                                         const BurstCompletionOptions &options) {
  std::vector<LocatedShot> candidates;
  for (auto i = votes.begin(); i != votes.end();) {
    auto j = i;
    while (j != votes.end() && j->emission_s - i->emission_s <= 2.0 * options.tolerance_s) {
      ++j;
    }
    const std::vector<EmissionVote> agreeing = oneVoteEachSensor(i, j);
    if (static_cast<int>(agreeing.size()) < need) {
      ++i;
      continue;
    }
    candidates.push_back(roundFromVotes(anchor, agreeing, sensors, solver));
    i = j;
  }
  return candidates;
}

// A located shot already stands for this candidate: one at the same emission. (A shot
// association fitted to a mixed set can sit 5-30 ms off the round it took most arrivals
// from; the round's own emission is added next to it, the grouper counts the two as one
// round, and a mixture that borrowed from the round is dropped below.)
bool alreadyKnown(const LocatedShot &candidate, const std::vector<const LocatedShot *> &place,
                  const BurstCompletionOptions &o) {
  return std::any_of(place.begin(), place.end(), [&](const LocatedShot *s) {
    return std::abs(nanosToSeconds(s->emission_utc_ns - candidate.emission_utc_ns)) <=
           o.duplicate_s;
  });
}

// The first candidate that is a new round: not known, not too weak, not the source's
// reverberation of a known or candidate round.
const LocatedShot *firstNewRound(const LocatedShot &anchor, const std::vector<LocatedShot> &shots,
                                 const std::vector<LocatedShot> &candidates,
                                 const std::vector<std::vector<Pulse>> &pulses,
                                 const BurstCompletionOptions &o) {
  std::vector<const LocatedShot *> place = shotsAt(anchor, shots);
  const std::vector<const LocatedShot *> known = place;
  for (const LocatedShot &c : candidates) {
    place.push_back(&c);
  }
  for (const LocatedShot &c : candidates) {
    if (!alreadyKnown(c, known, o) && medianLevelDrop_db(c, anchor) < o.max_drop_db &&
        !isSourceReverbCopy(c, place, &pulses, o.reverb)) {
      return &c;
    }
  }
  return nullptr;
}

} // namespace

int completeBursts(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                   const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                   std::vector<LocatedShot> &shots, const TdoaSolverOptions &solver,
                   const BurstCompletionOptions &options, int *borrowers) {
  if (!options.enabled) {
    return 0;
  }
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    if (static_cast<int>(shots[i].sensor_indices.size()) >= options.anchor_min_sensors) {
      anchors.push_back(i);
    }
  }
  std::stable_sort(anchors.begin(), anchors.end(), [&](std::size_t a, std::size_t b) {
    return shots[a].sensor_indices.size() > shots[b].sensor_indices.size();
  });
  const std::size_t original = shots.size();
  for (const std::size_t a : anchors) {
    const LocatedShot anchor = shots[a];
    const int need =
        std::max(options.min_sensors,
                 static_cast<int>(std::ceil(options.min_fraction *
                                            static_cast<double>(anchor.sensor_indices.size()))));
    // Known rounds at this place, as emission times about the anchor's.
    auto span = [&](double &first_s, double &last_s) {
      first_s = 0.0;
      last_s = 0.0;
      bool grew = true;
      while (grew) {
        grew = false;
        for (const LocatedShot &s : shots) {
          const double e = nanosToSeconds(s.emission_utc_ns - anchor.emission_utc_ns);
          if (samePlace(s, anchor) && e >= first_s - options.max_gap_s &&
              e <= last_s + options.max_gap_s && (e < first_s || e > last_s)) {
            first_s = std::min(first_s, e);
            last_s = std::max(last_s, e);
            grew = true;
          }
        }
      }
    };
    for (int pass = 0; pass < 50; ++pass) {
      double first_s = 0.0;
      double last_s = 0.0;
      span(first_s, last_s);
      const auto votes = emissionVotes(anchor, pulsesPerSensor, first_s - options.max_gap_s,
                                       last_s + options.max_gap_s);
      const std::vector<LocatedShot> candidates =
          candidateRounds(anchor, votes, need, sensors_enu_m, solver, options);
      const LocatedShot *round = firstNewRound(anchor, shots, candidates, pulsesPerSensor, options);
      if (round == nullptr) {
        break;
      }
      shots.push_back(*round); // the span may have grown: vote again
    }
  }
  // Shots that had borrowed half or more of their arrivals from the rounds just found.
  std::vector<std::pair<std::size_t, UtcNs>> claimed;
  for (std::size_t i = original; i < shots.size(); ++i) {
    for (std::size_t k = 0; k < shots[i].sensor_indices.size(); ++k) {
      claimed.emplace_back(shots[i].sensor_indices[k], shots[i].arrival_utc_ns[k]);
    }
  }
  std::sort(claimed.begin(), claimed.end());
  int dropped = 0;
  std::vector<LocatedShot> kept;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    std::size_t taken = 0;
    for (std::size_t k = 0; i < original && k < shots[i].sensor_indices.size(); ++k) {
      taken += std::binary_search(claimed.begin(), claimed.end(),
                                  std::pair{shots[i].sensor_indices[k], shots[i].arrival_utc_ns[k]})
                   ? 1
                   : 0;
    }
    if (2 * taken >= shots[i].sensor_indices.size() && taken > 0) {
      ++dropped;
    } else {
      kept.push_back(std::move(shots[i]));
    }
  }
  const int added = static_cast<int>(shots.size() - original);
  shots = std::move(kept);
  if (borrowers != nullptr) {
    *borrowers = dropped;
  }
  return added;
}

} // namespace salvo
