// Simulator speed and memory: 20 sensors at 16 kHz, generated as a multiple of real time
// on one core, for several scenario lengths; the peak memory must not grow with the length.
//
//   bench_simulator [PRESET] [--durations 60,600,3600] [--sensors N] [--no-live]
//
// Each length runs in a child process of its own, so its peak RSS is its own and not the
// previous, shorter run's. The heap in use is sampled once per block round (all sensors)
// from mallinfo2(): the bytes the simulator holds, without the binary's pages; printed as
// the median, 99th percentile and maximum over the rounds (MB above the start).
#include "sim/LiveCitySource.h"
#include "sim/ScenarioPresets.h"
#include "sim/SensorRenderer.h"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
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

double peakRss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Heap bytes in use now: the small-block arenas plus the large mmapped blocks.
double heapInUse_mb() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

struct Options {
  std::string preset = "urban";
  std::vector<double> durations_s{60.0, 600.0};
  int sensors = 20;
  bool live = true;
};

bool parseOptions(int argc, char **argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--durations" && i + 1 < argc) {
      options.durations_s.clear();
      std::stringstream list(argv[++i]);
      for (std::string item; std::getline(list, item, ',');) {
        const double seconds = std::atof(item.c_str());
        if (!(seconds >= 1.0)) {
          std::fprintf(stderr, "bench_simulator: bad duration '%s'\n", item.c_str());
          return false;
        }
        options.durations_s.push_back(seconds);
      }
    } else if (arg == "--sensors" && i + 1 < argc) {
      options.sensors = std::atoi(argv[++i]);
    } else if (arg == "--no-live") {
      options.live = false;
    } else if (!arg.empty() && arg[0] != '-') {
      options.preset = arg;
    } else {
      std::fprintf(stderr, "usage: bench_simulator [PRESET] [--durations S,S,...] [--sensors N] "
                           "[--no-live]\n");
      return false;
    }
  }
  return !options.durations_s.empty();
}

// Builds and renders one scenario (every sensor side by side in blocks, as the writer
// does, without the disk) and prints its line.
void benchLength(const Options &options, double length_s) {
  const double heapBefore = heapInUse_mb();
  ScenarioRequest request;
  request.preset = options.preset;
  request.seed = 1;
  request.sensors = options.sensors;
  request.duration_s = length_s;
  const auto start = std::chrono::steady_clock::now();
  const double cpuStart = threadCpu_s();
  const SimScenario scenario = buildScenario(request);
  const double scenarioHeap = heapInUse_mb() - heapBefore;
  std::vector<double> heap{scenarioHeap};
  double checksum = 0.0;
  renderScenario(scenario, 8192, [&](std::size_t sensor, std::span<const float> samples) {
    checksum += samples[0];
    if (sensor == 0) {
      heap.push_back(heapInUse_mb() - heapBefore);
    }
  });
  const double cpu = threadCpu_s() - cpuStart;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (checksum == 12345.678) { // keeps the sink from being optimised away
    std::printf("!\n");
  }
  // The typical block round and the busiest: the peak is the worst moment's overlapping
  // long-ringing arrivals, a maximum over the run.
  std::sort(heap.begin(), heap.end());
  const double median = heap[heap.size() / 2];
  const double p99 = heap[heap.size() * 99 / 100];
  std::printf("%-9.0f %7zu %9zu %8.1f %8.1f %10.1f %10.1f %12.1f %11.2f %9.1f %9.1f %9.1f\n",
              length_s, scenario.events.size(), scenario.schedule.size(), wall, cpu,
              length_s / wall, length_s / cpu, peakRss_mb(), scenarioHeap, median, p99,
              heap.back());
  std::fflush(stdout);
}

void benchLive(const Options &options) {
  LiveCityConfig live;
  live.city.preset = options.preset;
  live.city.sensors = options.sensors;
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
  std::printf("live 120 s, %d sensors: %.2f s wall (%.1f x real time), %.2f s cpu (%.1f x on "
              "one core), peak RSS %.1f MB\n",
              options.sensors, wall, 120.0 / wall, cpu, 120.0 / cpu, peakRss_mb());
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  if (!parseOptions(argc, argv, options)) {
    return 2;
  }
  std::printf("salvo simulator bench: preset %s, %d sensors, 16 kHz, one thread\n",
              options.preset.c_str(), options.sensors);
  std::printf("%-9s %7s %9s %8s %8s %10s %10s %12s %11s %9s %9s %9s\n", "length_s", "events",
              "incidents", "wall_s", "cpu_s", "x_rt_wall", "x_rt_1core", "peak_rss_MB",
              "scenario_MB", "heap_med", "heap_p99", "heap_max");
  std::fflush(stdout);
  for (const double length : options.durations_s) {
    const pid_t child = fork();
    if (child == 0) {
      benchLength(options, length);
      std::_Exit(0);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "bench_simulator: the %.0f s run failed\n", length);
      return 1;
    }
  }
  if (options.live) {
    benchLive(options);
  }
  return 0;
}
