// What classification adds to `locate`: the pipeline's own steps on one scenario
// (per-sensor pulse detection, then association and location) against classifying every
// incident it produced (classifyIncidents, as `salvo-cli locate` calls it), measured in
// the same run. Also the clip model over every sensor's whole track.
//
//   bench_classify SCENARIO_DIR [MODEL.json]   (default model: the shipped one)
//   e.g. bench_classify ../shared/scenarios/celebration-303
#include "classify/ClassifierModel.h"
#include "classify/IncidentClassifier.h"
#include "classify/TrainingExamples.h"
#include "locate/LocatePipeline.h"

#include <chrono>
#include <cstdio>
#include <exception>

using namespace salvo;

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main(int argc, char **argv) {
  try {
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
