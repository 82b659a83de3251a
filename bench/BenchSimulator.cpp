// Simulator speed and memory: 20 sensors at 16 kHz, generated as a multiple of real time
// on one core, for two scenario lengths; the peak RSS must not grow with the length.
#include "sim/LiveCitySource.h"
#include "sim/ScenarioPresets.h"
#include "sim/SensorRenderer.h"

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace salvo::sim;

namespace {

// CPU time of this thread: the figure for "on one core" even on a busy machine.
double threadCpu_s() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

struct Timing {
  double wall_s = 0.0;
  double cpu_s = 0.0;
};

double peakRss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Resident set now (the scenario's own data before rendering), from /proc/self/statm.
double currentRss_mb() {
  std::FILE *file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) {
    return 0.0;
  }
  long pages = 0, resident = 0;
  const int read = std::fscanf(file, "%ld %ld", &pages, &resident);
  std::fclose(file);
  return read == 2 ? static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0) : 0.0;
}

// Renders every sensor of the scenario side by side in blocks (as the writer does, without
// the disk).
Timing renderSeconds(const SimScenario &scenario) {
  const auto start = std::chrono::steady_clock::now();
  const double cpuStart = threadCpu_s();
  double checksum = 0.0;
  renderScenario(scenario, 8192,
                 [&](std::size_t, std::span<const float> samples) { checksum += samples[0]; });
  if (checksum == 12345.678) { // keeps the sink from being optimised away
    std::printf("!\n");
  }
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
          threadCpu_s() - cpuStart};
}

} // namespace

int main(int argc, char **argv) {
  const std::string preset = argc > 1 ? argv[1] : "urban";
  std::printf("salvo simulator bench: preset %s, 20 sensors, 16 kHz, one thread\n", preset.c_str());
  std::printf("%-9s %7s %8s %9s %9s %12s %12s %12s %12s\n", "length_s", "events", "pulses",
              "wall_s", "cpu_s", "x_rt_wall", "x_rt_1core", "peak_rss_MB", "scenario_MB");
  for (double length : {60.0, 600.0}) {
    ScenarioRequest request;
    request.preset = preset;
    request.seed = 1;
    request.sensors = 20;
    request.duration_s = length;
    const SimScenario scenario = buildScenario(request);
    const double beforeRender = currentRss_mb();
    const Timing t = renderSeconds(scenario);
    std::printf("%-9.0f %7zu %8zu %9.2f %9.2f %12.1f %12.1f %12.1f %12.1f\n", length,
                scenario.events.size(), scenario.emissions.size(), t.wall_s, t.cpu_s,
                length / t.wall_s, length / t.cpu_s, peakRss_mb(), beforeRender);
  }
  // Live: the same city, streamed block by block with random incidents.
  LiveCityConfig live;
  live.city.preset = preset;
  live.city.sensors = 20;
  live.block_frames = 1600;
  LiveCitySource source(live);
  std::vector<std::vector<float>> blocks;
  const auto start = std::chrono::steady_clock::now();
  const double cpuStart = threadCpu_s();
  while (source.time_s() < 120.0) {
    source.nextBlock(blocks);
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = threadCpu_s() - cpuStart;
  std::printf("live 120 s, 20 sensors: %.2f s wall (%.1f x real time), %.2f s cpu (%.1f x on one "
              "core), peak RSS %.1f MB\n",
              wall, 120.0 / wall, cpu, 120.0 / cpu, peakRss_mb());
  return 0;
}
