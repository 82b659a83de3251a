#include "locate/IncidentGrouper.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace salvo {

IncidentGrouper::IncidentGrouper(std::vector<Eigen::Vector3d> sensors_enu_m,
                                 IncidentGrouperOptions options)
    : sensors_(std::move(sensors_enu_m)), options_(options) {}

bool IncidentGrouper::isImageOf(const LocatedShot &candidate, const LocatedShot &real) const {
  const double dt = nanosToSeconds(candidate.emission_utc_ns - real.emission_utc_ns);
  if (std::abs(dt) > options_.image_window_s) {
    return false;
  }
  const double apart = (candidate.solution.position_enu_m - real.solution.position_enu_m).norm();
  if (apart < std::max(options_.min_same_place_m, real.solution.horizontal_error_95_m)) {
    return false; // the same place: a duplicate, not an image
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

namespace {

// Median level difference (candidate minus reference) over the sensors both used; NaN
// when fewer than three are shared.
double medianLevelDifference_db(const LocatedShot &candidate, const LocatedShot &reference) {
  std::vector<double> differences;
  for (std::size_t i = 0; i < candidate.sensor_indices.size(); ++i) {
    for (std::size_t j = 0; j < reference.sensor_indices.size(); ++j) {
      if (candidate.sensor_indices[i] == reference.sensor_indices[j] &&
          i < candidate.arrival_peak_db_spl.size() && j < reference.arrival_peak_db_spl.size()) {
        differences.push_back(candidate.arrival_peak_db_spl[i] - reference.arrival_peak_db_spl[j]);
      }
    }
  }
  if (differences.size() < 3) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  auto middle = differences.begin() + static_cast<std::ptrdiff_t>(differences.size() / 2);
  std::nth_element(differences.begin(), middle, differences.end());
  return *middle;
}

} // namespace

bool IncidentGrouper::isReverbOf(const LocatedShot &candidate, const LocatedShot &real) const {
  const double after_s = nanosToSeconds(candidate.emission_utc_ns - real.emission_utc_ns);
  if (after_s <= 0.0 || after_s > options_.reverb_window_s) {
    return false;
  }
  const double difference_db = medianLevelDifference_db(candidate, real);
  return difference_db <= -options_.reverb_min_drop_db; // false for NaN
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
  } else {
    for (const LocatedShot &earlier : target->shots) {
      if (isReverbOf(shot, earlier)) {
        ++droppedEchoes_;
        return;
      }
    }
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
      done.push_back(std::move(*it));
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(done.begin(), done.end(), [](const LocatedIncident &a, const LocatedIncident &b) {
    return a.first_emission_utc_ns < b.first_emission_utc_ns;
  });
  return done;
}

} // namespace salvo
