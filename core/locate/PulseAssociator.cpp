#include "locate/PulseAssociator.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace salvo {
namespace {

constexpr double kWindowMargin_s = 0.005; // clock tolerance and onset jitter
constexpr double kWindowSlack = 1.03;     // speed of sound and wind off by a few %
constexpr double kSamePlace_m = 25.0;     // a repeat shot, not an echo, within this
constexpr double kReverbDrop_db = 5.0;    // unless this much quieter (rounds are alike)
// A hypothesis must score within this of the required support to be refined (its loose
// score undercounts sensors whose arrival the closed form put a few ms off).
constexpr double kHypothesisSlack = 1.5;

double secondsBetween(UtcNs later, UtcNs earlier) {
  return nanosToSeconds(later - earlier);
}

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
                list[i].triedAt <= support || isExcluded(s, list[i].onset_utc_ns))) {
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

double PulseAssociator::scoreHypothesis(const Eigen::Vector3d &position, double emission_s,
                                        double speed) const {
  const double tol = options_.loose_tolerance_s;
  double score = 0.0;
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    if (candidates_[m].empty()) {
      continue;
    }
    const double predicted = emission_s + (sensors_[m] - position).norm() / speed;
    if (const Candidate *c = nearest(m, predicted, tol)) {
      const double r = (c->time_s - predicted) / tol;
      score += 1.0 - r * r;
    }
  }
  return score;
}

bool PulseAssociator::tryseed(std::size_t seedSensor, std::size_t seedIndex, int support,
                              std::vector<LocatedShot> &out) {
  StoredPulse &seed = pulses_[seedSensor][seedIndex];
  const double minScore = static_cast<double>(support) - kHypothesisSlack;
  if (seed.bestScore + 1e-9 < minScore) {
    return false;
  }
  seedTime_ = seed.onset_utc_ns;
  std::vector<std::size_t> heard;
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    auto &cands = candidates_[m];
    cands.clear();
    if (m == seedSensor) {
      cands.push_back({0.0, m, seedIndex});
      continue;
    }
    const double w = window_s_(static_cast<Eigen::Index>(seedSensor), static_cast<Eigen::Index>(m));
    const auto &list = pulses_[m];
    const UtcNs lo = seedTime_ - secondsToNanos(w);
    const UtcNs hi = seedTime_ + secondsToNanos(w);
    auto it = std::lower_bound(list.begin(), list.end(), lo,
                               [](const StoredPulse &s, UtcNs t) { return s.onset_utc_ns < t; });
    for (; it != list.end() && it->onset_utc_ns <= hi; ++it) {
      if (!it->consumed && !isExcluded(m, it->onset_utc_ns)) {
        cands.push_back({secondsBetween(it->onset_utc_ns, seedTime_), m,
                         static_cast<std::size_t>(it - list.begin())});
      }
    }
    if (!cands.empty()) {
      heard.push_back(m);
    }
  }
  if (static_cast<int>(heard.size()) + 1 < support) {
    return false;
  }

  // Minimal-set hypotheses: the seed and one candidate on each of two other sensors.
  const double speed = options_.solver.speed_of_sound_mps;
  const double height = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  std::uint64_t combos = 0;
  for (std::size_t a = 0; a < heard.size(); ++a) {
    for (std::size_t b = a + 1; b < heard.size(); ++b) {
      combos += candidates_[heard[a]].size() * candidates_[heard[b]].size();
    }
  }
  std::array<Hypothesis, 3> top{};
  int ntop = 0;
  auto consider = [&](const Candidate &cj, const Candidate &ck) {
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
      const double score = scoreHypothesis(p, roots[r].emission_s, speed);
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
      top[slot] = {p, roots[r].emission_s, score};
    }
  };
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
  seed.bestScore = 0.0;
  for (int i = 0; i < ntop; ++i) {
    seed.bestScore = std::max(seed.bestScore, top[i].score);
  }
  if (ntop == 0) {
    return false;
  }
  // Best first (three entries: a plain insertion sort).
  for (int i = 1; i < ntop; ++i) {
    for (int j = i; j > 0 && top[j].score > top[j - 1].score; --j) {
      std::swap(top[j], top[j - 1]);
    }
  }

  LocatedShot best;
  std::vector<Candidate> bestChosen;
  for (int i = 0; i < ntop; ++i) {
    if (top[i].score + 1e-9 < minScore) {
      break;
    }
    LocatedShot shot;
    std::vector<Candidate> chosen;
    if (!refine(seedSensor, top[i], support, shot, chosen)) {
      continue;
    }
    const bool better = bestChosen.empty() || chosen.size() > bestChosen.size() ||
                        (chosen.size() == bestChosen.size() &&
                         shot.solution.rms_residual_s < best.solution.rms_residual_s);
    if (better) {
      best = std::move(shot);
      bestChosen = std::move(chosen);
    }
  }
  if (bestChosen.empty()) {
    return false;
  }
  const int used = static_cast<int>(bestChosen.size());
  for (const Candidate &c : bestChosen) {
    auto &list = pulses_[c.sensor];
    list[c.index].consumed = true;
    // Its echoes on this sensor: the pulses that follow within the shadow.
    const UtcNs until = list[c.index].onset_utc_ns + secondsToNanos(options_.echo_shadow_s);
    const double quieterThan_db = list[c.index].peak_db_spl - options_.echo_shadow_min_drop_db;
    for (std::size_t k = c.index + 1; k < list.size() && list[k].onset_utc_ns <= until; ++k) {
      if (used >= list[k].shadow && list[k].peak_db_spl <= quieterThan_db) {
        list[k].shadow = used;
        list[k].shadowFrom = best.solution.position_enu_m;
        list[k].shadowDrop_db = list[c.index].peak_db_spl - list[k].peak_db_spl;
      }
    }
  }
  best.seed_snr_db = seed.snr_db;
  out.push_back(std::move(best));
  return true;
}

bool PulseAssociator::refine(std::size_t seedSensor, const Hypothesis &hypothesis, int support,
                             LocatedShot &shot, std::vector<Candidate> &chosen) const {
  TdoaSolverOptions solverOptions = options_.solver;
  solverOptions.source_height_m = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  const TdoaSolver solver(solverOptions);
  const double speed0 = solverOptions.speed_of_sound_mps;

  chosen.clear();
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    const double predicted =
        hypothesis.emission_s + (sensors_[m] - hypothesis.position).norm() / speed0;
    if (const Candidate *c = nearest(m, predicted, options_.loose_tolerance_s)) {
      chosen.push_back(*c);
    }
  }
  TdoaSolution solution;
  std::vector<TdoaArrival> arrivals;
  std::vector<double> gates(sensors_.size(), options_.max_gate_s);
  for (int round = 0; round < 8; ++round) {
    if (static_cast<int>(chosen.size()) < options_.min_sensors) {
      return false;
    }
    arrivals.clear();
    for (const Candidate &c : chosen) {
      arrivals.push_back({sensors_[c.sensor], c.time_s, 0.0});
    }
    solution = solver.solve(arrivals);
    if (!solution.valid) {
      return false;
    }
    // Predicted arrival and its standard deviation at every sensor.
    const Eigen::Vector3d p = solution.position_enu_m;
    const double c = solution.speed_of_sound_mps;
    std::vector<double> predicted(sensors_.size());
    for (std::size_t m = 0; m < sensors_.size(); ++m) {
      const Eigen::Vector3d delta = sensors_[m] - p;
      const double d = std::max(delta.norm(), 1e-3);
      Eigen::Vector4d g;
      g.head<3>() = -delta / (d * c);
      g(3) = 1.0;
      const double var =
          g.dot(solution.covariance * g) + solution.timing_sigma_s * solution.timing_sigma_s;
      predicted[m] = solution.emission_s + d / c;
      gates[m] = std::clamp(options_.gate_sigmas * std::sqrt(var), options_.min_gate_s,
                            options_.max_gate_s);
    }
    // One gross outlier at a time (it biases the fit that judges the others).
    std::size_t worst = chosen.size();
    double worstRatio = 1.0;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      const double ratio = std::abs(solution.residuals_s[i]) / gates[chosen[i].sensor];
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
    }
    if (worst < chosen.size()) {
      chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(worst));
      continue;
    }
    std::vector<Candidate> regated;
    for (std::size_t m = 0; m < sensors_.size(); ++m) {
      if (const Candidate *cand = nearest(m, predicted[m], gates[m])) {
        regated.push_back(*cand);
      }
    }
    const bool same = regated.size() == chosen.size() &&
                      std::equal(regated.begin(), regated.end(), chosen.begin(),
                                 [](const Candidate &x, const Candidate &y) {
                                   return x.sensor == y.sensor && x.index == y.index;
                                 });
    if (same) {
      break;
    }
    chosen = std::move(regated);
    if (round == 7) {
      return false; // oscillating between sets: not a clean source
    }
  }
  if (static_cast<int>(chosen.size()) < support || solution.rms_residual_s > options_.max_rms_s) {
    return false;
  }
  // Echoes of a stronger located shot lining up by chance. The next round of a burst from
  // the same place falls in its shadow too, but it is no echo of it.
  int shadowed = 0;
  for (const Candidate &c : chosen) {
    const StoredPulse &p = pulses_[c.sensor][c.index];
    const bool elsewhere = (p.shadowFrom - solution.position_enu_m).norm() > kSamePlace_m;
    const bool reverb = p.shadowDrop_db >= kReverbDrop_db;
    shadowed += p.shadow > static_cast<int>(chosen.size()) && (elsewhere || reverb) ? 1 : 0;
  }
  if (2 * shadowed >= static_cast<int>(chosen.size())) {
    return false;
  }
  if (solution.prior_chi2 > options_.max_prior_chi2) {
    return false;
  }
  // Physically: not farther from its nearest hearing sensor than the hearing range, and
  // heard by most of the sensors around it.
  double nearestSensor_m = std::numeric_limits<double>::infinity();
  double farthestSensor_m = 0.0;
  for (const Candidate &c : chosen) {
    const double d = (sensors_[c.sensor] - solution.position_enu_m).norm();
    nearestSensor_m = std::min(nearestSensor_m, d);
    farthestSensor_m = std::max(farthestSensor_m, d);
  }
  if (nearestSensor_m > options_.max_range_m) {
    return false;
  }
  int expected = 0;
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    const double d = (sensors_[m] - solution.position_enu_m).norm();
    if (d <= farthestSensor_m * 1.05 + 10.0 &&
        excludedFrom_[m] == std::numeric_limits<UtcNs>::max()) {
      ++expected;
    }
  }
  if (static_cast<double>(chosen.size()) < options_.min_heard_fraction * expected) {
    return false;
  }

  shot.solution = solution;
  shot.epoch_utc_ns = seedTime_;
  shot.emission_utc_ns = seedTime_ + secondsToNanos(solution.emission_s);
  shot.sensor_indices.clear();
  shot.arrival_utc_ns.clear();
  shot.arrival_peak_db_spl.clear();
  std::vector<bool> used(sensors_.size(), false);
  for (const Candidate &c : chosen) {
    used[c.sensor] = true;
  }
  for (const Candidate &c : chosen) {
    shot.sensor_indices.push_back(c.sensor);
    shot.arrival_utc_ns.push_back(pulses_[c.sensor][c.index].onset_utc_ns);
    shot.arrival_peak_db_spl.push_back(pulses_[c.sensor][c.index].peak_db_spl);
  }
  // Every sensor's verdict, for the clock-fault monitor.
  shot.residuals.clear();
  const Eigen::Vector3d p = solution.position_enu_m;
  const double c = solution.speed_of_sound_mps;
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    const double d = (sensors_[m] - p).norm();
    if (d > options_.max_range_m || excludedFrom_[m] != std::numeric_limits<UtcNs>::max()) {
      continue;
    }
    ShotSensorResidual r;
    r.sensor_index = m;
    r.used = used[m];
    r.predicted_sigma_s = gates[m] / options_.gate_sigmas;
    const double predicted = solution.emission_s + d / c;
    if (used[m]) {
      for (std::size_t i = 0; i < chosen.size(); ++i) {
        if (chosen[i].sensor == m) {
          r.has_pulse = true;
          r.residual_s = solution.residuals_s[i];
        }
      }
    } else {
      // Nearest pulse, consumed or not, so a steady clock offset shows up.
      const auto &list = pulses_[m];
      const UtcNs target = seedTime_ + secondsToNanos(predicted);
      auto it = std::lower_bound(list.begin(), list.end(), target,
                                 [](const StoredPulse &s, UtcNs t) { return s.onset_utc_ns < t; });
      double bestErr = options_.clock_search_s;
      for (auto jt : {it, it == list.begin() ? it : it - 1}) {
        if (jt != list.end()) {
          const double e = secondsBetween(jt->onset_utc_ns, target);
          if (std::abs(e) <= std::abs(bestErr)) {
            bestErr = e;
            r.has_pulse = true;
          }
        }
      }
      r.residual_s = r.has_pulse ? bestErr : 0.0;
    }
    shot.residuals.push_back(r);
  }
  return true;
}

} // namespace salvo
