// What classification adds to the pipeline's time: the per-sensor pulse detection of a
// scenario (the floor of what `locate` spends) against feature extraction and model
// evaluation for every incident and every clip in it, measured in the same run.
//
//   bench_classify SCENARIO_DIR [MODEL.json]   (default model: the shipped one)
//   e.g. bench_classify ../shared/scenarios/celebration-303
#include "classify/ClassifierModel.h"
#include "classify/TrainingExamples.h"
#include "contract/Truth.h"

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
    const ClassifierModel model = loadClassifierModel(argc > 2 ? std::filesystem::path(argv[2])
                                                               : defaultClassifierModelPath());
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");

    auto start = std::chrono::steady_clock::now();
    const auto pulses = detectScenarioPulses(scenario);
    const double detect_s = secondsSince(start);
    const ScenarioExamples examples = scenarioExamples(scenario, truth, pulses);

    const int repeats = 20;
    start = std::chrono::steady_clock::now();
    double sink = 0.0;
    for (int r = 0; r < repeats; ++r) {
      for (const IncidentEvidence &incident : examples.incident_evidence) {
        sink += classifyIncident(model, incident).confidence;
      }
    }
    const double incidents_s = secondsSince(start) / repeats;
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
      for (const auto &sensor : pulses) {
        sink += classifyClip(model, sensor).confidence; // a whole sensor track as one clip
      }
    }
    const double clips_s = secondsSince(start) / repeats;

    std::printf("scenario %s: %zu sensors, %zu incidents\n", folder.string().c_str(), pulses.size(),
                examples.incident_evidence.size());
    std::printf("pulse detection (all sensors):   %9.3f ms\n", detect_s * 1e3);
    std::printf("classify every incident:         %9.3f ms  (%.3f %% of detection)\n",
                incidents_s * 1e3, 100.0 * incidents_s / detect_s);
    std::printf("classify every sensor as a clip: %9.3f ms\n", clips_s * 1e3);
    std::printf("(checksum %.3f)\n", sink);
    return 0;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "bench-classify: %s\n", e.what());
    return 1;
  }
}
