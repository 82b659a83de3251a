// What classification adds to `locate`: the pipeline's own steps on one scenario
// (per-sensor pulse detection, then association and location) against classifying every
// incident it produced (classifyIncidents, as `salvo-cli locate` calls it), measured in
// the same run. Also the clip model over every sensor's whole track.
//
//   bench_classify SCENARIO_DIR [MODEL.json]   (default model: the shipped one)
//   e.g. bench_classify ../shared/scenarios/celebration-303
//
// --real-like: the held-out real recordings' stand-in (RealLikeRecordings.h). Every event
// of simulated scenes (default hilly seeds 9101.., never trained on, 12 kHz) is cut out
// as one recording of at most six sensors 60-800 m away, located and classified alone;
// prints gunfire called gunfire and rounds exact, non-gunfire called gunfire, and which
// features push the missed gunfire off (mean contribution to the gunfire margin).
//
//   bench_classify --real-like [SEEDS=12] [--first-seed 9101] [--presets hilly]
//                  [--duration S] [--rate HZ] [--model MODEL.json] [--verbose]
#include "BenchArgs.h"
#include "classify/ClassifierModel.h"
#include "classify/IncidentClassifier.h"
#include "classify/RealLikeRecordings.h"
#include "classify/TrainingExamples.h"
#include "eval/Evaluation.h"
#include "locate/LocatePipeline.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <string>
#include <unistd.h>

using namespace salvo;

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Each feature's share of the gunfire margin z_gunfire - z_best_other of one incident:
// its own weight difference times its standardised value, plus half of every pair
// product it is in (all of a square). Sums (with the bias) to the margin.
std::vector<double> gunfireMarginShares(const ClassifierHead &head,
                                        const Eigen::VectorXd &features) {
  const Eigen::VectorXd x = head.design(features.transpose()).transpose();
  const SoftmaxModel &m = head.softmax;
  const Eigen::VectorXd z = m.logits(x);
  const int other = z(1) >= z(2) ? 1 : 2;
  const Eigen::VectorXd w = (m.weights.row(0) - m.weights.row(other)).transpose() / m.temperature;
  const std::size_t n = head.feature_names.size();
  std::vector<double> shares(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    shares[k] = w(Eigen::Index(k)) * x(Eigen::Index(k));
  }
  for (std::size_t p = 0; p < head.pairs.size(); ++p) {
    const double c = w(Eigen::Index(n + p)) * x(Eigen::Index(n + p));
    const auto [i, j] = head.pairs[p];
    shares[std::size_t(i)] += i == j ? c : 0.5 * c;
    shares[std::size_t(j)] += i == j ? 0.0 : 0.5 * c;
  }
  return shares;
}

struct RealLikeTally {
  int recordings = 0, located = 0, calledGunfire = 0, roundsExact = 0, calledAndExact = 0;
  int ghostsCalledGunfire = 0;
};

struct RealLikeBench {
  std::map<std::string, RealLikeTally> byKind; // "gunfire 1 round", "fireworks", ...
  std::vector<double> missShares, hitShares;   // summed margin shares
  int misses = 0, hits = 0;
  std::vector<std::string> names;
};

std::string kindOf(const TruthEvent &e) {
  if (e.eventClass == IncidentClass::Gunfire) {
    return "gunfire " + std::string(e.rounds == 1   ? "1 round"
                                    : e.rounds == 3 ? "3 rounds"
                                                    : "other");
  }
  return e.eventClass == IncidentClass::Fireworks ? "fireworks" : "other";
}

void tallyRecording(const ClassifierModel &model, const ScenarioTruth &truth,
                    const RealLikeRecording &r, RealLikeBench &bench, bool verbose,
                    const std::string &scene) {
  const TruthEvent &event = truth.events[r.event_index];
  const bool gunfire = event.eventClass == IncidentClass::Gunfire;
  RealLikeTally &t = bench.byKind[kindOf(event)];
  ++t.recordings;
  for (std::size_t i = 0; i < r.incidents.incidents.size(); ++i) {
    t.ghostsCalledGunfire +=
        i != r.event_incident && r.incidents.incidents[i].incidentClass == IncidentClass::Gunfire
            ? 1
            : 0;
  }
  if (!r.event_incident) {
    return;
  }
  ++t.located;
  const Incident &incident = r.incidents.incidents[*r.event_incident];
  const bool called = incident.incidentClass == IncidentClass::Gunfire;
  t.calledGunfire += called ? 1 : 0;
  t.roundsExact += r.rounds_exact ? 1 : 0;
  t.calledAndExact += called && r.rounds_exact ? 1 : 0;
  if (!gunfire) {
    if (verbose && called) {
      std::printf("  %s %s (%s) called gunfire %.2f: kept %zu, used %zu\n", scene.c_str(),
                  event.id.c_str(), event.subclass.c_str(), incident.confidence,
                  r.kept_sensors.size(), incident.sensors.size());
    }
    return;
  }
  IncidentEvidence evidence = contractIncidentEvidence(incident, r.network, r.pulses);
  evidence.context_shots = incidentContextShots(r.incidents)[*r.event_incident];
  if (evidence.shots.empty()) {
    return;
  }
  const Eigen::VectorXd f = incidentFeatureVector(evidence);
  const std::vector<double> shares = gunfireMarginShares(model.incident, f);
  std::vector<double> &sum = called ? bench.hitShares : bench.missShares;
  sum.resize(shares.size(), 0.0);
  for (std::size_t k = 0; k < shares.size(); ++k) {
    sum[k] += shares[k];
  }
  (called ? bench.hits : bench.misses) += 1;
  bench.names = model.incident.feature_names;
  if (verbose) {
    const auto at = [&f](const char *name) {
      const auto &names = incidentFeatureNames();
      return f(Eigen::Index(std::find(names.begin(), names.end(), name) - names.begin()));
    };
    std::printf("  %s %s (%s, %d rounds): kept %zu, used %zu, rounds %d%s, P(gunfire) %.2f -> %s "
                "[level %.0f top %.0f dB, log2 context %.1f, repeats %.1f/%.1f, height %.0f m]\n",
                scene.c_str(), event.id.c_str(), event.subclass.c_str(), event.rounds,
                r.kept_sensors.size(), incident.sensors.size(), incident.rounds,
                r.rounds_exact ? "" : " (wrong)", model.incident.scores(f)[0],
                called ? "gunfire" : "MISS", at("shot.source_level_db"),
                at("shot.top_source_level_db"), at("incident.log2_context_shots"),
                at("shot.log2_repeats_before"), at("shot.log2_repeats_after"), at("shot.height_m"));
    if (!r.rounds_exact) {
      for (const Incident &i : r.incidents.incidents) {
        std::printf("      incident at %+.3f s, %.0f m off: %d rounds, %zu sensors, %s %.2f\n",
                    nanosToSeconds(i.time_utc_ns - event.time_utc_ns),
                    horizontalDistance_m(event.position, i.position), i.rounds, i.sensors.size(),
                    std::string(incidentClassName(i.incidentClass)).c_str(), i.confidence);
      }
    }
  }
}

void printRealLikeBench(const RealLikeBench &b) {
  std::printf("%-18s %5s %8s %8s %8s %10s %8s\n", "kind", "recs", "located", "called_g",
              "rounds=", "g&rounds=", "ghost_g");
  for (const auto &[kind, t] : b.byKind) {
    const auto frac = [&t](int n) { return t.located > 0 ? double(n) / t.located : 0.0; };
    std::printf("%-18s %5d %8.3f %8.3f %8.3f %10.3f %8d\n", kind.c_str(), t.recordings,
                t.recordings > 0 ? double(t.located) / t.recordings : 0.0, frac(t.calledGunfire),
                frac(t.roundsExact), frac(t.calledAndExact), t.ghostsCalledGunfire);
  }
  std::printf("(called_g, rounds=, g&rounds= are of located recordings; ghost_g: other incidents "
              "of the recordings called gunfire)\n");
  RealLikeTally g, n;
  for (const auto &[kind, t] : b.byKind) {
    RealLikeTally &sum = kind.starts_with("gunfire") ? g : n;
    sum.recordings += t.recordings;
    sum.located += t.located;
    sum.calledGunfire += t.calledGunfire;
    sum.calledAndExact += t.calledAndExact;
    sum.ghostsCalledGunfire += t.ghostsCalledGunfire;
  }
  std::printf("gunfire: located %d of %d; of located called gunfire %.3f, with the right rounds "
              "%.3f; non-gunfire: located %d, called gunfire %.3f; ghosts called gunfire %d\n",
              g.located, g.recordings, g.located > 0 ? double(g.calledGunfire) / g.located : 0.0,
              g.located > 0 ? double(g.calledAndExact) / g.located : 0.0, n.located,
              n.located > 0 ? double(n.calledGunfire) / n.located : 0.0,
              g.ghostsCalledGunfire + n.ghostsCalledGunfire);
  if (b.misses == 0 || b.hits == 0) {
    return;
  }
  std::vector<std::size_t> order(b.names.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    order[k] = k;
  }
  const auto missMean = [&b](std::size_t k) { return b.missShares[k] / b.misses; };
  const auto hitMean = [&b](std::size_t k) { return b.hitShares[k] / b.hits; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
    return missMean(a) - hitMean(a) < missMean(c) - hitMean(c);
  });
  std::printf("gunfire margin shares, missed (%d) vs called (%d) gunfire, most against first:\n",
              b.misses, b.hits);
  for (std::size_t i = 0; i < std::min<std::size_t>(12, order.size()); ++i) {
    const std::size_t k = order[i];
    std::printf("  %-34s missed %+6.2f called %+6.2f\n", b.names[k].c_str(), missMean(k),
                hitMean(k));
  }
}

int realLikeMain(int argc, char **argv) {
  int seeds = 12;
  int firstSeed = 9101;
  double duration_s = 90.0;
  double rate_hz = 12000.0;
  bool verbose = false;
  std::vector<std::string> presets{"hilly"};
  std::filesystem::path modelPath = defaultClassifierModelPath();
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--first-seed" && i + 1 < argc) {
      firstSeed = std::atoi(argv[++i]);
    } else if (arg == "--presets" && i + 1 < argc) {
      presets = bench::splitComma(argv[++i]);
    } else if (arg == "--duration" && i + 1 < argc) {
      duration_s = std::atof(argv[++i]);
    } else if (arg == "--rate" && i + 1 < argc) {
      rate_hz = std::atof(argv[++i]);
    } else if (arg == "--model" && i + 1 < argc) {
      modelPath = argv[++i];
    } else if (arg == "--verbose" || arg == "-v") {
      verbose = true;
    } else if (std::atoi(arg.c_str()) > 0) {
      seeds = std::atoi(arg.c_str());
    } else {
      std::fprintf(stderr, "usage: bench_classify --real-like [SEEDS=12] [--first-seed 9101] "
                           "[--presets hilly] [--duration 90] [--rate 12000] [--model M] "
                           "[--verbose]\n");
      return 2;
    }
  }
  const ClassifierModel model = loadClassifierModel(modelPath);
  const std::filesystem::path tmp =
      std::filesystem::temp_directory_path() / ("salvo-bench-classify-" + std::to_string(getpid()));
  const auto start = std::chrono::steady_clock::now();
  for (const std::string &preset : presets) {
    RealLikeBench bench;
    for (int seed = firstSeed; seed < firstSeed + seeds; ++seed) {
      sim::ScenarioRequest request;
      request.preset = preset;
      request.seed = std::uint64_t(seed);
      request.duration_s = duration_s;
      request.sample_rate_hz = rate_hz;
      const std::filesystem::path folder = tmp / (preset + std::to_string(seed));
      sim::writeScenarioFolder(sim::buildScenario(request), folder);
      const ScenarioFolder scenario = openScenarioFolder(folder);
      const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
      const auto pulses = detectScenarioPulses(scenario);
      RealLikeOptions options;
      options.draw_seed = std::uint64_t(seed);
      for (std::size_t e = 0; e < truth.events.size(); ++e) {
        const RealLikeRecording r =
            realLikeRecording(scenario.manifest, truth, pulses, e, options, &model);
        tallyRecording(model, truth, r, bench, verbose, preset + std::to_string(seed));
      }
      std::filesystem::remove_all(folder);
    }
    std::printf("%s seeds %d..%d, %.0f s at %.0f Hz, model %s (%.0f s):\n", preset.c_str(),
                firstSeed, firstSeed + seeds - 1, duration_s, rate_hz, modelPath.string().c_str(),
                secondsSince(start));
    printRealLikeBench(bench);
  }
  std::error_code ignored;
  std::filesystem::remove_all(tmp, ignored);
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  try {
    if (argc >= 2 && std::string(argv[1]) == "--real-like") {
      return realLikeMain(argc, argv);
    }
    if (argc < 2) {
      std::fprintf(stderr, "usage: bench_classify SCENARIO_DIR [MODEL.json]\n");
      return 2;
    }
    const std::filesystem::path folder = argv[1];
    auto start = std::chrono::steady_clock::now();
    const ClassifierModel model = loadClassifierModel(argc > 2 ? std::filesystem::path(argv[2])
                                                               : defaultClassifierModelPath());
    const double load_s = secondsSince(start);
    const ScenarioFolder scenario = openScenarioFolder(folder);

    start = std::chrono::steady_clock::now();
    const auto pulses = detectScenarioPulses(scenario);
    const double detect_s = secondsSince(start);
    const LocateOptions options = optionsForManifest(scenario.manifest);
    start = std::chrono::steady_clock::now();
    const LocateResult located = locatePulses(scenario.manifest, pulses, options);
    const double locate_s = secondsSince(start);

    const ClassifierNetwork network =
        classifierNetwork(scenario.manifest, options.associator.solver.speed_of_sound_mps);
    const int repeats = 20;
    ClassifySummary summary;
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      IncidentsFile incidents = located.incidents;
      summary = classifyIncidents(model, network, pulses, incidents);
    }
    const double classify_s = secondsSince(start) / repeats;
    double sink = 0.0;
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      for (const auto &sensor : pulses) {
        sink += classifyClip(model, sensor).confidence; // a whole sensor track as one clip
      }
    }
    const double clips_s = secondsSince(start) / repeats;

    const double pipeline_s = detect_s + locate_s;
    std::printf("scenario %s: %zu sensors, %zu incidents (%d gunfire, %d fireworks, %d other)\n",
                folder.string().c_str(), pulses.size(), located.incidents.incidents.size(),
                summary.gunfire, summary.fireworks, summary.other);
    std::printf("load model:                          %9.3f ms\n", load_s * 1e3);
    std::printf("pulse detection (all sensors, 1 thread): %9.3f ms\n", detect_s * 1e3);
    std::printf("associate + locate:                  %9.3f ms\n", locate_s * 1e3);
    std::printf("classify every incident:             %9.3f ms  (%.3f %% of locate's %.0f ms)\n",
                classify_s * 1e3, 100.0 * (classify_s + load_s) / pipeline_s, pipeline_s * 1e3);
    std::printf("classify every sensor as a clip:     %9.3f ms\n", clips_s * 1e3);
    std::printf("(checksum %.3f)\n", sink);
    return 0;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "bench-classify: %s\n", e.what());
    return 1;
  }
}
