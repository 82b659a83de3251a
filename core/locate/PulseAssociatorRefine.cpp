// PulseAssociator, second half: from a hypothesis to a located shot (refinement with the
// full solver, re-gating, the physical acceptance checks) and what a located shot does to
// the pulses it leaves behind (consumed, echo shadow).
#include "locate/PulseAssociator.h"

#include "common/Median.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <utility>

namespace salvo {
namespace {

constexpr double kSamePlace_m = 25.0;  // a repeat shot, not an echo, within this
constexpr double kReverbDrop_db = 5.0; // unless this much quieter (rounds are alike)
constexpr int kMaxGatingRounds = 8;
// The quick fit's place is a few metres off the full solver's, so its place checks are
// loosened by this factor (heard fraction, level rms) before it may skip the full solver.
constexpr double kQuickLeniency = 1.2;
// A free-height fit replaces a street-level one only when it explains the arrivals
// clearly better (one more free unknown always fits a little better).
constexpr double kFreeHeightRmsGain = 0.6;
constexpr double kAerial_m = 30.0; // a free-height fit is for sources well above the street
constexpr double kAerialStart_m = 150.0;
// A diffracted first arrival reads at least this much below the free-path level (a thin
// screen costs ~5 dB at the shadow boundary; directivity scatters levels by a few dB).
constexpr double kMinDiffractionLoss_db = 3.0;

} // namespace

// A cheap stand-in for the full solver that cleans a hypothesis's set before it: Gauss-
// Newton on position and emission only (speed of sound fixed, no wind; the street-level
// or the free-height prior on the height), gross outliers dropped, re-gated at the loose
// tolerance (a speed of sound a few m/s off leaves ms of misfit over a km). Gross
// outliers and chance members leave here for a few hundred nanoseconds each instead of one
// full solve each; the full solver then usually needs one or two solves.
PulseAssociator::QuickFit PulseAssociator::quickFit(const std::vector<Candidate> &start,
                                                    Eigen::Vector3d position, double emission_s,
                                                    double street_m, bool freeHeight) const {
  const double c = options_.solver.speed_of_sound_mps;
  // The solver's height prior (street level, or free for a burst), in seconds.
  const double heightWeight =
      1.0 /
      ((freeHeight ? options_.free_height_sigma_m : options_.solver.source_height_sigma_m) * c);
  QuickFit fit;
  fit.chosen = start;
  for (int round = 0; round < 8; ++round) {
    if (static_cast<int>(fit.chosen.size()) < options_.min_sensors) {
      break;
    }
    for (int it = 0; it < 4; ++it) {
      Eigen::Matrix4d a = Eigen::Matrix4d::Zero();
      Eigen::Vector4d b = Eigen::Vector4d::Zero();
      for (const Candidate &cand : fit.chosen) {
        const Eigen::Vector3d delta = sensors_[cand.sensor] - position;
        const double d = std::max(delta.norm(), 1e-3);
        Eigen::Vector4d g;
        g.head<3>() = delta / (d * c);
        g(3) = 1.0;
        const double r = cand.time_s - emission_s - d / c;
        a += g * g.transpose();
        b += g * r;
      }
      // Pull to street level: holds the height where the sensors cannot (a flat network).
      a(2, 2) += heightWeight * heightWeight;
      b(2) += heightWeight * heightWeight * (position.z() - street_m);
      const Eigen::Vector4d step = a.ldlt().solve(b);
      if (!step.allFinite()) {
        fit.chosen.clear();
        return fit;
      }
      // residual r = t - t0 - d/c; dr/dp = (s - p)/(d c): a step dp reduces r by g·dp.
      position -= step.head<3>();
      emission_s += step(3);
      if (step.head<3>().norm() < 0.01) {
        break;
      }
    }
    fit.position_enu_m = position;
    // One gross outlier at a time, as the full solver's loop does.
    std::size_t worst = fit.chosen.size();
    double worstErr = options_.loose_tolerance_s;
    for (std::size_t i = 0; i < fit.chosen.size(); ++i) {
      const Candidate &cand = fit.chosen[i];
      const double err =
          std::abs(cand.time_s - emission_s - (sensors_[cand.sensor] - position).norm() / c);
      if (err > worstErr) {
        worstErr = err;
        worst = i;
      }
    }
    if (worst < fit.chosen.size()) {
      fit.chosen.erase(fit.chosen.begin() + static_cast<std::ptrdiff_t>(worst));
      continue;
    }
    std::vector<Candidate> regated;
    double sum2 = 0.0;
    for (const std::size_t m : window_.scoring) {
      const double predicted = emission_s + (sensors_[m] - position).norm() / c;
      if (const Candidate *cand = nearest(m, predicted, options_.loose_tolerance_s)) {
        regated.push_back(*cand);
        sum2 += (cand->time_s - predicted) * (cand->time_s - predicted);
      }
    }
    std::sort(regated.begin(), regated.end(),
              [](const Candidate &x, const Candidate &y) { return x.sensor < y.sensor; });
    fit.rms_s = regated.empty() ? 0.0 : std::sqrt(sum2 / static_cast<double>(regated.size()));
    const bool same = sameCandidates(regated, fit.chosen);
    fit.chosen = std::move(regated);
    if (same) {
      break;
    }
  }
  return fit;
}

// The sensors whose nearest candidate lies within the loose tolerance of a hypothesis.
std::vector<PulseAssociator::Candidate> PulseAssociator::initialSet(const Eigen::Vector3d &position,
                                                                    double emission_s) const {
  const double speed = options_.solver.speed_of_sound_mps;
  std::vector<Candidate> chosen;
  for (const std::size_t m : window_.scoring) {
    const double predicted = emission_s + (sensors_[m] - position).norm() / speed;
    if (const Candidate *c = nearest(m, predicted, options_.loose_tolerance_s)) {
      chosen.push_back(*c);
    }
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Candidate &x, const Candidate &y) { return x.sensor < y.sensor; });
  return chosen;
}

// Solve, drop the grossest outlier, re-gate every sensor at its predicted arrival, until
// the set no longer changes. False when it falls below the minimum or oscillates.
bool PulseAssociator::converge(const TdoaSolver &solver, std::vector<Candidate> &chosen,
                               TdoaSolution &solution, std::vector<double> &gates) {
  std::vector<TdoaArrival> arrivals;
  std::vector<double> predicted(sensors_.size());
  // With the one-sided model, how much later than its early side a sensor's gate reaches:
  // a diffracted first arrival's excess delay, up to a few mean excesses.
  // In a sparse scene even the Gaussian fit's gates reach later (sparse_late_gate_s).
  const double late =
      std::max({solver.options().nlos_mean_excess_s * options_.gating_late_excesses,
                sparseScene(chosen.size()) ? options_.sparse_late_gate_s : 0.0, 0.0});
  gates.assign(sensors_.size(), options_.max_gate_s);
  for (int round = 0; round < kMaxGatingRounds; ++round) {
    if (static_cast<int>(chosen.size()) < options_.min_sensors) {
      return false;
    }
    arrivals.clear();
    for (const Candidate &c : chosen) {
      arrivals.push_back({sensors_[c.sensor], c.time_s, 0.0});
    }
    ++stats_.solves;
    solution = solver.solve(arrivals);
    if (!solution.valid) {
      return false;
    }
    // Predicted arrival and its standard deviation at every sensor.
    const Eigen::Vector3d p = solution.position_enu_m;
    const double c = solution.speed_of_sound_mps;
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
    // One gross outlier at a time (it biases the fit that judges the others). Late
    // residuals have the diffraction allowance on top of the gate.
    std::size_t worst = chosen.size();
    double worstRatio = 1.0;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      const double r = solution.residuals_s[i];
      const double gate = gates[chosen[i].sensor];
      const double ratio = r < 0.0 ? -r / gate : r / (gate + late);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
    }
    if (worst < chosen.size()) {
      chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(worst));
      continue;
    }
    // Each sensor's first arrival: with the one-sided model the earliest pulse in its
    // gate (what follows it is its echoes), else the nearest.
    std::vector<Candidate> regated;
    for (const std::size_t m : window_.scoring) {
      const Candidate *cand =
          late > 0.0 ? earliest(m, predicted[m] - gates[m], predicted[m] + gates[m] + late)
                     : nearest(m, predicted[m], gates[m]);
      if (cand != nullptr) {
        regated.push_back(*cand);
      }
    }
    std::sort(regated.begin(), regated.end(),
              [](const Candidate &x, const Candidate &y) { return x.sensor < y.sensor; });
    if (sameCandidates(regated, chosen)) {
      return true;
    }
    chosen = std::move(regated);
  }
  return false; // oscillating between sets: not a clean source
}

// The solver that gates sets: street level below the first sensor; Gaussian, or the
// one-sided NLOS model (no aerial mixture: association searches bursts itself).
TdoaSolverOptions PulseAssociator::gatingSolver(double sourceHeight_m, bool nlos) const {
  TdoaSolverOptions o = options_.solver;
  o.source_height_m = sourceHeight_m;
  o.drop_one_late_arrival = false; // converge() gates each sensor against the fit
  o.nlos_mean_excess_s = nlos ? std::max(options_.gating_nlos_mean_excess_s, 0.0) : 0.0;
  o.aerial_share = 0.0;
  return o;
}

// The earliest candidate of a sensor in [from_s, to_s] (seed-relative), or null.
const PulseAssociator::Candidate *PulseAssociator::earliest(std::size_t sensor, double from_s,
                                                            double to_s) const {
  const auto &list = window_.candidates[sensor];
  auto it = std::lower_bound(list.begin(), list.end(), from_s,
                             [](const Candidate &c, double t) { return c.time_s < t; });
  return it != list.end() && it->time_s <= to_s ? &*it : nullptr;
}

// How well a set fits once each arrival's estimated diffraction delay is taken out (the
// raw rms with the Gaussian model).
double PulseAssociator::jitterRms_s(const TdoaSolution &solution) {
  if (solution.excess_s.size() != solution.residuals_s.size() || solution.residuals_s.empty()) {
    return solution.rms_residual_s;
  }
  double sum2 = 0.0;
  for (std::size_t i = 0; i < solution.residuals_s.size(); ++i) {
    const double r = solution.residuals_s[i] - solution.excess_s[i];
    sum2 += r * r;
  }
  return std::sqrt(sum2 / static_cast<double>(solution.residuals_s.size()));
}

// Received levels about the claimed position: every pulse's level back-propagated to
// 1 m (spherical spreading and air absorption) should give about one source level.
// Clipped pulses only bound their level from below and are left out. In a sparse set a
// quieter arrival that comes first at its sensor may be diffracted over a roof: up to
// sparse_diffraction_allowance_db of its shortfall does not count (louder never excused:
// buildings only take level away).
bool PulseAssociator::levelsConsistent(const Eigen::Vector3d &position,
                                       const std::vector<Candidate> &chosen, double maxRms_db,
                                       const std::vector<double> *excess_s) const {
  std::vector<double> source_db;
  std::vector<double> allowance_db;
  const bool sparse = sparseScene(chosen.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const Candidate &c = chosen[i];
    const StoredPulse &p = pulses_[c.sensor][c.index];
    const bool diffracted =
        excess_s != nullptr && i < excess_s->size() && (*excess_s)[i] >= options_.min_gate_s;
    if (p.clipped || p.peak_db_spl <= 0.0 || diffracted) {
      continue;
    }
    const double d = std::max((sensors_[c.sensor] - position).norm(), 1.0);
    source_db.push_back(p.peak_db_spl + 20.0 * std::log10(d) +
                        options_.level_absorption_db_per_m * d);
    allowance_db.push_back(sparse && comesFirst(c) ? options_.sparse_diffraction_allowance_db
                                                   : 0.0);
  }
  if (source_db.size() < 3) {
    return true; // nothing to judge by
  }
  const double median = upperMedian(source_db);
  double sum2 = 0.0;
  for (std::size_t i = 0; i < source_db.size(); ++i) {
    double deviation = source_db[i] - median;
    if (deviation < 0.0) {
      deviation = std::min(deviation + allowance_db[i], 0.0);
    }
    sum2 += deviation * deviation;
  }
  return std::sqrt(sum2 / static_cast<double>(source_db.size())) <= maxRms_db;
}

// A sparse scene: the set and the seed's window (sensors with any pulse in range) both
// hold fewer sensors than a free-height fit needs. With more sensors around, a real shot
// has the redundancy to pass the plain checks, and excusing a quiet or late arrival
// mostly admits echo mixtures (docs/location.md, "Sparse scenes").
bool PulseAssociator::sparseScene(std::size_t setSize) const {
  const auto few = static_cast<std::size_t>(std::max(options_.free_height_min_sensors, 0));
  return setSize < few && window_.scoring.size() < few;
}

// Does a candidate come first at its sensor? Not when it lies in a located shot's echo
// shadow, nor when an unexplained pulse (neither part of a located shot nor in its echo
// shadow) at most echo_shadow_min_drop_db quieter lies within echo_shadow_s before it: a
// source's echoes follow its first arrival, never the other way round, so the candidate
// is then more likely that pulse's echo.
bool PulseAssociator::comesFirst(const Candidate &candidate) const {
  const auto &list = pulses_[candidate.sensor];
  const StoredPulse &self = list[candidate.index];
  if (self.shadow > 0) {
    return false; // quieter, just after a located shot's arrival here: explained as its echo
  }
  const UtcNs from = self.onset_utc_ns - secondsToNanos(options_.echo_shadow_s);
  const UtcNs until = self.onset_utc_ns - secondsToNanos(options_.min_gate_s);
  for (std::size_t k = candidate.index; k-- > 0 && list[k].onset_utc_ns >= from;) {
    const StoredPulse &earlier = list[k];
    if (earlier.onset_utc_ns <= until && !earlier.consumed && earlier.shadow == 0 &&
        earlier.peak_db_spl >= self.peak_db_spl - options_.echo_shadow_min_drop_db) {
      return false;
    }
  }
  return true;
}

// The physical acceptance checks of a converged set.
bool PulseAssociator::plausible(const TdoaSolution &solution,
                                const std::vector<Candidate> &chosen) {
  if (jitterRms_s(solution) > options_.max_rms_s || solution.prior_chi2 > options_.max_prior_chi2) {
    return false;
  }
  return supported(solution.position_enu_m, chosen, 1.0,
                   solution.excess_s.empty() ? nullptr : &solution.excess_s);
}

// The checks that need only a place and a set: not mostly echoes of a stronger shot, heard
// by most sensors around, one source level. `leniency` > 1 loosens the two thresholds, for
// the quick fit's place (a few metres from the full solver's) before the full solver runs.
bool PulseAssociator::supported(const Eigen::Vector3d &position,
                                const std::vector<Candidate> &chosen, double leniency,
                                const std::vector<double> *excess_s) {
  // Echoes of a stronger located shot lining up by chance. The next round of a burst from
  // the same place falls in its shadow too, but it is no echo of it.
  int shadowed = 0;
  for (const Candidate &c : chosen) {
    const StoredPulse &p = pulses_[c.sensor][c.index];
    const bool elsewhere = (p.shadowFrom - position).norm() > kSamePlace_m;
    const bool reverb = p.shadowDrop_db >= kReverbDrop_db;
    shadowed += p.shadow > static_cast<int>(chosen.size()) && (elsewhere || reverb) ? 1 : 0;
  }
  if (2 * shadowed >= static_cast<int>(chosen.size())) {
    return false;
  }
  // Not farther from its nearest hearing sensor than the hearing range, and heard by most
  // of the sensors around it (negative evidence).
  double nearestSensor_m = std::numeric_limits<double>::infinity();
  double farthestSensor_m = 0.0;
  for (const Candidate &c : chosen) {
    const double d = (sensors_[c.sensor] - position).norm();
    nearestSensor_m = std::min(nearestSensor_m, d);
    farthestSensor_m = std::max(farthestSensor_m, d);
  }
  if (nearestSensor_m > options_.max_range_m) {
    return false;
  }
  int expected = 0;
  for (std::size_t m = 0; m < sensors_.size(); ++m) {
    const double d = (sensors_[m] - position).norm();
    if (d <= farthestSensor_m * 1.05 + 10.0 &&
        excludedFrom_[m] == std::numeric_limits<UtcNs>::max()) {
      ++expected;
    }
  }
  if (static_cast<double>(chosen.size()) * leniency < options_.min_heard_fraction * expected) {
    return false;
  }
  if (!levelsConsistent(position, chosen, options_.max_level_rms_db * leniency, excess_s)) {
    ++stats_.level_rejects;
    return false;
  }
  return true;
}

// Each arrival of a one-sided fit: its estimated excess delay and its level taken back
// to 1 m along the straight path (as levelsConsistent does).
std::vector<NlosArrivalLevel>
PulseAssociator::nlosLevels(const TdoaSolution &solution,
                            const std::vector<Candidate> &chosen) const {
  std::vector<NlosArrivalLevel> levels;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const Candidate &c = chosen[i];
    const StoredPulse &p = pulses_[c.sensor][c.index];
    const double d = std::max((sensors_[c.sensor] - solution.position_enu_m).norm(), 1.0);
    NlosArrivalLevel a;
    a.excess_s = i < solution.excess_s.size() ? solution.excess_s[i] : 0.0;
    a.source_level_db =
        p.peak_db_spl + 20.0 * std::log10(d) + options_.level_absorption_db_per_m * d;
    a.level_known = !p.clipped && p.peak_db_spl > 0.0;
    levels.push_back(a);
  }
  return levels;
}

bool PulseAssociator::refine(std::size_t seedSensor, const StoredPulse::Cached &hypothesis,
                             const std::vector<Candidate> &start, LocatedShot &shot,
                             std::vector<Candidate> &chosen) {
  ++stats_.refines;
  const double seedStreet_m = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  const TdoaSolverOptions street = gatingSolver(seedStreet_m, false);
  const double street_m = street.source_height_m;
  const Eigen::Vector3d position = hypothesis.position;
  TdoaSolution solution;
  std::vector<double> gates;
  QuickFit flat = quickFit(start, position, hypothesis.emission_s, street_m, false);
  chosen = flat.chosen;
  // The full solver (a few solves, most of association's time) only for a set whose quick
  // place already passes the place checks, loosened for the quick fit's error.
  const bool placeOk = static_cast<int>(chosen.size()) >= options_.min_sensors &&
                       supported(flat.position_enu_m, chosen, kQuickLeniency);
  bool ok = placeOk && converge(TdoaSolver(street), chosen, solution, gates) &&
            plausible(solution, chosen);
  // Diffracted first arrivals: a Gaussian fit sheds the late ones one by one (or fails).
  // Line-of-sight sources keep their set there; the others get the one-sided model, which
  // takes each sensor's earliest pulse up to a few mean excesses late.
  // Only for sets heard by fewer sensors than a free-height fit needs: with that many the
  // Gaussian and free-height fits have the redundancy, and a street-level one-sided fit of
  // an aerial burst would take its height for diffraction delays.
  const bool fewSensors = static_cast<int>(start.size()) < options_.free_height_min_sensors;
  if (placeOk && fewSensors && (!ok || chosen.size() < flat.chosen.size()) &&
      options_.gating_nlos_mean_excess_s > 0.0) {
    std::vector<Candidate> chosenNlos = flat.chosen;
    TdoaSolution solutionNlos;
    std::vector<double> gatesNlos;
    const bool okNlos = converge(TdoaSolver(gatingSolver(seedStreet_m, true)), chosenNlos,
                                 solutionNlos, gatesNlos) &&
                        plausible(solutionNlos, chosenNlos) &&
                        diffractedArrivalsAreQuieter(nlosLevels(solutionNlos, chosenNlos),
                                                     options_.min_gate_s, kMinDiffractionLoss_db);
    if (okNlos && (!ok || chosenNlos.size() > chosen.size())) {
      ok = true;
      chosen = std::move(chosenNlos);
      solution = std::move(solutionNlos);
      gates = std::move(gatesNlos);
    }
  }
  // An aerial burst? Street level explains its arrivals only loosely, a free height well
  // above the street clearly better. Only when enough sensors heard it for the height to
  // come from the data.
  if (static_cast<int>(start.size()) > options_.min_sensors) {
    // Start it mid-way up the bursts' heights: from street level Gauss-Newton has almost
    // no height gradient to climb with sensors around at about that height.
    const Eigen::Vector3d above = position + Eigen::Vector3d(0.0, 0.0, kAerialStart_m);
    QuickFit high = quickFit(start, above, hypothesis.emission_s, street_m, true);
    const bool promising =
        static_cast<int>(high.chosen.size()) >= options_.free_height_min_sensors &&
        high.position_enu_m.z() >= street_m + kAerial_m &&
        (high.chosen.size() > flat.chosen.size() || high.rms_s < kFreeHeightRmsGain * flat.rms_s);
    if (promising) {
      ++stats_.free_height_fits;
      TdoaSolverOptions free = street;
      free.source_height_sigma_m = options_.free_height_sigma_m;
      std::vector<Candidate> chosen3d = std::move(high.chosen);
      TdoaSolution solution3d;
      std::vector<double> gates3d;
      const bool ok3d = converge(TdoaSolver(free), chosen3d, solution3d, gates3d) &&
                        solution3d.height_from_data &&
                        solution3d.position_enu_m.z() >= street_m + kAerial_m &&
                        static_cast<int>(chosen3d.size()) >= options_.free_height_min_sensors &&
                        plausible(solution3d, chosen3d);
      const bool better3d =
          ok3d && (!ok || chosen3d.size() > chosen.size() ||
                   (chosen3d.size() == chosen.size() &&
                    solution3d.rms_residual_s < kFreeHeightRmsGain * solution.rms_residual_s));
      if (better3d) {
        ok = true;
        solution = solution3d;
        chosen = std::move(chosen3d);
        gates = std::move(gates3d);
      }
    }
  }
  if (!ok) {
    return false;
  }
  describe(solution, chosen, gates, shot);
  return true;
}

void PulseAssociator::describe(const TdoaSolution &solution, const std::vector<Candidate> &chosen,
                               const std::vector<double> &gates, LocatedShot &shot) const {
  shot.solution = solution;
  shot.epoch_utc_ns = seedTime_;
  shot.emission_utc_ns = seedTime_ + secondsToNanos(solution.emission_s);
  shot.sensor_indices.clear();
  shot.arrival_utc_ns.clear();
  shot.arrival_peak_db_spl.clear();
  std::vector<int> usedAt(sensors_.size(), -1);
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const Candidate &c = chosen[i];
    usedAt[c.sensor] = static_cast<int>(i);
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
    r.used = usedAt[m] >= 0;
    r.predicted_sigma_s = gates[m] / options_.gate_sigmas;
    if (r.used) {
      r.has_pulse = true;
      r.residual_s = solution.residuals_s[static_cast<std::size_t>(usedAt[m])];
    } else {
      // Nearest pulse, consumed or not, so a steady clock offset shows up.
      const auto &list = pulses_[m];
      const UtcNs target = seedTime_ + secondsToNanos(solution.emission_s + d / c);
      auto it = std::lower_bound(list.begin(), list.end(), target,
                                 [](const StoredPulse &s, UtcNs t) { return s.onset_utc_ns < t; });
      double bestErr = options_.clock_search_s;
      for (auto jt : {it, it == list.begin() ? it : it - 1}) {
        if (jt != list.end()) {
          const double e = nanosToSeconds(jt->onset_utc_ns - target);
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
}

// The accepted set once more, with first arrivals allowed to be late (diffracted over a
// building, never early): a blocked path no longer bends the place, and the radius counts
// the delays an arrival that looks direct may still hide. Position, emission and radius
// only; the residuals in `shot.residuals` stay those of the Gaussian fit that gated it.
void PulseAssociator::finalNlosFit(std::size_t seedSensor, const std::vector<Candidate> &chosen,
                                   LocatedShot &shot) {
  if (options_.final_nlos_mean_excess_s <= 0.0) {
    return;
  }
  TdoaSolverOptions nlos = options_.solver;
  nlos.drop_one_late_arrival = false;
  nlos.nlos_mean_excess_s = options_.final_nlos_mean_excess_s;
  nlos.source_height_m = sensors_[seedSensor].z() - options_.source_below_nearest_sensor_m;
  if (shot.solution.height_from_data) {
    nlos.source_height_sigma_m = options_.free_height_sigma_m;
  }
  std::vector<TdoaArrival> arrivals;
  arrivals.reserve(chosen.size());
  for (const Candidate &c : chosen) {
    arrivals.push_back({sensors_[c.sensor], c.time_s, 0.0});
  }
  ++stats_.solves;
  const TdoaSolution fit = TdoaSolver(nlos).solve(arrivals);
  if (!fit.valid) {
    return;
  }
  shot.solution = fit;
  shot.emission_utc_ns = seedTime_ + secondsToNanos(fit.emission_s);
}

// A located shot's pulses are consumed; the quieter pulses that follow each of them on
// its sensor are in its echo shadow. Both are stamped so seeds around see the change.
void PulseAssociator::consume(const LocatedShot &shot, const std::vector<Candidate> &chosen) {
  ++version_;
  const int used = static_cast<int>(chosen.size());
  for (const Candidate &c : chosen) {
    auto &list = pulses_[c.sensor];
    list[c.index].consumed = true;
    list[c.index].changedAt = version_;
    const UtcNs until = list[c.index].onset_utc_ns + secondsToNanos(options_.echo_shadow_s);
    const double quieterThan_db = list[c.index].peak_db_spl - options_.echo_shadow_min_drop_db;
    for (std::size_t k = c.index + 1; k < list.size() && list[k].onset_utc_ns <= until; ++k) {
      if (used >= list[k].shadow && list[k].peak_db_spl <= quieterThan_db) {
        list[k].shadow = used;
        list[k].shadowFrom = shot.solution.position_enu_m;
        list[k].shadowDrop_db = list[c.index].peak_db_spl - list[k].peak_db_spl;
        list[k].changedAt = version_;
      }
    }
  }
}

} // namespace salvo
