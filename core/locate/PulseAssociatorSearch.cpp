// PulseAssociator, the search: the order seeds are tried in, a seed's window of candidate
// pulses and the minimal-set hypotheses drawn from it.
#include "locate/PulseAssociator.h"

#include "locate/HypothesisScorer.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace salvo {
namespace {

std::uint64_t splitMix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// One seed's random stream (SplitMix64, Steele, Lea & Flood 2014), seeded by the
// associator's seed, the seed's sensor and its onset. Its draws depend on nothing searched
// before it, so a search may be skipped, repeated or done on another thread and every
// other seed still draws the same sets.
class SeedStream {
public:
  SeedStream(std::uint64_t seed, std::size_t sensor, UtcNs onset_utc_ns)
      : state_(splitMix(seed ^ splitMix(static_cast<std::uint64_t>(onset_utc_ns) +
                                        0x9e3779b97f4a7c15ULL * (sensor + 1)))) {}

  // Uniform in [0, n) (n < 2^32; Lemire's multiply-shift, bias below 2^-32).
  std::size_t below(std::size_t n) {
    state_ += 0x9e3779b97f4a7c15ULL;
    const std::uint64_t high = splitMix(state_) >> 32;
    return static_cast<std::size_t>((high * static_cast<std::uint64_t>(n)) >> 32);
  }

private:
  std::uint64_t state_;
};

} // namespace

bool PulseAssociator::seedEligible(std::size_t sensor, const StoredPulse &pulse,
                                   const Pass &pass) const {
  return !pulse.consumed && pulse.likely_echo == pass.echoSeeds && pulse.triedAt > pass.support &&
         !isExcluded(sensor, pulse.onset_utc_ns) && !(pass.echoSeeds && reverberation(pulse));
}

// Unconsumed pulses inside each sensor's physical window about the seed, and the newest
// change (consumed or shadowed) of any pulse in those windows: a search made since then
// still holds.
void PulseAssociator::gatherWindow(std::size_t seedSensor, std::size_t seedIndex,
                                   SeedWindow &window) const {
  const StoredPulse &seed = pulses_[seedSensor][seedIndex];
  const UtcNs seedTime = seed.onset_utc_ns;
  window.latestChange = seed.changedAt;
  window.candidates.resize(sensors_.size());
  window.heard.clear();
  window.scoring.clear();
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    auto &cands = window.candidates[m];
    cands.clear();
    if (m == seedSensor) {
      cands.push_back({0.0, m, seedIndex});
      window.scoring.push_back(m);
      continue;
    }
    const auto w = secondsToNanos(
        window_s_(static_cast<Eigen::Index>(seedSensor), static_cast<Eigen::Index>(m)));
    const auto &list = pulses_[m];
    auto it = std::lower_bound(list.begin(), list.end(), seedTime - w,
                               [](const StoredPulse &s, UtcNs t) { return s.onset_utc_ns < t; });
    for (; it != list.end() && it->onset_utc_ns <= seedTime + w; ++it) {
      window.latestChange = std::max(window.latestChange, it->changedAt);
      if (!it->consumed && !isExcluded(m, it->onset_utc_ns)) {
        cands.push_back({nanosToSeconds(it->onset_utc_ns - seedTime), m,
                         static_cast<std::size_t>(it - list.begin())});
      }
    }
    if (!cands.empty()) {
      window.heard.push_back(m);
      window.scoring.push_back(m);
    }
  }
}

// Minimal-set hypotheses (the seed and one candidate on each of two other sensors, 2.5D
// closed form); keeps the best three distinct places, best first. Reads only the window and
// the associator's fixed geometry and options.
void PulseAssociator::searchMinimalSets(std::size_t seedSensor, const StoredPulse &seed,
                                        const SeedWindow &window, std::mt19937_64 *sharedRng,
                                        SearchResult &out) const {
  const auto &candidates = window.candidates;
  const auto &heard = window.heard;
  const double speed = options_.solver.speed_of_sound_mps;
  const double height = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  // Below this a hypothesis could not make even the smallest accepted set.
  const double floor = static_cast<double>(options_.min_sensors) - kHypothesisSlack;
  auto &top = out.top;
  int &ntop = out.ntop;
  ntop = 0;
  HypothesisScorer scorer(options_.loose_tolerance_s);
  std::vector<double> times;
  std::vector<std::size_t> laneOf(sensors_.size(), 0);
  for (const std::size_t m : window.scoring) {
    laneOf[m] = scorer.sensorCount();
    times.clear();
    for (const Candidate &c : candidates[m]) {
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
      ++out.hypotheses;
      // To matter it must beat the worst of a full top three (every entry, and so also
      // the one at its own place, scores at least that).
      const double mustReach =
          ntop == static_cast<int>(top.size())
              ? std::max(floor, std::min({top[0].score, top[1].score, top[2].score}))
              : floor;
      const std::array<std::size_t, 3> fitted{0, laneOf[cj.sensor], laneOf[ck.sensor]};
      const double score = scorer.score(p, roots[r].emission_s, speed, mustReach, fitted);
      if (!std::isfinite(score)) {
        ++out.cut;
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
      combos += candidates[heard[a]].size() * candidates[heard[b]].size();
    }
  }
  if (combos <= static_cast<std::uint64_t>(options_.max_hypotheses)) {
    for (std::size_t a = 0; a < heard.size(); ++a) {
      for (std::size_t b = a + 1; b < heard.size(); ++b) {
        for (const Candidate &cj : candidates[heard[a]]) {
          for (const Candidate &ck : candidates[heard[b]]) {
            consider(cj, ck);
          }
        }
      }
    }
  } else {
    // Draws from the seed's own stream, or from the associator's one stream (each seed's
    // draws then depend on every search before it).
    SeedStream stream(options_.random_seed, seedSensor, seed.onset_utc_ns);
    auto draw = [&](std::size_t n) {
      return sharedRng != nullptr ? std::uniform_int_distribution<std::size_t>(0, n - 1)(*sharedRng)
                                  : stream.below(n);
    };
    const double allHeard = static_cast<double>(heard.size() + 1);
    for (int h = 0; h < options_.max_hypotheses; ++h) {
      const std::size_t a = draw(heard.size());
      std::size_t b = draw(heard.size());
      if (a == b) {
        b = (b + 1) % heard.size();
      }
      const auto &la = candidates[heard[a]];
      const auto &lb = candidates[heard[b]];
      // lb's candidate is drawn first: the order the one stream has always been drawn in.
      const Candidate &ck = lb[draw(lb.size())];
      consider(la[draw(la.size())], ck);
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
}

// The seed's cache becomes this search's hypotheses, as of version `evaluatedAt`.
void PulseAssociator::adoptSearch(StoredPulse &seed, const SearchResult &result,
                                  std::uint64_t evaluatedAt) {
  seed.cache = result.top;
  seed.cached = static_cast<std::uint8_t>(result.ntop);
  seed.bestScore = result.ntop > 0 ? result.top[0].score : 0.0;
  seed.evaluatedAt = evaluatedAt;
  stats_.hypotheses += result.hypotheses;
  stats_.hypotheses_cut += result.cut;
}

// Required support, strongest first; last, pulses the detector flagged as likely echoes
// may seed too: the next round of a burst looks like an echo of the one before on a single
// sensor (same waveform, a few dB quieter), and a set that has survived every pass so far
// is no chance alignment.
std::vector<PulseAssociator::Pass> PulseAssociator::seedPasses() const {
  const int n = static_cast<int>(sensors_.size());
  std::vector<int> supports{static_cast<int>(std::ceil(0.7 * n)),
                            static_cast<int>(std::ceil(0.45 * n)), options_.min_sensors + 2,
                            options_.min_sensors + 1, options_.min_sensors};
  for (int &t : supports) {
    t = std::max(t, options_.min_sensors);
  }
  std::sort(supports.rbegin(), supports.rend());
  supports.erase(std::unique(supports.begin(), supports.end()), supports.end());
  std::vector<Pass> passes;
  for (const int support : supports) {
    passes.push_back({support, false});
  }
  passes.push_back({options_.min_sensors, true});
  return passes;
}

std::vector<LocatedShot> PulseAssociator::process(UtcNs horizon_utc_ns) {
  std::vector<LocatedShot> shots;
  const UtcNs window_ns = secondsToNanos(maxSpread_s_ + kWindowMargin_s);
  const bool all = horizon_utc_ns == std::numeric_limits<UtcNs>::max();
  const UtcNs readyEnd = all ? horizon_utc_ns : horizon_utc_ns - window_ns;
  const std::vector<Pass> passes = seedPasses();
  for (std::size_t pass = 0; pass < passes.size(); ++pass) {
    const int support = passes[pass].support;
    std::vector<std::size_t> cursor(pulses_.size(), 0);
    for (;;) {
      // Earliest pulse not yet explained nor tried at this support, over all sensors.
      std::size_t bestSensor = pulses_.size();
      UtcNs bestTime = std::numeric_limits<UtcNs>::max();
      for (std::size_t s = 0; s < pulses_.size(); ++s) {
        auto &list = pulses_[s];
        std::size_t &i = cursor[s];
        while (i < list.size() && !seedEligible(s, list[i], passes[pass])) {
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
  echoTail_.dropGhosts(shots, sensors_, options_);
  std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
    return a.emission_utc_ns < b.emission_utc_ns;
  });
  if (horizon_utc_ns != std::numeric_limits<UtcNs>::max()) {
    prune(horizon_utc_ns - 3 * window_ns);
  }
  return shots;
}

} // namespace salvo
