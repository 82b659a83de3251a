// Speed of location: one multilateration (target <= 50 µs) and the whole locate pipeline
// on a scenario against aubioonset (aubio-tools, -O hfc) on the same files, measured
// side by side in one run. Usage: bench_locate [SCENARIO] (default: shared urban-202).
#include "contract/Scenario.h"
#include "detect/DetectPulses.h"
#include "locate/LocatePipeline.h"
#include "locate/TdoaSolver.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace salvo;
using Clock = std::chrono::steady_clock;

int main(int argc, char **argv) {
  // One multilateration: 8 sensors over 1 km with 150 m of relief, 0.25 ms noise.
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
  double sink = 0.0;
  const auto t0 = Clock::now();
  for (const auto &a : sets) {
    sink += solver.solve(a).horizontal_error_95_m;
  }
  const double perSolve_us =
      std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / trials;
  std::printf("multilateration (8 sensors, 3D + c + wind, covariance, radius): %.1f us "
              "(target <= 50)  [checksum %.1f]\n",
              perSolve_us, sink);

  const std::string folder =
      argc > 1 ? argv[1] : std::string(SALVO_SHARED_DIR) + "/scenarios/urban-202";
  const ScenarioFolder scenario = openScenarioFolder(folder);
  const auto l0 = Clock::now();
  const LocateResult result = locateScenario(
      scenario, [](const SensorRecording &r, std::size_t i) { return detectSensorPulses(r, i); },
      optionsForManifest(scenario.manifest));
  const double locate_s = std::chrono::duration<double>(Clock::now() - l0).count();
  const auto a0 = Clock::now();
  for (const SensorRecording &r : scenario.recordings) {
    const std::string cmd = "aubioonset -O hfc -i '" + r.audio_path.string() + "' > /dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::printf("aubioonset failed on %s\n", r.audio_path.c_str());
    }
  }
  const double aubio_s = std::chrono::duration<double>(Clock::now() - a0).count();
  std::printf("locate %s: %.2f s (detect %.2f s, associate %.2f s), %zu incidents\n",
              scenario.manifest.name.c_str(), locate_s, result.detect_seconds,
              result.associate_seconds, result.incidents.incidents.size());
  std::printf("aubioonset -O hfc on the same %zu files: %.2f s; ratio aubio/locate %.2f "
              "(target >= 2)\n",
              scenario.recordings.size(), aubio_s, aubio_s / locate_s);
  return 0;
}
