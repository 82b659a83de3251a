#include "locate/PulseAssociator.h"

#include "locate/HypothesisScorer.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace salvo {
namespace {

constexpr double kWindowMargin_s = 0.005; // clock tolerance and onset jitter
constexpr double kWindowSlack = 1.03;     // speed of sound and wind off by a few %
// A hypothesis must score within this of the required support to be refined (its loose
// score undercounts sensors whose arrival the closed form put a few ms off).
constexpr double kHypothesisSlack = 1.5;
constexpr double kReverbSeedDrop_db = 5.0;

} // namespace

PulseAssociator::PulseAssociator(std::vector<Eigen::Vector3d> sensors_enu_m,
                                 PulseAssociatorOptions options)
    : sensors_(std::move(sensors_enu_m)), options_(options), pulses_(sensors_.size()),
      excludedFrom_(sensors_.size(), std::numeric_limits<UtcNs>::max()), rng_(options.random_seed),
      candidates_(sensors_.size()) {
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

std::vector<LocatedShot> PulseAssociator::process(UtcNs horizon_utc_ns) {
  std::vector<LocatedShot> shots;
  const UtcNs window_ns = secondsToNanos(maxSpread_s_ + kWindowMargin_s);
  const bool all = horizon_utc_ns == std::numeric_limits<UtcNs>::max();
  const UtcNs readyEnd = all ? horizon_utc_ns : horizon_utc_ns - window_ns;
  // Required support, strongest first.
  const int n = static_cast<int>(sensors_.size());
  std::vector<int> supports{static_cast<int>(std::ceil(0.7 * n)),
                            static_cast<int>(std::ceil(0.45 * n)), options_.min_sensors + 2,
                            options_.min_sensors + 1, options_.min_sensors};
  for (int &t : supports) {
    t = std::max(t, options_.min_sensors);
  }
  std::sort(supports.rbegin(), supports.rend());
  supports.erase(std::unique(supports.begin(), supports.end()), supports.end());
  // Last, pulses the detector flagged as likely echoes may seed too: the next round of a
  // burst looks like an echo of the one before on a single sensor (same waveform, a few
  // dB quieter), and a set that has survived every pass so far is no chance alignment.
  const std::size_t passes = supports.size() + 1;
  for (std::size_t pass = 0; pass < passes; ++pass) {
    const bool echoSeeds = pass == supports.size();
    const int support = echoSeeds ? options_.min_sensors : supports[pass];
    std::vector<std::size_t> cursor(pulses_.size(), 0);
    for (;;) {
      // Earliest pulse not yet explained nor tried at this support, over all sensors.
      std::size_t bestSensor = pulses_.size();
      UtcNs bestTime = std::numeric_limits<UtcNs>::max();
      for (std::size_t s = 0; s < pulses_.size(); ++s) {
        auto &list = pulses_[s];
        std::size_t &i = cursor[s];
        while (i < list.size() &&
               (list[i].consumed || list[i].likely_echo != echoSeeds ||
                list[i].triedAt <= support || isExcluded(s, list[i].onset_utc_ns) ||
                (echoSeeds && reverberation(list[i])))) {
          ++i;
        }
        if (i < list.size() && list[i].onset_utc_ns < bestTime) {
          bestTime = list[i].onset_utc_ns;
          bestSensor = s;
        }
      }
      if (bestSensor == pulses_.size() || bestTime > readyEnd) {
        break; // later seeds' arrivals on far sensors may not be in yet
      }
      tryseed(bestSensor, cursor[bestSensor], support, shots);
      pulses_[bestSensor][cursor[bestSensor]].triedAt = support;
    }
  }
  std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
    return a.emission_utc_ns < b.emission_utc_ns;
  });
  if (horizon_utc_ns != std::numeric_limits<UtcNs>::max()) {
    prune(horizon_utc_ns - 3 * window_ns);
  }
  return shots;
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
  const auto &list = candidates_[sensor];
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

// Unconsumed pulses inside each sensor's physical window about the seed. Returns true
// when no pulse in those windows was consumed or shadowed since the seed was last
// evaluated (its hypotheses and refinements still hold).
bool PulseAssociator::gatherCandidates(std::size_t seedSensor, std::size_t seedIndex,
                                       std::vector<std::size_t> &heard) {
  const StoredPulse &seed = pulses_[seedSensor][seedIndex];
  bool unchanged = seed.evaluatedAt != 0 && seed.changedAt <= seed.evaluatedAt;
  seedTime_ = seed.onset_utc_ns;
  heard.clear();
  scoring_.clear();
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    auto &cands = candidates_[m];
    cands.clear();
    if (m == seedSensor) {
      cands.push_back({0.0, m, seedIndex});
      scoring_.push_back(m);
      continue;
    }
    const auto w = secondsToNanos(
        window_s_(static_cast<Eigen::Index>(seedSensor), static_cast<Eigen::Index>(m)));
    const auto &list = pulses_[m];
    auto it = std::lower_bound(list.begin(), list.end(), seedTime_ - w,
                               [](const StoredPulse &s, UtcNs t) { return s.onset_utc_ns < t; });
    for (; it != list.end() && it->onset_utc_ns <= seedTime_ + w; ++it) {
      unchanged = unchanged && it->changedAt <= seed.evaluatedAt;
      if (!it->consumed && !isExcluded(m, it->onset_utc_ns)) {
        cands.push_back({nanosToSeconds(it->onset_utc_ns - seedTime_), m,
                         static_cast<std::size_t>(it - list.begin())});
      }
    }
    if (!cands.empty()) {
      heard.push_back(m);
      scoring_.push_back(m);
    }
  }
  return unchanged;
}

// Minimal-set hypotheses (the seed and one candidate on each of two other sensors, 2.5D
// closed form); keeps the best three distinct places, best first, in the seed's cache.
void PulseAssociator::generateHypotheses(std::size_t seedSensor,
                                         const std::vector<std::size_t> &heard, StoredPulse &seed) {
  const double speed = options_.solver.speed_of_sound_mps;
  const double height = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  // Below this a hypothesis could not make even the smallest accepted set.
  const double floor = static_cast<double>(options_.min_sensors) - kHypothesisSlack;
  std::array<StoredPulse::Cached, 3> &top = seed.cache;
  int ntop = 0;
  HypothesisScorer scorer(options_.loose_tolerance_s);
  std::vector<double> times;
  for (const std::size_t m : scoring_) {
    times.clear();
    for (const Candidate &c : candidates_[m]) {
      times.push_back(c.time_s);
    }
    scorer.addSensor(sensors_[m], times);
  }
  auto consider = [&](const Candidate &cj, const Candidate &ck) {
    // Two arrivals further apart than sound takes between their sensors: no source.
    if (std::abs(cj.time_s - ck.time_s) >
        window_s_(static_cast<Eigen::Index>(cj.sensor), static_cast<Eigen::Index>(ck.sensor))) {
      return;
    }
    std::array<TdoaArrival, 3> minimal{TdoaArrival{sensors_[seedSensor], 0.0, 0.0},
                                       TdoaArrival{sensors_[cj.sensor], cj.time_s, 0.0},
                                       TdoaArrival{sensors_[ck.sensor], ck.time_s, 0.0}};
    std::array<TdoaSolver::Candidate, 2> roots{};
    const int n = TdoaSolver::closedForm(minimal, speed, true, height, roots);
    for (int r = 0; r < n; ++r) {
      const Eigen::Vector3d &p = roots[r].position_enu_m;
      if ((p - sensors_[seedSensor]).norm() > options_.max_range_m) {
        continue;
      }
      ++stats_.hypotheses;
      // To matter it must beat the worst of a full top three (every entry, and so also
      // the one at its own place, scores at least that).
      const double mustReach =
          ntop == static_cast<int>(top.size())
              ? std::max(floor, std::min({top[0].score, top[1].score, top[2].score}))
              : floor;
      const double score = scorer.score(p, roots[r].emission_s, speed, mustReach);
      if (!std::isfinite(score)) {
        ++stats_.hypotheses_cut;
        continue;
      }
      // Keep the best few hypotheses that are distinct places.
      int slot = -1;
      for (int i = 0; i < ntop; ++i) {
        if ((top[i].position - p).norm() < 10.0) {
          slot = top[i].score < score ? i : -2;
          break;
        }
      }
      if (slot == -2) {
        continue;
      }
      if (slot == -1) {
        if (ntop < static_cast<int>(top.size())) {
          slot = ntop++;
        } else {
          slot = static_cast<int>(
              std::min_element(top.begin(), top.end(),
                               [](const auto &x, const auto &y) { return x.score < y.score; }) -
              top.begin());
          if (top[slot].score >= score) {
            continue;
          }
        }
      }
      top[slot] = {p, roots[r].emission_s, score, -1, 0.0};
    }
  };
  std::uint64_t combos = 0;
  for (std::size_t a = 0; a < heard.size(); ++a) {
    for (std::size_t b = a + 1; b < heard.size(); ++b) {
      combos += candidates_[heard[a]].size() * candidates_[heard[b]].size();
    }
  }
  if (combos <= static_cast<std::uint64_t>(options_.max_hypotheses)) {
    for (std::size_t a = 0; a < heard.size(); ++a) {
      for (std::size_t b = a + 1; b < heard.size(); ++b) {
        for (const Candidate &cj : candidates_[heard[a]]) {
          for (const Candidate &ck : candidates_[heard[b]]) {
            consider(cj, ck);
          }
        }
      }
    }
  } else {
    std::uniform_int_distribution<std::size_t> pick(0, heard.size() - 1);
    const double allHeard = static_cast<double>(heard.size() + 1);
    for (int h = 0; h < options_.max_hypotheses; ++h) {
      const std::size_t a = pick(rng_);
      std::size_t b = pick(rng_);
      if (a == b) {
        b = (b + 1) % heard.size();
      }
      const auto &la = candidates_[heard[a]];
      const auto &lb = candidates_[heard[b]];
      consider(la[std::uniform_int_distribution<std::size_t>(0, la.size() - 1)(rng_)],
               lb[std::uniform_int_distribution<std::size_t>(0, lb.size() - 1)(rng_)]);
      // Every sensor with a candidate agrees: no better set exists.
      if (ntop > 0 && h >= 20 &&
          std::max_element(top.begin(), top.begin() + ntop, [](const auto &x, const auto &y) {
            return x.score < y.score;
          })->score > 0.9 * allHeard) {
        break;
      }
    }
  }
  // Best first (three entries: a plain insertion sort).
  for (int i = 1; i < ntop; ++i) {
    for (int j = i; j > 0 && top[j].score > top[j - 1].score; --j) {
      std::swap(top[j], top[j - 1]);
    }
  }
  seed.cached = static_cast<std::uint8_t>(ntop);
  seed.bestScore = ntop > 0 ? top[0].score : 0.0;
  seed.evaluatedAt = version_;
}

bool PulseAssociator::tryseed(std::size_t seedSensor, std::size_t seedIndex, int support,
                              std::vector<LocatedShot> &out) {
  StoredPulse &seed = pulses_[seedSensor][seedIndex];
  const double minScore = static_cast<double>(support) - kHypothesisSlack;
  if (seed.bestScore + 1e-9 < minScore) {
    ++stats_.seeds_bounded;
    return false;
  }
  std::vector<std::size_t> heard;
  const bool unchanged = gatherCandidates(seedSensor, seedIndex, heard);
  ++stats_.seeds_tried;
  if (static_cast<int>(heard.size()) + 1 < support) {
    return false;
  }
  if (unchanged) {
    ++stats_.seeds_reused;
  } else {
    generateHypotheses(seedSensor, heard, seed);
  }

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
