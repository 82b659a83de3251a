// Location quality over many simulated seeds: the targets measured the same way
// every time. For each preset (urban, hard, and hilly when the simulator has it) and seed
// 1..N the project's simulator writes a scenario folder (temporary), the whole batch
// pipeline locates and classifies it (as `salvo-cli locate`) and the contract's rule scores
// it (as `salvo-cli evaluate`); the shared sample scenarios are scored once each. Figures
// are pooled over the seeds of a preset (events, not per-scenario means).
//
// Usage: bench_locate_quality [SEEDS=4] [--presets urban,hard,...] [--duration S]
//        [--no-shared] [--first-seed N] [--oracle] [--one-sided-gating]
//        [--no-borrowed-mixtures] [--verbose] | --timing
// --no-borrowed-mixtures: the grouper keeps borrowed-sound mixtures (A/B in one build).
// --oracle: also the solver alone on truth-picked arrivals, and the detector's onset error
// against SNR (see oracleShot).
#include "BenchArgs.h"
#include "BenchCpuClock.h"
#include "BenchStats.h"
#include "classify/ClassifierModel.h"
#include "classify/ScenarioLocation.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/DetectPulses.h"
#include "eval/Evaluation.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"
#include "locate/NlosModel.h"
#include "locate/TdoaSolver.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace salvo;
using salvo::bench::quantile;

namespace {

// The solver alone, without association: each truth shot (gunfire and other; a firework's
// burst is not at its launch site) is solved from the pulse nearest its predicted direct
// arrival on every sensor (true position, speed of sound and clock). Separates the
// multilateration's accuracy and radius from association's choices, and measures the
// detector's onset error against SNR (per shot, the median over its sensors removed: a
// common delay is absorbed by the emission time).
struct OraclePool {
  static constexpr std::array<double, 5> kSnrEdges_db{10.0, 20.0, 30.0, 40.0, 1e9};
  std::array<std::vector<double>, kSnrEdges_db.size()> onset_error_s;
  std::array<std::vector<double>, kSnrEdges_db.size()> rise_s;
  std::array<std::vector<double>, kSnrEdges_db.size()> model_sigma_s; // onsetTimingSigma_s
  struct Solves {
    std::vector<double> errors_m;
    std::vector<double> error_over_radius;
    int solved = 0;
    int covered = 0;
  };
  Solves flat;     // every arrival at the solver's default timing sigma
  Solves per_snr;  // each arrival's sigma from its pulse (onsetTimingSigma_s)
  Solves nlos;     // flat sigma, one-sided NLOS model (typicalUrbanExcessDelay_s)
  Solves nlos_snr; // per-arrival sigma and the NLOS model
  int shots = 0;
};

std::size_t snrBin(double snr_db) {
  std::size_t b = 0;
  while (snr_db >= OraclePool::kSnrEdges_db[b]) {
    ++b;
  }
  return b;
}

const Pulse *nearestPulse(const std::vector<Pulse> &pulses, double predicted_s, UtcNs epoch,
                          double window_s) {
  const Pulse *best = nullptr;
  double bestGap = window_s;
  for (const Pulse &p : pulses) {
    const double gap = std::abs(nanosToSeconds(p.onset_utc_ns - epoch) - predicted_s);
    if (gap < bestGap) {
      bestGap = gap;
      best = &p;
    }
  }
  return best;
}

void solveInto(const TdoaSolver &solver, const std::vector<TdoaArrival> &arrivals,
               const Eigen::Vector3d &source, OraclePool::Solves &into) {
  const TdoaSolution solution = solver.solve(arrivals);
  if (!solution.valid) {
    return;
  }
  ++into.solved;
  const double error = (solution.position_enu_m - source).head<2>().norm();
  into.errors_m.push_back(error);
  into.error_over_radius.push_back(error / std::max(solution.horizontal_error_95_m, 1e-9));
  into.covered += error <= solution.horizontal_error_95_m ? 1 : 0;
}

void oracleShot(const NetworkFrame &net, const ScenarioTruth &truth,
                const std::vector<std::vector<Pulse>> &pulses, const Eigen::Vector3d &source,
                UtcNs emission, const TdoaSolverOptions &solverOptions, OraclePool &pool) {
  ++pool.shots;
  std::vector<TdoaArrival> arrivals;
  std::vector<std::pair<double, const Pulse *>> picked; // error before demeaning
  for (std::size_t i = 0; i < pulses.size() && i < net.sensors_enu_m.size(); ++i) {
    const double clock_s = i < truth.sensors.size() ? truth.sensors[i].clock_error_s : 0.0;
    if (std::abs(clock_s) > 1e-3) {
      continue; // a GPS fault: association's business
    }
    const double range_m = (net.sensors_enu_m[i] - source).norm();
    const double predicted_s = range_m / truth.speed_of_sound_mps + clock_s;
    const Pulse *p = nearestPulse(pulses[i], predicted_s, emission, 0.002 + 0.02 * range_m / 343.0);
    if (p == nullptr) {
      continue;
    }
    const double onset_s = nanosToSeconds(p->onset_utc_ns - emission) - clock_s;
    arrivals.push_back({net.sensors_enu_m[i], onset_s, 0.0});
    picked.emplace_back(onset_s - range_m / truth.speed_of_sound_mps, p);
  }
  if (picked.size() >= 3) {
    std::vector<double> e;
    for (const auto &[err, p] : picked) {
      e.push_back(err);
    }
    std::nth_element(e.begin(), e.begin() + static_cast<long>(e.size() / 2), e.end());
    const double median = e[e.size() / 2];
    for (const auto &[err, p] : picked) {
      pool.onset_error_s[snrBin(p->snr_db)].push_back(err - median);
      pool.rise_s[snrBin(p->snr_db)].push_back(p->rise_time_s);
      pool.model_sigma_s[snrBin(p->snr_db)].push_back(
          onsetTimingSigma_s(p->snr_db, p->sample_rate_hz, p->rise_time_s));
    }
  }
  if (arrivals.size() < 4) {
    return;
  }
  // The pipeline's height prior: street level below the first sensor to hear the shot.
  const auto first = std::min_element(arrivals.begin(), arrivals.end(),
                                      [](auto &a, auto &b) { return a.arrival_s < b.arrival_s; });
  TdoaSolverOptions options = solverOptions;
  options.source_height_m = first->sensor_enu_m.z() - 10.0;
  const TdoaSolver solver(options);
  solveInto(solver, arrivals, source, pool.flat);
  TdoaSolverOptions nlosOptions = options;
  nlosOptions.nlos_mean_excess_s = typicalUrbanExcessDelay_s();
  solveInto(TdoaSolver(nlosOptions), arrivals, source, pool.nlos);
  for (std::size_t k = 0; k < arrivals.size(); ++k) {
    const Pulse &p = *picked[k].second;
    arrivals[k].timing_sigma_s = onsetTimingSigma_s(p.snr_db, p.sample_rate_hz, p.rise_time_s);
  }
  solveInto(solver, arrivals, source, pool.per_snr);
  solveInto(TdoaSolver(nlosOptions), arrivals, source, pool.nlos_snr);
}

void oracleScenario(const ScenarioManifest &manifest, const ScenarioTruth &truth,
                    const std::vector<std::vector<Pulse>> &pulses,
                    const TdoaSolverOptions &solverOptions, OraclePool &pool) {
  const NetworkFrame net = networkFrame(manifest);
  const LocalEnuFrame frame(net.origin);
  for (const TruthEvent &event : truth.events) {
    if (event.eventClass == IncidentClass::Fireworks) {
      continue;
    }
    const Eigen::Vector3d source = frame.toEnu(event.position);
    for (UtcNs t : event.shot_times_utc_ns) {
      oracleShot(net, truth, pulses, source, t, solverOptions, pool);
    }
  }
}

// One multilateration with and without the NLOS model, on the same 2000 synthetic sets
// as `bench_locate --multilateration` (8 sensors, 3D + c + wind, covariance, radius), two
// of them 1-3 ms late: CPU microseconds a solve and their ratio, measured in one run.
void timeMultilateration() {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> xy(-500.0, 500.0);
  std::uniform_real_distribution<double> up(0.0, 150.0);
  std::uniform_real_distribution<double> late(1e-3, 3e-3);
  std::normal_distribution<double> noise(0.0, 0.25e-3);
  std::vector<std::vector<TdoaArrival>> sets;
  for (int t = 0; t < 2000; ++t) {
    const Eigen::Vector3d source(xy(rng) * 0.5, xy(rng) * 0.5, 20.0);
    std::vector<TdoaArrival> a;
    for (int s = 0; s < 8; ++s) {
      const Eigen::Vector3d p(xy(rng), xy(rng), up(rng));
      a.push_back({p, (p - source).norm() / 343.0 + noise(rng) + (s < 2 ? late(rng) : 0.0), 0.0});
    }
    sets.push_back(a);
  }
  TdoaSolverOptions options;
  options.source_height_m = 20.0;
  const auto run = [&sets](const TdoaSolverOptions &o) {
    const TdoaSolver solver(o);
    double sink = solver.solve(sets.front()).horizontal_error_95_m; // one-time set-up
    const double c0 = bench::processCpuSeconds();
    for (const auto &a : sets) {
      sink += solver.solve(a).horizontal_error_95_m;
    }
    return std::pair((bench::processCpuSeconds() - c0) * 1e6 / static_cast<double>(sets.size()),
                     sink);
  };
  const auto [gaussian_us, g] = run(options);
  options.nlos_mean_excess_s = typicalUrbanExcessDelay_s();
  const auto [nlos_us, n] = run(options);
  std::printf("multilateration (8 sensors, 2 late): Gaussian %.1f us CPU, NLOS model %.1f us CPU "
              "(ratio %.2f; target <= 50 us)  [checksum %.1f]\n",
              gaussian_us, nlos_us, nlos_us / gaussian_us, g + n);
}

// Everything pooled over the scenarios of one row.
struct Pool {
  int scenarios = 0;
  double hours = 0.0;
  int gunfire_events = 0;
  int gunfire_located = 0;    // matched by any incident (class ignored)
  int gunfire_classified = 0; // matched by an incident that says gunfire
  int located_events = 0;     // all classes
  int events = 0;
  int covered = 0; // located events whose truth is inside the incident's radius
  int gunfire_covered = 0;
  int gunfire_rounds_exact = 0;
  int false_incidents = 0;
  int false_gunfire_incidents = 0;
  std::vector<double> gunfire_errors_m;
  std::vector<double> error_over_radius; // all located events
  double cpu_s = 0.0;
  OraclePool oracle;
};

void add(Pool &pool, const EvaluationReport &report, const ScenarioTruth &truth,
         const IncidentsFile &incidents) {
  ++pool.scenarios;
  pool.hours += report.duration_s / 3600.0;
  pool.gunfire_events += report.gunfire_events;
  pool.events += report.events;
  pool.false_incidents += report.false_incidents;
  pool.false_gunfire_incidents += report.false_gunfire_incidents;
  pool.gunfire_classified += static_cast<int>(report.gunfire_recall * report.gunfire_events + 0.5);
  for (const EventMatch &m : report.matches) {
    if (!m.incident_index) {
      continue;
    }
    const bool gunfire = truth.events[m.event_index].eventClass == IncidentClass::Gunfire;
    const double radius = incidents.incidents[*m.incident_index].horizontal_error_m;
    ++pool.located_events;
    pool.covered += m.radius_holds ? 1 : 0;
    pool.error_over_radius.push_back(radius > 0.0 ? m.horizontal_error_m / radius : 1e9);
    if (gunfire) {
      ++pool.gunfire_located;
      pool.gunfire_covered += m.radius_holds ? 1 : 0;
      pool.gunfire_rounds_exact += m.rounds_exact ? 1 : 0;
      pool.gunfire_errors_m.push_back(m.horizontal_error_m);
    }
  }
}

double ratio(int num, int den) {
  return den > 0 ? static_cast<double>(num) / den : 0.0;
}

double robustSigma(std::vector<double> v) {
  if (v.size() < 2) {
    return 0.0;
  }
  const double median = quantile(v, 0.5);
  for (double &x : v) {
    x = std::abs(x - median);
  }
  return 1.4826 * quantile(v, 0.5);
}

double absQuantile(std::vector<double> v, double q) {
  for (double &x : v) {
    x = std::abs(x);
  }
  return quantile(v, q);
}

void printSolves(const char *label, int shots, const OraclePool::Solves &o) {
  std::printf("    oracle %-8s shots %d solved %d, error median %.2f p90 %.2f max %.1f m, "
              "coverage %.3f, e/r50 %.2f e/r90 %.2f\n",
              label, shots, o.solved, quantile(o.errors_m, 0.5), quantile(o.errors_m, 0.9),
              quantile(o.errors_m, 1.0), ratio(o.covered, o.solved),
              quantile(o.error_over_radius, 0.5), quantile(o.error_over_radius, 0.9));
}

void printOracle(const OraclePool &o) {
  printSolves("flat", o.shots, o.flat);
  printSolves("per-snr", o.shots, o.per_snr);
  printSolves("nlos", o.shots, o.nlos);
  printSolves("nlos-snr", o.shots, o.nlos_snr);
  double lower = -1e9;
  for (std::size_t b = 0; b < OraclePool::kSnrEdges_db.size(); ++b) {
    const auto &e = o.onset_error_s[b];
    if (!e.empty()) {
      std::printf("    onset SNR %5.0f..%-5.0f dB: n %5zu robust sigma %7.1f us, p95 |e| %7.1f us, "
                  "rise median %6.1f us, model sigma median %6.1f us\n",
                  lower, OraclePool::kSnrEdges_db[b], e.size(), robustSigma(e) * 1e6,
                  absQuantile(e, 0.95) * 1e6, quantile(o.rise_s[b], 0.5) * 1e6,
                  quantile(o.model_sigma_s[b], 0.5) * 1e6);
    }
    lower = OraclePool::kSnrEdges_db[b];
  }
}

void printHeader() {
  std::printf("%-16s %4s %5s %6s %6s %7s %7s %7s %7s %6s %7s %6s %6s %6s %6s\n", "row", "scen",
              "gun", "recLoc", "recCls", "med_m", "p90_m", "max_m", "false/h", "fGun/h", "rounds",
              "cov", "covGun", "e/r50", "cpu_s");
}

void printRow(const std::string &name, const Pool &p) {
  const double hours = std::max(p.hours, 1e-9);
  std::printf(
      "%-16s %4d %5d %6.3f %6.3f %7.2f %7.2f %7.1f %7.1f %6.1f %7.3f %6.3f %6.3f %6.2f "
      "%6.1f\n",
      name.c_str(), p.scenarios, p.gunfire_events, ratio(p.gunfire_located, p.gunfire_events),
      ratio(p.gunfire_classified, p.gunfire_events), quantile(p.gunfire_errors_m, 0.5),
      quantile(p.gunfire_errors_m, 0.9), quantile(p.gunfire_errors_m, 1.0),
      p.false_incidents / hours, p.false_gunfire_incidents / hours,
      ratio(p.gunfire_rounds_exact, p.gunfire_located), ratio(p.covered, p.located_events),
      ratio(p.gunfire_covered, p.gunfire_located), quantile(p.error_over_radius, 0.5), p.cpu_s);
  if (p.oracle.shots > 0) {
    printOracle(p.oracle);
  }
  std::fflush(stdout);
}

struct Runner {
  std::optional<ClassifierModel> model;
  bool verbose = false;
  bool oracle = false;
  bool oneSidedGating = false;
  bool keepBorrowedMixtures = false;

  // Locates, classifies and scores one scenario folder into `pool`.
  void score(const std::filesystem::path &folder, const std::string &label, Pool &pool) const {
    const double c0 = bench::processCpuSeconds();
    const ScenarioFolder scenario = openScenarioFolder(folder);
    LocateOptions options = optionsForManifest(scenario.manifest);
    options.threads = 1;
    if (oneSidedGating) {
      options.associator.gating_nlos_mean_excess_s = typicalUrbanExcessDelay_s();
    }
    options.grouper.drop_borrowed_mixtures = !keepBorrowedMixtures;
    const LocatedScenario located =
        locateAndClassifyScenario(scenario, options, model ? &*model : nullptr);
    const LocateResult &result = located.result;
    const std::vector<std::vector<Pulse>> &pulses = located.pulses_per_sensor;
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const double duration_s = nanosToSeconds(scenario.end_utc_ns - scenario.start_utc_ns);
    const EvaluationReport report = evaluateIncidents(truth, result.incidents, duration_s);
    add(pool, report, truth, result.incidents);
    if (oracle) {
      oracleScenario(scenario.manifest, truth, pulses, options.associator.solver, pool.oracle);
    }
    pool.cpu_s += bench::processCpuSeconds() - c0;
    if (verbose) {
      std::printf("  %-22s gunfire %d located %.3f median %.2f m false %d coverage %.3f\n",
                  label.c_str(), report.gunfire_events, report.gunfire_location_recall,
                  report.gunfire_error.median_m, report.false_incidents, report.radius_coverage);
      std::fflush(stdout);
    }
  }
};

bool hasPreset(const std::string &name) {
  const auto names = sim::presetNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

int main(int argc, char **argv) {
  int seeds = 4;
  int firstSeed = 1;
  std::optional<double> duration_s;
  bool shared = true;
  std::vector<std::string> presets;
  Runner runner;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--presets" && i + 1 < argc) {
      presets = bench::splitComma(argv[++i]);
    } else if (arg == "--duration" && i + 1 < argc) {
      duration_s = std::atof(argv[++i]);
    } else if (arg == "--first-seed" && i + 1 < argc) {
      firstSeed = std::atoi(argv[++i]);
    } else if (arg == "--no-shared") {
      shared = false;
    } else if (arg == "--timing") {
      timeMultilateration();
      return 0;
    } else if (arg == "--oracle") {
      runner.oracle = true;
    } else if (arg == "--one-sided-gating") {
      runner.oneSidedGating = true;
    } else if (arg == "--no-borrowed-mixtures") {
      runner.keepBorrowedMixtures = true;
    } else if (arg == "--verbose" || arg == "-v") {
      runner.verbose = true;
    } else if (!arg.empty() && arg[0] != '-' && std::atoi(arg.c_str()) > 0) {
      seeds = std::atoi(arg.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: bench_locate_quality [SEEDS=4] [--presets urban,hard,hilly] "
                   "[--duration S] [--first-seed N] [--no-shared] [--oracle] [--one-sided-gating] "
                   "[--no-borrowed-mixtures] [--verbose] | "
                   "--timing\n");
      return 2;
    }
  }
  if (presets.empty()) {
    for (const char *name : {"urban", "hard", "hilly"}) {
      if (hasPreset(name)) {
        presets.emplace_back(name);
      }
    }
  }
  try {
    runner.model = loadClassifierModel(defaultClassifierModelPath());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "no classifier model (%s): recCls will be 0\n", e.what());
  }
  const std::filesystem::path tmp =
      std::filesystem::temp_directory_path() / ("salvo-locate-quality-" + std::to_string(getpid()));
  std::printf("bench_locate_quality: seeds %d..%d, pooled over events; recLoc = gunfire "
              "located (any class), recCls = located and called gunfire, med/p90/max = gunfire "
              "horizontal error, false/h = incidents matching no event, fGun/h = false gunfire "
              "calls, rounds = gunfire rounds exact, cov = truth within horizontal_error_m "
              "(all located events), e/r50 = median error/radius (0.34-0.48 when the radius is "
              "an honest 95 %% radius of a Gaussian error)\n",
              firstSeed, firstSeed + seeds - 1);
  printHeader();
  int status = 0;
  for (const std::string &preset : presets) {
    Pool pool;
    for (int s = firstSeed; s < firstSeed + seeds; ++s) {
      const std::filesystem::path folder = tmp / (preset + "-" + std::to_string(s));
      try {
        sim::ScenarioRequest request;
        request.preset = preset;
        request.seed = static_cast<std::uint64_t>(s);
        request.duration_s = duration_s;
        sim::writeScenarioFolder(sim::buildScenario(request), folder);
        runner.score(folder, preset + " seed " + std::to_string(s), pool);
      } catch (const std::exception &e) {
        std::fprintf(stderr, "%s seed %d: %s\n", preset.c_str(), s, e.what());
        status = 1;
      }
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    }
    printRow(preset, pool);
  }
  if (shared) {
    for (const char *name : {"easy-101", "urban-202", "celebration-303"}) {
      Pool pool;
      try {
        runner.score(std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / name, name, pool);
        printRow(name, pool);
      } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        status = 1;
      }
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(tmp, ignored);
  return status;
}
