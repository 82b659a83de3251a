// Speed of the coverage + accuracy maps: 50 sensors spread over 2 km × 2 km (4 km²)
// at 10 m cells (40,000 cells), target ≤ 200 ms a recompute. Prints the median of
// several runs with all threads and with one thread (the reference in the same run),
// and the time of a "suggest next site" pass. Usage: bench_coverage [RUNS]
#include "network/NetworkMaps.h"
#include "network/SiteSuggester.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

using namespace salvo;
using namespace salvo::network;

namespace {

std::vector<NetworkSensor> randomNetwork(const GridSpec &grid, int count) {
  const LocalEnuFrame frame(grid.origin);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> east(grid.west_m, grid.west_m + grid.cols * grid.cell_m);
  std::uniform_real_distribution<double> north(grid.south_m,
                                               grid.south_m + grid.rows * grid.cell_m);
  std::vector<NetworkSensor> sensors;
  for (int i = 0; i < count; ++i) {
    NetworkSensor s;
    s.id = "S" + std::to_string(i + 1);
    s.position = frame.toGeodetic(Eigen::Vector3d(east(rng), north(rng), 6.0));
    sensors.push_back(s);
  }
  return sensors;
}

double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
  double wall_ms;
  double cpu_ms; // all threads: the work, whatever else the machine is doing
};

// Median wall and CPU time over `runs`; one untimed run first warms caches and tables.
template <typename F>
Timing median(int runs, F &&f) {
  f();
  std::vector<double> wall, cpu;
  for (int r = 0; r < runs; ++r) {
    const double c0 = cpuMs();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(cpuMs() - c0);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

} // namespace

int main(int argc, char **argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  const GridSpec grid = gridCentredOn({41.8781, -87.6298, 180.0}, 10.0, 200, 200);
  const std::vector<NetworkSensor> sensors = randomNetwork(grid, 50);
  NetworkMapOptions all;
  NetworkMapOptions one;
  one.threads = 1;
  NetworkMaps maps;
  const Timing allT = median(runs, [&] { maps = computeNetworkMaps(sensors, grid, all); });
  const Timing oneT = median(runs, [&] { computeNetworkMaps(sensors, grid, one); });
  const Timing suggestT = median(runs, [&] { suggestSites(maps.coverage, all.detection); });
  std::printf("coverage+accuracy, 50 sensors, %d x %d cells of %.0f m (%.1f km2), median of %d\n",
              grid.cols, grid.rows, grid.cell_m, grid.cellCount() * grid.cellArea_m2() / 1e6, runs);
  std::printf("  all threads : %8.1f ms wall, %8.1f ms CPU  (target <= 200 ms wall)\n",
              allT.wall_ms, allT.cpu_ms);
  std::printf("  one thread  : %8.1f ms wall, %8.1f ms CPU  (threads speed-up %.2fx)\n",
              oneT.wall_ms, oneT.cpu_ms, oneT.wall_ms / allT.wall_ms);
  std::printf("  suggest site: %8.1f ms wall, %8.1f ms CPU  (100 m candidates)\n", suggestT.wall_ms,
              suggestT.cpu_ms);
  std::printf("  covered P(>=3)>=0.9: %.2f km2\n", maps.coverage.coveredArea_m2(0.9) / 1e6);
  return 0;
}
