#include "locate/IncidentGrouper.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace salvo {

IncidentGrouper::IncidentGrouper(std::vector<Eigen::Vector3d> sensors_enu_m,
                                 IncidentGrouperOptions options,
                                 const std::vector<std::vector<Pulse>> *pulses)
    : sensors_(std::move(sensors_enu_m)), options_(options), pulses_(pulses) {}

bool IncidentGrouper::isImageOf(const LocatedShot &candidate, const LocatedShot &real) const {
  const double dt = nanosToSeconds(candidate.emission_utc_ns - real.emission_utc_ns);
  if (std::abs(dt) > options_.image_window_s) {
    return false;
  }
  const double apart = (candidate.solution.position_enu_m - real.solution.position_enu_m).norm();
  if (apart < std::max(options_.min_same_place_m, real.solution.horizontal_error_95_m)) {
    return false; // the same place: a duplicate, not an image
  }
  // A reflection travels further and loses energy at the wall: it is not louder than the
  // direct sound where both were heard. (A real round fitted next to a set association mixed
  // from the previous round's copies would otherwise be taken for its image.)
  if (medianLevelDifference_db(candidate, real) > 0.0) {
    return false; // NaN (under three common sensors): no level evidence, the timing decides
  }
  const Eigen::Vector3d p = real.solution.position_enu_m;
  const double c = real.solution.speed_of_sound_mps;
  for (std::size_t i = 0; i < candidate.sensor_indices.size(); ++i) {
    const std::size_t s = candidate.sensor_indices[i];
    const UtcNs direct = real.emission_utc_ns + secondsToNanos((sensors_[s] - p).norm() / c);
    if (candidate.arrival_utc_ns[i] < direct - secondsToNanos(0.001)) {
      return false; // earlier than the direct path anywhere: a source of its own
    }
  }
  return true;
}

bool IncidentGrouper::isScatterOf(const LocatedShot &candidate, const LocatedShot &real) const {
  const double apart = (candidate.solution.position_enu_m - real.solution.position_enu_m).norm();
  if (apart < options_.scatter_min_distance_m || apart > options_.scatter_max_distance_m) {
    return false;
  }
  const double c = real.solution.speed_of_sound_mps;
  const double reached_s = nanosToSeconds(candidate.emission_utc_ns - real.emission_utc_ns);
  const double tolerance_s =
      options_.scatter_tolerance_s +
      (candidate.solution.horizontal_error_95_m + real.solution.horizontal_error_95_m) / c;
  if (std::abs(reached_s - apart / c) > tolerance_s) {
    return false;
  }
  // Level: an echo is quieter than the direct sound wherever both were heard. (A second
  // source that merely happens to fire on cue is louder near itself.)
  int common = 0;
  int quieter = 0;
  for (std::size_t i = 0; i < candidate.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < real.sensor_indices.size(); ++j) {
      if (candidate.sensor_indices[i] != real.sensor_indices[j] ||
          i >= candidate.arrival_peak_db_spl.size() || j >= real.arrival_peak_db_spl.size()) {
        continue;
      }
      ++common;
      if (candidate.arrival_peak_db_spl[i] <=
          real.arrival_peak_db_spl[j] - options_.scatter_min_drop_db) {
        ++quieter;
      }
    }
  }
  return common >= 3 && quieter >= options_.scatter_quieter_fraction * common;
}

void IncidentGrouper::dropSourceReverb(LocatedIncident &incident) {
  std::vector<const LocatedShot *> place;
  for (const LocatedShot &s : incident.shots) {
    place.push_back(&s);
  }
  std::vector<bool> copy(place.size());
  for (std::size_t i = 0; i < place.size(); ++i) {
    copy[i] = isSourceReverbCopy(*place[i], place, pulses_, options_.source_reverb);
  }
  if (std::find(copy.begin(), copy.end(), true) == copy.end()) {
    return;
  }
  std::vector<LocatedShot> kept;
  for (std::size_t i = 0; i < place.size(); ++i) {
    if (copy[i]) {
      ++droppedEchoes_;
    } else {
      kept.push_back(std::move(incident.shots[i]));
    }
  }
  incident.shots = std::move(kept);
  summarise(incident);
}

bool IncidentGrouper::canExplain(const LocatedIncident &real,
                                 const LocatedIncident &candidate) const {
  if (&real == &candidate || candidate.sensor_indices.size() > real.sensor_indices.size()) {
    return false; // an echo is not heard on more sensors than the direct sound
  }
  const double r1 = candidate.horizontal_error_95_m;
  const double r2 = real.horizontal_error_95_m;
  const double apart = (candidate.position_enu_m - real.position_enu_m).head<2>().norm();
  // The same place: rounds, which the grouping and the reverb rule handle.
  return apart > std::max(options_.min_same_place_m, std::sqrt(r1 * r1 + r2 * r2));
}

bool IncidentGrouper::inReverberationOf(const LocatedIncident &real, std::size_t sensor, UtcNs t,
                                        double level_db) const {
  // The real incident's first and last arrival and loudest level at this sensor.
  UtcNs first = std::numeric_limits<UtcNs>::max();
  UtcNs last = std::numeric_limits<UtcNs>::min();
  double loudest_db = -std::numeric_limits<double>::infinity();
  for (const LocatedShot &r : real.shots) {
    for (std::size_t j = 0; j < r.sensor_indices.size(); ++j) {
      if (r.sensor_indices[j] == sensor) {
        first = std::min(first, r.arrival_utc_ns[j]);
        last = std::max(last, r.arrival_utc_ns[j]);
        if (j < r.arrival_peak_db_spl.size()) {
          loudest_db = std::max(loudest_db, r.arrival_peak_db_spl[j]);
        }
      }
    }
  }
  return first != std::numeric_limits<UtcNs>::max() && t > first &&
         t <= last + secondsToNanos(options_.reverb_tail_s) &&
         level_db <= loudest_db - options_.reverb_tail_min_drop_db;
}

bool IncidentGrouper::isBorrowedMixture(
    const LocatedIncident &candidate,
    const std::vector<const LocatedIncident *> &references) const {
  if (candidate.rounds > options_.borrowed_max_rounds) {
    return false; // a chance alignment of others' sound does not recur at one place
  }
  std::vector<const LocatedShot *> own;
  for (const LocatedShot &s : candidate.shots) {
    own.push_back(&s);
  }
  // A reference made in the same share of the candidate's sound (a mislocated copy of the
  // same source, borrowing its echoes) explains nothing: the two claim each other's pulses
  // and the arrivals cannot tell which one is the source.
  const BorrowedSoundOptions &o = options_.borrowed_sound;
  std::vector<const LocatedShot *> shots;
  for (const LocatedIncident *r : references) {
    for (const LocatedShot &s : r->shots) {
      if (shareOfSoundOf(s, own, sensors_, pulses_, o) < o.explained_fraction) {
        shots.push_back(&s);
      }
    }
  }
  return std::all_of(candidate.shots.begin(), candidate.shots.end(), [&](const LocatedShot &s) {
    return isBorrowedSoundMixture(s, shots, sensors_, pulses_, o);
  });
}

void IncidentGrouper::dropReverbGhosts(std::vector<LocatedIncident> &done) {
  // Strongest first, so that a ghost never explains away the incident it came from.
  std::vector<std::size_t> order(done.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return done[a].sensor_indices.size() > done[b].sensor_indices.size();
  });
  std::vector<bool> ghost(done.size(), false);
  for (const std::size_t k : order) {
    const LocatedIncident &candidate = done[k];
    std::vector<const LocatedIncident *> references;
    auto consider = [&](const LocatedIncident &real) {
      if (canExplain(real, candidate)) {
        references.push_back(&real);
      }
    };
    std::for_each(open_.begin(), open_.end(), consider);
    std::for_each(flushed_.begin(), flushed_.end(), consider);
    for (std::size_t j = 0; j < done.size(); ++j) {
      if (!ghost[j]) {
        consider(done[j]);
      }
    }
    // Every arrival inside the reverberation of one or another stronger incident.
    bool explained = !references.empty();
    for (const LocatedShot &shot : candidate.shots) {
      for (std::size_t i = 0; i < shot.sensor_indices.size() && explained; ++i) {
        const double level_db = i < shot.arrival_peak_db_spl.size()
                                    ? shot.arrival_peak_db_spl[i]
                                    : -std::numeric_limits<double>::infinity();
        explained = std::any_of(references.begin(), references.end(), [&](const auto *real) {
          return inReverberationOf(*real, shot.sensor_indices[i], shot.arrival_utc_ns[i], level_db);
        });
      }
    }
    if (!explained && options_.drop_borrowed_mixtures && isBorrowedMixture(candidate, references)) {
      explained = true;
      ++droppedBorrowedMixtures_;
    } else if (explained) {
      ++droppedReverbGhosts_;
    }
    ghost[k] = explained;
  }
  std::vector<LocatedIncident> kept;
  for (std::size_t i = 0; i < done.size(); ++i) {
    if (!ghost[i]) {
      kept.push_back(std::move(done[i]));
    }
  }
  done = std::move(kept);
}

void IncidentGrouper::addShot(LocatedShot shot) {
  // Mirror images and scatter ghosts: against shots of the last seconds (the time sound
  // takes to the farthest scatterer that still echoes audibly).
  const double lookback_s =
      std::max(1.0, options_.scatter_max_distance_m / shot.solution.speed_of_sound_mps + 0.1);
  while (!recent_.empty() &&
         nanosToSeconds(shot.emission_utc_ns - recent_.front().emission_utc_ns) > lookback_s) {
    recent_.pop_front();
  }
  for (const LocatedShot &other : recent_) {
    if (other.emission_utc_ns < shot.emission_utc_ns && isScatterOf(shot, other)) {
      ++droppedEchoes_;
      return;
    }
  }
  for (const LocatedShot &other : recent_) {
    if (isImageOf(shot, other)) {
      ++droppedImages_;
      return;
    }
  }
  for (auto it = recent_.begin(); it != recent_.end(); ++it) {
    if (isImageOf(*it, shot)) {
      // The earlier-kept shot was the image: take it out of its incident.
      for (LocatedIncident &incident : open_) {
        auto &v = incident.shots;
        auto found = std::find_if(v.begin(), v.end(), [&](const LocatedShot &s) {
          return s.emission_utc_ns == it->emission_utc_ns && s.epoch_utc_ns == it->epoch_utc_ns;
        });
        if (found != v.end()) {
          v.erase(found);
          ++droppedImages_;
        }
      }
      std::erase_if(open_, [](const LocatedIncident &i) { return i.shots.empty(); });
      for (LocatedIncident &incident : open_) {
        summarise(incident);
      }
      recent_.erase(it);
      break;
    }
  }
  recent_.push_back(shot);

  // The open incident at the same place with the shortest gap takes the shot.
  LocatedIncident *target = nullptr;
  double bestGap = options_.max_gap_s;
  for (LocatedIncident &incident : open_) {
    const UtcNs last = incident.shots.back().emission_utc_ns;
    const double gap = std::abs(nanosToSeconds(shot.emission_utc_ns - last));
    const double apart = (shot.solution.position_enu_m - incident.position_enu_m).head<2>().norm();
    const double r1 = shot.solution.horizontal_error_95_m;
    const double r2 = incident.horizontal_error_95_m;
    const double samePlace = std::max(options_.min_same_place_m, std::sqrt(r1 * r1 + r2 * r2));
    if (gap <= bestGap && apart <= samePlace) {
      bestGap = gap;
      target = &incident;
    }
  }
  if (target == nullptr) {
    open_.emplace_back();
    target = &open_.back();
  }
  target->shots.push_back(std::move(shot));
  summarise(*target);
}

void IncidentGrouper::summarise(LocatedIncident &incident) const {
  auto &shots = incident.shots;
  std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
    return a.emission_utc_ns < b.emission_utc_ns;
  });
  // Information-weighted position. Shots of one burst share the systematic errors (speed
  // of sound, wind, height prior), so the radius does not shrink like 1/sqrt(n): it is
  // the weighted radius but never below half of the best single shot's.
  double weightSum = 0.0;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  double bestRadius = std::numeric_limits<double>::infinity();
  for (const LocatedShot &s : shots) {
    const double r = std::max(s.solution.horizontal_error_95_m, 0.05);
    const double w = 1.0 / (r * r);
    weightSum += w;
    sum += w * s.solution.position_enu_m;
    bestRadius = std::min(bestRadius, r);
  }
  incident.position_enu_m = sum / weightSum;
  incident.horizontal_error_95_m =
      std::max({1.0 / std::sqrt(weightSum), 0.5 * bestRadius, options_.min_radius_m});
  incident.first_emission_utc_ns = shots.front().emission_utc_ns;
  // Rounds: distinct emissions (one shot located twice from split sensor sets counts once).
  int rounds = 0;
  UtcNs last = std::numeric_limits<UtcNs>::min();
  for (const LocatedShot &s : shots) {
    if (rounds == 0 || nanosToSeconds(s.emission_utc_ns - last) > options_.duplicate_s) {
      ++rounds;
    }
    last = s.emission_utc_ns;
  }
  incident.rounds = rounds;
  incident.sensor_indices.clear();
  for (const LocatedShot &s : shots) {
    incident.sensor_indices.insert(incident.sensor_indices.end(), s.sensor_indices.begin(),
                                   s.sensor_indices.end());
  }
  std::sort(incident.sensor_indices.begin(), incident.sensor_indices.end());
  incident.sensor_indices.erase(
      std::unique(incident.sensor_indices.begin(), incident.sensor_indices.end()),
      incident.sensor_indices.end());
}

std::vector<LocatedIncident> IncidentGrouper::flush(UtcNs horizon_utc_ns) {
  std::vector<LocatedIncident> done;
  const bool all = horizon_utc_ns == std::numeric_limits<UtcNs>::max();
  for (auto it = open_.begin(); it != open_.end();) {
    const double idle =
        all ? 1e30 : nanosToSeconds(horizon_utc_ns - it->shots.back().emission_utc_ns);
    if (idle > options_.max_gap_s) {
      if (options_.drop_source_reverb) {
        dropSourceReverb(*it);
      }
      done.push_back(std::move(*it));
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  if (options_.drop_reverb_ghosts) {
    dropReverbGhosts(done);
  }
  std::sort(done.begin(), done.end(), [](const LocatedIncident &a, const LocatedIncident &b) {
    return a.first_emission_utc_ns < b.first_emission_utc_ns;
  });
  // Kept while their reverberation can still explain an incident flushed later.
  for (const LocatedIncident &incident : done) {
    flushed_.push_back(incident);
  }
  while (!all && !flushed_.empty() &&
         nanosToSeconds(horizon_utc_ns - flushed_.front().shots.back().emission_utc_ns) >
             options_.max_gap_s + options_.reverb_tail_s + 5.0) {
    flushed_.pop_front();
  }
  return done;
}

} // namespace salvo
