// Simulator speed and memory: 20 sensors at 16 kHz, generated as a multiple of real time
// on one core, for two scenario lengths; the peak RSS must not grow with the length.
#include "sim/LiveCitySource.h"
#include "sim/ScenarioPresets.h"
#include "sim/SensorRenderer.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace salvo::sim;

namespace {

double peakRss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Renders every sensor of the scenario in blocks (as the writer does, without the disk).
double renderSeconds(const SimScenario &scenario) {
  std::vector<float> block(8192);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < scenario.sensors.size(); ++i) {
    SensorRenderer renderer(scenario, i);
    renderer.addScenarioSources();
    const auto frames =
        static_cast<std::int64_t>(scenario.duration_s * scenario.sensors[i].sample_rate_hz);
    for (std::int64_t done = 0; done < frames; done += static_cast<std::int64_t>(block.size())) {
      renderer.render(block);
    }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv) {
  const std::string preset = argc > 1 ? argv[1] : "urban";
  std::printf("salvo simulator bench: preset %s, 20 sensors, 16 kHz, one thread\n", preset.c_str());
  std::printf("%-10s %10s %8s %10s %12s %12s\n", "length_s", "events", "pulses", "wall_s",
              "x_realtime", "peak_rss_MB");
  for (double length : {60.0, 600.0}) {
    ScenarioRequest request;
    request.preset = preset;
    request.seed = 1;
    request.sensors = 20;
    request.duration_s = length;
    const SimScenario scenario = buildScenario(request);
    const double wall = renderSeconds(scenario);
    std::printf("%-10.0f %10zu %8zu %10.2f %12.1f %12.1f\n", length, scenario.events.size(),
                scenario.emissions.size(), wall, length / wall, peakRss_mb());
  }
  // Live: the same city, streamed block by block with random incidents.
  LiveCityConfig live;
  live.city.preset = preset;
  live.city.sensors = 20;
  live.block_frames = 1600;
  LiveCitySource source(live);
  std::vector<std::vector<float>> blocks;
  const auto start = std::chrono::steady_clock::now();
  while (source.time_s() < 120.0) {
    source.nextBlock(blocks);
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("live 120 s: %.2f s wall, %.1f x real time, peak RSS %.1f MB\n", wall, 120.0 / wall,
              peakRss_mb());
  return 0;
}
