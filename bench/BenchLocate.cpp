// Speed of location: one multilateration (target <= 50 µs) and the whole locate pipeline
// on a scenario against aubioonset (aubio-tools, -O hfc) on the same files, measured
// side by side in one run. Usage: bench_locate [SCENARIO] [--out FILE] [--no-reference]
// [--threads N] [--seed-streams] [--random-seed N] [--pulses FILE] [--multilateration]
// (default: shared urban-202; --multilateration: only that figure). --threads: detection
// threads (0 = one a core); --seed-streams: a random stream per seed
// (PulseAssociatorOptions::seed_random_streams); --random-seed: the association's random
// seed (random_seed; with --seed-streams, another draw of every seed's stream: a search
// change is judged over several).
// --out writes the located incidents (unclassified: every one "other") for `salvo-cli
// evaluate`; --no-reference skips aubioonset; --pulses writes every detected pulse, every
// field (to check that two builds detect bit for bit the same).
//
// Times are CPU seconds (this process's threads; aubioonset's as a child), the fair
// comparison on a machine shared with other work; wall seconds are printed next to them.
#include "BenchCpuClock.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "detect/DetectPulses.h"
#include "geo/LocalEnuFrame.h"
#include "locate/LocatePipeline.h"
#include "locate/TdoaSolver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace salvo;
using Clock = std::chrono::steady_clock;

namespace {

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double wallSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void benchMultilateration() {
  // 8 sensors over 1 km with 150 m of relief, 0.25 ms noise.
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> xy(-500.0, 500.0), up(0.0, 150.0);
  std::normal_distribution<double> noise(0.0, 0.25e-3);
  const int trials = 2000;
  std::vector<std::vector<TdoaArrival>> sets;
  for (int t = 0; t < trials; ++t) {
    const Eigen::Vector3d source(xy(rng) * 0.5, xy(rng) * 0.5, 20.0);
    std::vector<TdoaArrival> a;
    for (int s = 0; s < 8; ++s) {
      const Eigen::Vector3d p(xy(rng), xy(rng), up(rng));
      a.push_back({p, (p - source).norm() / 343.0 + noise(rng), 0.0});
    }
    sets.push_back(a);
  }
  TdoaSolverOptions options;
  options.source_height_m = 20.0;
  const TdoaSolver solver(options);
  // The first call pays the one-time set-up (the 95 % radius table): shown apart so the
  // per-call figure is the steady state a live system sees.
  const double f0 = bench::processCpuSeconds();
  double sink = solver.solve(sets.front()).horizontal_error_95_m;
  const double first_us = (bench::processCpuSeconds() - f0) * 1e6;
  const double c0 = bench::processCpuSeconds();
  const auto w0 = Clock::now();
  long iterations = 0;
  for (const auto &a : sets) {
    const TdoaSolution solution = solver.solve(a);
    sink += solution.horizontal_error_95_m;
    iterations += solution.iterations;
  }
  const double cpu_us = (bench::processCpuSeconds() - c0) * 1e6 / trials;
  const double wall_us = wallSince(w0) * 1e6 / trials;
  std::printf(
      "multilateration (8 sensors, 3D + c + wind, covariance, radius): %.1f us CPU "
      "(%.1f us wall) (target <= 50); first call %.0f us; %.1f iterations  [checksum %.1f]\n",
      cpu_us, wall_us, first_us, static_cast<double>(iterations) / trials, sink);
}

// The 95 % radius table against the numerical integral it was generated from, at table
// nodes and halfway between them (where the linear interpolation is worst).
void checkRadiusTable() {
  double worst = 0.0;
  for (int k = 0; k <= 128; ++k) {
    const double rho = k / 128.0 + (k % 2 == 1 ? 0.5 / 256.0 : 0.0);
    const Eigen::Matrix2d cov = Eigen::Vector2d(1.0, rho * rho).asDiagonal();
    const double exact = circularErrorRadiusIntegrated(cov, 0.95);
    worst = std::max(worst, std::abs(circularErrorRadius(cov, 0.95) / exact - 1.0));
  }
  std::printf("95 %% radius table vs numerical integral: max relative difference %.1e\n", worst);
}

// One line a located shot: incident, emission (s after the first), ENU position, radius,
// then sensor:arrival-offset(ms):level(dB) for each sensor used. For analysis only.
void dumpShots(const char *path, const ScenarioFolder &scenario, const LocateResult &result) {
  std::FILE *f = std::fopen(path, "w");
  if (f == nullptr) {
    return;
  }
  const UtcNs t0 =
      result.incidents.incidents.empty() ? 0 : result.incidents.incidents.front().time_utc_ns;
  for (std::size_t i = 0; i < result.incident_shots.size(); ++i) {
    for (const LocatedShot &s : result.incident_shots[i]) {
      std::fprintf(f, "%s %.4f %.1f %.1f %.1f r=%.1f rms=%.2fms |",
                   result.incidents.incidents[i].id.c_str(), nanosToSeconds(s.emission_utc_ns - t0),
                   s.solution.position_enu_m.x(), s.solution.position_enu_m.y(),
                   s.solution.position_enu_m.z(), s.solution.horizontal_error_95_m,
                   s.solution.rms_residual_s * 1e3);
      for (std::size_t k = 0; k < s.sensor_indices.size(); ++k) {
        std::fprintf(f, " %s:%.1f:%.1f", scenario.manifest.sensors[s.sensor_indices[k]].id.c_str(),
                     nanosToSeconds(s.arrival_utc_ns[k] - s.emission_utc_ns) * 1e3,
                     k < s.arrival_peak_db_spl.size() ? s.arrival_peak_db_spl[k] : 0.0);
      }
      std::fprintf(f, "\n");
    }
  }
  std::fclose(f);
}

// Association against the truth (analysis only): for every gunfire round, each sensor's
// predicted direct arrival (true place, speed of sound and clock), the pulses from 5 ms
// before to 60 ms after it (offset ms, level dB, E = flagged likely echo) and, marked *,
// the one the located shot nearest in time and place chose; then that shot's error.
void diagnose(const std::filesystem::path &folder, const ScenarioFolder &scenario,
              const LocateResult &result, const std::vector<std::vector<Pulse>> &pulses) {
  const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
  const NetworkFrame net = networkFrame(scenario.manifest);
  const LocalEnuFrame frame(net.origin);
  const LocalEnuFrame shotFrame(result.frame_origin);
  const double c = truth.speed_of_sound_mps;
  for (const TruthEvent &event : truth.events) {
    if (event.eventClass != IncidentClass::Gunfire) {
      continue;
    }
    const Eigen::Vector3d source = frame.toEnu(event.position);
    for (const UtcNs emission : event.shot_times_utc_ns) {
      const LocatedShot *match = nullptr;
      double matchErr = 1e9;
      for (const auto &shots : result.incident_shots) {
        for (const LocatedShot &s : shots) {
          const double dt = std::abs(nanosToSeconds(s.emission_utc_ns - emission));
          const Eigen::Vector3d p = frame.toEnu(shotFrame.toGeodetic(s.solution.position_enu_m));
          const double err = (p - source).head<2>().norm();
          if (dt < 0.05 + err / c && err < matchErr) {
            matchErr = err;
            match = &s;
          }
        }
      }
      std::printf("%s %s t=%.3f at (%.0f %.0f %.0f): ", event.id.c_str(), event.subclass.c_str(),
                  nanosToSeconds(emission - truth.events.front().time_utc_ns), source.x(),
                  source.y(), source.z());
      if (match != nullptr) {
        const Eigen::Vector3d p = frame.toEnu(shotFrame.toGeodetic(match->solution.position_enu_m));
        std::printf("located err %.1f m (%.0f %.0f %.0f) dt %.1f ms, %zu sensors\n", matchErr,
                    p.x(), p.y(), p.z(), nanosToSeconds(match->emission_utc_ns - emission) * 1e3,
                    match->sensor_indices.size());
      } else {
        std::printf("MISSED\n");
      }
      for (std::size_t i = 0; i < pulses.size(); ++i) {
        const double range_m = (net.sensors_enu_m[i] - source).norm();
        const double clock_s = i < truth.sensors.size() ? truth.sensors[i].clock_error_s : 0.0;
        const UtcNs predicted = emission + secondsToNanos(range_m / c + clock_s);
        UtcNs chosen = 0;
        if (match != nullptr) {
          for (std::size_t k = 0; k < match->sensor_indices.size(); ++k) {
            if (match->sensor_indices[k] == i) {
              chosen = match->arrival_utc_ns[k];
            }
          }
        }
        std::string line;
        for (const Pulse &p : pulses[i]) {
          const double off_ms = nanosToSeconds(p.onset_utc_ns - predicted) * 1e3;
          if (off_ms < -5.0 || off_ms > 60.0) {
            continue;
          }
          char buf[64];
          std::snprintf(buf, sizeof buf, " %s%.1f:%.0f%s", p.onset_utc_ns == chosen ? "*" : "",
                        off_ms, p.peak_db_spl, p.likely_echo ? "E" : "");
          line += buf;
        }
        std::string far;
        if (chosen != 0 && std::abs(nanosToSeconds(chosen - predicted)) * 1e3 > 60.0) {
          far = " *chosen " + std::to_string(nanosToSeconds(chosen - predicted) * 1e3) + " ms";
        }
        if (!line.empty() || !far.empty()) {
          std::printf("   s%-2zu %5.0f m%s%s%s\n", i, range_m,
                      i < truth.sensors.size() && truth.sensors[i].nlos ? " nlos" : "",
                      line.c_str(), far.c_str());
        }
      }
    }
  }
}

// Every pulse with all its fields (hex floats), one a line, sensor by sensor: two builds
// detect the same when these files are identical.
void dumpPulses(const char *path, const std::vector<std::vector<Pulse>> &pulses) {
  std::FILE *f = std::fopen(path, "w");
  if (f == nullptr) {
    std::fprintf(stderr, "bench_locate: cannot write the pulses to %s\n", path);
    return;
  }
  for (const auto &list : pulses) {
    for (const Pulse &p : list) {
      std::fprintf(f, "%zu %llu %lld %a %a %a %a %a %a %a %a %a %a %a %d %d", p.sensor_index,
                   static_cast<unsigned long long>(p.sequence),
                   static_cast<long long>(p.onset_utc_ns), p.onset_sample, p.peak_pa, p.peak_db_spl,
                   p.noise_floor_db_spl, p.snr_db, p.rise_time_s, p.duration_s, p.decay_time_s,
                   p.spectral_centroid_hz, p.spectral_rolloff_hz, p.spectral_flatness,
                   p.clipped ? 1 : 0, p.likely_echo ? 1 : 0);
      for (const float e : p.band_energy_db) {
        std::fprintf(f, " %a", static_cast<double>(e));
      }
      std::fprintf(f, "\n");
    }
  }
  std::fclose(f);
}

} // namespace

int main(int argc, char **argv) {
  std::string folder = std::string(SALVO_SHARED_DIR) + "/scenarios/urban-202";
  std::string outFile;
  std::string pulsesFile;
  bool reference = true;
  bool diagnoseTruth = false;
  int threads = 0; // detection; 0: one a core
  bool seedStreams = false;
  std::optional<std::uint64_t> randomSeed;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      outFile = argv[++i];
    } else if (arg == "--diagnose") {
      diagnoseTruth = true;
      reference = false;
    } else if (arg == "--pulses" && i + 1 < argc) {
      pulsesFile = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--seed-streams") {
      seedStreams = true;
    } else if (arg == "--random-seed" && i + 1 < argc) {
      char *end = nullptr;
      randomSeed = std::strtoull(argv[++i], &end, 0);
      if (end == argv[i] || *end != '\0') {
        std::fprintf(stderr, "bench_locate: --random-seed wants a whole number, not '%s'\n",
                     argv[i]);
        return 2;
      }
    } else if (arg == "--no-reference") {
      reference = false;
    } else if (arg == "--multilateration") {
      benchMultilateration();
      checkRadiusTable();
      return 0;
    } else {
      folder = arg;
    }
  }
  if (reference) {
    benchMultilateration();
  }
  const ScenarioFolder scenario = openScenarioFolder(folder);
  LocateOptions locateOptions = optionsForManifest(scenario.manifest);
  locateOptions.threads = threads;
  locateOptions.associator.seed_random_streams = seedStreams;
  if (randomSeed) {
    locateOptions.associator.random_seed = *randomSeed;
  }
  const double l0 = bench::processCpuSeconds();
  const auto lw0 = Clock::now();
  std::vector<std::vector<Pulse>> pulses(scenario.recordings.size());
  // Each sensor's detection CPU (decode included), summed over the worker threads: the rest
  // of the locate CPU is association, multilateration and grouping.
  std::vector<double> detectCpu_s(scenario.recordings.size(), 0.0);
  const LocateResult result = locateScenario(
      scenario,
      [&pulses, &detectCpu_s](const SensorRecording &r, std::size_t i) {
        const double t0 = threadCpuSeconds();
        SensorDetection detection = detectSensorPulses(r, i);
        pulses[i] = detection.pulses;
        detectCpu_s[i] = threadCpuSeconds() - t0;
        return detection;
      },
      locateOptions);
  const double locate_s = bench::processCpuSeconds() - l0;
  double detect_s = 0.0;
  for (const double s : detectCpu_s) {
    detect_s += s;
  }
  const double locateWall_s = wallSince(lw0);
  if (!outFile.empty()) {
    writeIncidentsFile(outFile, result.incidents);
  }
  if (!pulsesFile.empty()) {
    dumpPulses(pulsesFile.c_str(), pulses);
  }
  if (const char *dump = std::getenv("SALVO_LOCATE_SHOTS")) {
    dumpShots(dump, scenario, result);
  }
  std::printf("locate %s: %.2f s CPU (detection %.2f s CPU, the rest %.2f s CPU), %.2f s wall "
              "(detect %.2f s, associate %.2f s wall), "
              "%zu pulses, %zu shots, %zu incidents, %d echoes and %d images dropped\n",
              scenario.manifest.name.c_str(), locate_s, detect_s, locate_s - detect_s, locateWall_s,
              result.detect_seconds, result.associate_seconds, result.pulses, result.shots,
              result.incidents.incidents.size(), result.dropped_echoes, result.dropped_images);
  const PulseAssociatorStats &a = result.association;
  std::printf("association work: %ld seeds tried (%ld unchanged since last try, %ld more skipped "
              "by their score bound), %ld hypotheses (%ld cut early), %ld refines, %ld solves, "
              "%ld free-height fits, %ld sets rejected on levels\n",
              a.seeds_tried, a.seeds_reused, a.seeds_bounded, a.hypotheses, a.hypotheses_cut,
              a.refines, a.solves, a.free_height_fits, a.level_rejects);
  if (diagnoseTruth) {
    diagnose(folder, scenario, result, pulses);
  }
  if (!reference) {
    return 0;
  }

  const double a0 = bench::childrenCpuSeconds();
  const auto aw0 = Clock::now();
  for (const SensorRecording &r : scenario.recordings) {
    const std::string cmd = "aubioonset -O hfc -i '" + r.audio_path.string() + "' > /dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::printf("aubioonset failed on %s\n", r.audio_path.c_str());
    }
  }
  const double aubio_s = bench::childrenCpuSeconds() - a0;
  const double aubioWall_s = wallSince(aw0);
  std::printf("aubioonset -O hfc on the same %zu files: %.2f s CPU, %.2f s wall\n",
              scenario.recordings.size(), aubio_s, aubioWall_s);
  std::printf("ratio aubio/locate: %.2f CPU, %.2f wall (target >= 2)\n", aubio_s / locate_s,
              aubioWall_s / locateWall_s);
  return 0;
}
