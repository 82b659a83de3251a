#include "locate/PulseAssociator.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace salvo {
namespace {

constexpr double kWindowSlack = 1.03; // speed of sound and wind off by a few %
constexpr double kReverbSeedDrop_db = 5.0;

} // namespace

PulseAssociator::PulseAssociator(std::vector<Eigen::Vector3d> sensors_enu_m,
                                 PulseAssociatorOptions options)
    : sensors_(std::move(sensors_enu_m)), options_(options), pulses_(sensors_.size()),
      excludedFrom_(sensors_.size(), std::numeric_limits<UtcNs>::max()), rng_(options.random_seed) {
  const std::size_t n = sensors_.size();
  window_s_ = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  const double c = options_.solver.speed_of_sound_mps;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      // |d_j - d_i| <= |s_j - s_i|, and neither exceeds the hearing range.
      const double spread_m = std::min((sensors_[i] - sensors_[j]).norm(), options_.max_range_m);
      const double w = spread_m / c * kWindowSlack + kWindowMargin_s;
      window_s_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = w;
      maxSpread_s_ = std::max(maxSpread_s_, w);
    }
  }
}

void PulseAssociator::addPulses(std::span<const Pulse> pulses) {
  for (const Pulse &p : pulses) {
    if (p.sensor_index >= pulses_.size()) {
      continue;
    }
    auto &list = pulses_[p.sensor_index];
    StoredPulse stored;
    stored.onset_utc_ns = p.onset_utc_ns;
    stored.snr_db = p.snr_db;
    stored.likely_echo = p.likely_echo;
    stored.peak_db_spl = p.peak_db_spl;
    stored.clipped = p.clipped;
    if (list.empty() || list.back().onset_utc_ns <= p.onset_utc_ns) {
      list.push_back(stored);
    } else {
      // Out of order (should not happen per sensor, but never corrupt the sorted list).
      auto it = std::upper_bound(list.begin(), list.end(), p.onset_utc_ns,
                                 [](UtcNs t, const StoredPulse &s) { return t < s.onset_utc_ns; });
      list.insert(it, stored);
    }
  }
}

void PulseAssociator::excludeSensor(std::size_t sensor_index, UtcNs from_utc_ns) {
  if (sensor_index < excludedFrom_.size()) {
    excludedFrom_[sensor_index] = std::min(excludedFrom_[sensor_index], from_utc_ns);
  }
}

bool PulseAssociator::isExcluded(std::size_t sensor_index, UtcNs at_utc_ns) const {
  return at_utc_ns >= excludedFrom_[sensor_index];
}

void PulseAssociator::prune(UtcNs before_utc_ns) {
  for (auto &list : pulses_) {
    while (!list.empty() && list.front().onset_utc_ns < before_utc_ns) {
      list.pop_front();
    }
  }
}

const PulseAssociator::Candidate *PulseAssociator::nearest(std::size_t sensor, double time_s,
                                                           double tolerance_s) const {
  const auto &list = window_.candidates[sensor];
  auto it = std::lower_bound(list.begin(), list.end(), time_s,
                             [](const Candidate &c, double t) { return c.time_s < t; });
  const Candidate *best = nullptr;
  double bestErr = tolerance_s;
  if (it != list.end() && std::abs(it->time_s - time_s) <= bestErr) {
    best = &*it;
    bestErr = std::abs(it->time_s - time_s);
  }
  if (it != list.begin()) {
    const Candidate &prev = *(it - 1);
    if (std::abs(prev.time_s - time_s) <= bestErr) {
      best = &prev;
    }
  }
  return best;
}

bool PulseAssociator::sameCandidates(const std::vector<Candidate> &a,
                                     const std::vector<Candidate> &b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Candidate &x, const Candidate &y) {
                      return x.sensor == y.sensor && x.index == y.index;
                    });
}

// A detector-flagged echo deep in a located shot's shadow (much quieter than its direct
// sound): reverberation of that shot, not the next round, which would be about as loud.
bool PulseAssociator::reverberation(const StoredPulse &pulse) {
  return pulse.shadow > 0 && pulse.shadowDrop_db >= kReverbSeedDrop_db;
}

bool PulseAssociator::tryseed(std::size_t seedSensor, std::size_t seedIndex, int support,
                              std::vector<LocatedShot> &out) {
  StoredPulse &seed = pulses_[seedSensor][seedIndex];
  const double minScore = static_cast<double>(support) - kHypothesisSlack;
  if (seed.bestScore + 1e-9 < minScore) {
    ++stats_.seeds_bounded;
    return false;
  }
  gatherWindow(seedSensor, seedIndex, window_);
  const bool unchanged = seed.evaluatedAt != 0 && window_.latestChange <= seed.evaluatedAt;
  ++stats_.seeds_tried;
  if (static_cast<int>(window_.heard.size()) + 1 < support) {
    return false;
  }
  if (unchanged) {
    ++stats_.seeds_reused;
  } else {
    SearchResult result;
    searchMinimalSets(seedSensor, seed, window_, options_.seed_random_streams ? nullptr : &rng_,
                      result);
    adoptSearch(seed, result, version_);
  }
  // The refinement works on window_ (the seed's candidates and scoring sensors).
  seedTime_ = seed.onset_utc_ns;

  // Refine (once per evaluation) every hypothesis that could reach the support; the
  // largest consistent set wins, then the better fit.
  LocatedShot best;
  std::vector<Candidate> bestChosen;
  int bestSlot = -1;
  std::array<std::vector<Candidate>, 3> starts;
  for (int i = 0; i < seed.cached; ++i) {
    auto &h = seed.cache[i];
    if (h.score + 1e-9 < minScore) {
      break;
    }
    LocatedShot shot;
    std::vector<Candidate> chosen;
    if (h.refinedSensors < 0) {
      starts[i] = initialSet(h.position, h.emission_s);
      // Two places that pick the same pulses refine to the same shot.
      for (int j = 0; j < i; ++j) {
        if (h.refinedSensors < 0 && sameCandidates(starts[j], starts[i]) &&
            seed.cache[j].refinedSensors >= 0) {
          ++stats_.refines_reused;
          h.refinedSensors = seed.cache[j].refinedSensors;
          h.refinedRms_s = seed.cache[j].refinedRms_s;
        }
      }
    }
    if (h.refinedSensors < 0) {
      const bool ok = refine(seedSensor, h, starts[i], shot, chosen);
      h.refinedSensors = ok ? static_cast<int>(chosen.size()) : 0;
      h.refinedRms_s = ok ? jitterRms_s(shot.solution) : 0.0;
    }
    if (h.refinedSensors < support) {
      continue;
    }
    const bool better = bestSlot < 0 || h.refinedSensors > seed.cache[bestSlot].refinedSensors ||
                        (h.refinedSensors == seed.cache[bestSlot].refinedSensors &&
                         h.refinedRms_s < seed.cache[bestSlot].refinedRms_s);
    if (better) {
      bestSlot = i;
      best = std::move(shot);
      bestChosen = std::move(chosen);
    }
  }
  if (bestSlot < 0) {
    return false;
  }
  if (bestChosen.empty()) {
    // Refined in an earlier pass, with nothing changed since: the same result again.
    const auto &h = seed.cache[bestSlot];
    if (!refine(seedSensor, h, initialSet(h.position, h.emission_s), best, bestChosen)) {
      return false;
    }
  }
  consume(best, bestChosen);
  finalNlosFit(seedSensor, bestChosen, best);
  best.seed_snr_db = seed.snr_db;
  out.push_back(std::move(best));
  return true;
}

} // namespace salvo
