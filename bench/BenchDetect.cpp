// Detection speed: how many sensor channels one core keeps up with in real time, on the
// shared scenarios' recordings (decoded to memory first, so only detection is timed),
// next to `aubioonset -O hfc` (Debian aubio-tools) on the same files in the same run.
//
//   bench_detect [scenario folders...]   (default: every folder in ../shared/scenarios)
//   bench_detect --rounds SCENARIO...     where each truth gunfire round is lost: detection,
//                                         association or grouping; and what the pulses are
//   bench_detect --compare SCENARIO...    location figures with and without burst completion
//                                         and reverberation-ghost rejection (same pulses)
//   bench_detect --ghosts SCENARIO...     what each false incident is made of: direct
//                                         arrivals, echoes of which event, noise

#include "../tests/detect/GhostBreakdown.h"
#include "../tests/detect/RoundsBreakdown.h"
#include "BenchCpuClock.h"
#include "audio/AudioFile.h"
#include "contract/Scenario.h"
#include "detect/ImpulseDetector.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <limits>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

using namespace salvo;

namespace {

struct Channel {
  std::filesystem::path path;
  SensorSpec spec;
  std::vector<float> samples;
};

// Detection quality against truth.json, and the stage at which each gunfire round is lost.
int roundsReport(const std::vector<std::filesystem::path> &folders) {
  for (const auto &folder : folders) {
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    std::vector<std::vector<Pulse>> pulses;
    double sensor_s = 0.0;
    std::size_t count = 0;
    for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
      pulses.push_back(detectSensorPulses(scenario.recordings[s], s).pulses);
      sensor_s += scenario.recordings[s].duration_s;
      count += pulses.back().size();
    }
    const auto arrivals = test::expectedArrivals(scenario, truth);
    const test::ArrivalScore gunfire = test::scoreArrivals(arrivals, pulses, true, false, 0.003);
    const test::ArrivalScore all = test::scoreArrivals(arrivals, pulses, false, false, 0.003);
    const test::PulseComposition c = test::classifyPulses(arrivals, pulses);
    std::printf("%s: %zu pulses, %.2f per sensor-second; direct %zu, later sound of an event "
                "%zu, other %zu; flagged echo %zu (%zu of them direct)\n",
                scenario.manifest.name.c_str(), count, static_cast<double>(count) / sensor_s,
                c.direct, c.late, c.other, c.flagged, c.flagged_direct);
    std::printf("  first arrivals detected (3 ms): gunfire %d/%d, every event %d/%d\n",
                gunfire.detected, gunfire.expected, all.detected, all.expected);
    const auto events =
        test::roundsBreakdown(scenario, truth, pulses, optionsForManifest(scenario.manifest));
    test::printBreakdown(events, std::getenv("SALVO_ROUNDS_LEVELS") != nullptr);
  }
  return 0;
}

// Each false incident's arrivals against the truth and the other incidents' shots.
int ghostsReport(const std::vector<std::filesystem::path> &folders) {
  for (const auto &folder : folders) {
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const LocateResult result = locateScenario(
        scenario, [](const SensorRecording &r, std::size_t i) { return detectSensorPulses(r, i); },
        optionsForManifest(scenario.manifest));
    std::printf("%s: %zu shots, %zu incidents, %d images, %d echoes and %d reverberation "
                "ghosts dropped; %d rounds completed, %d borrowers dropped\n",
                scenario.manifest.name.c_str(), result.shots, result.incidents.incidents.size(),
                result.dropped_images, result.dropped_echoes, result.dropped_reverb_ghosts,
                result.completed_rounds, result.dropped_borrowers);
    test::printGhostBreakdown(scenario, truth, result);
  }
  return 0;
}

// The same detected pulses located with the ghost and burst steps off, then on.
int compareReport(const std::vector<std::filesystem::path> &folders) {
  std::printf("%-22s %-6s %6s %8s %8s %8s %8s\n", "scenario", "steps", "false", "false/h", "recLoc",
              "med_m", "rounds");
  for (const auto &folder : folders) {
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    std::vector<std::vector<Pulse>> pulses;
    double duration_s = 0.0;
    for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
      pulses.push_back(detectSensorPulses(scenario.recordings[s], s).pulses);
      duration_s = std::max(duration_s, scenario.recordings[s].duration_s);
    }
    // "fixed": source reverberation judged by level alone (no recurring delay).
    for (const char *steps : {"off", "fixed", "on"}) {
      const bool on = std::string(steps) != "off";
      LocateOptions options = optionsForManifest(scenario.manifest);
      options.bursts.enabled = on;
      options.grouper.drop_reverb_ghosts = on;
      if (std::string(steps) == "fixed") {
        options.bursts.reverb.min_recurrences = std::numeric_limits<int>::max();
        options.grouper.source_reverb.min_recurrences = std::numeric_limits<int>::max();
      }
      const LocateResult result = locatePulses(scenario.manifest, pulses, options);
      const EvaluationReport r = evaluateIncidents(truth, result.incidents, duration_s);
      std::printf("%-22s %-6s %6d %8.0f %8.3f %8.2f %8.3f %8.3f\n",
                  folder.filename().string().c_str(), steps, r.false_incidents,
                  r.false_incidents_per_hour, r.gunfire_location_recall, r.gunfire_error.median_m,
                  r.gunfire_rounds_exact, r.location_recall);
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::filesystem::path> folders;
  bool rounds = false;
  bool ghosts = false;
  bool compare = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") {
      rounds = true;
    } else if (std::string(argv[i]) == "--compare") {
      compare = true;
    } else if (std::string(argv[i]) == "--ghosts") {
      ghosts = true;
    } else {
      folders.emplace_back(argv[i]);
    }
  }
  if (folders.empty()) {
    const std::filesystem::path root = std::filesystem::path(SALVO_SHARED_DIR) / "scenarios";
    for (const auto &entry : std::filesystem::directory_iterator(root)) {
      if (std::filesystem::exists(entry.path() / "sensors.json")) {
        folders.push_back(entry.path());
      }
    }
  }
  if (rounds) {
    return roundsReport(folders);
  }
  if (compare) {
    return compareReport(folders);
  }
  if (ghosts) {
    return ghostsReport(folders);
  }
  std::vector<Channel> channels;
  double audio_s = 0.0;
  for (const auto &folder : folders) {
    const ScenarioFolder scenario = openScenarioFolder(folder);
    for (const SensorRecording &r : scenario.recordings) {
      Channel c{r.audio_path, r.spec, readAudioFile(r.audio_path)};
      audio_s += static_cast<double>(c.samples.size()) / r.spec.sample_rate_hz;
      channels.push_back(std::move(c));
    }
  }
  if (channels.empty()) {
    std::fprintf(stderr, "no recordings found\n");
    return 1;
  }
  std::printf("%zu channels, %.1f s of audio in total\n", channels.size(), audio_s);

  // Detection alone, block by block as live audio would arrive (1024-sample blocks).
  const int repeats = 5;
  std::size_t pulses = 0;
  double best_cpu_s = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const double start = bench::processCpuSeconds();
    std::size_t count = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const Channel &c = channels[i];
      ImpulseDetector detector({}, i, c.spec.sample_rate_hz, c.spec.full_scale_pa,
                               c.spec.start_utc_ns);
      std::vector<Pulse> out;
      for (std::size_t k = 0; k < c.samples.size(); k += 1024) {
        const std::size_t n = std::min<std::size_t>(1024, c.samples.size() - k);
        detector.process(std::span<const float>(c.samples.data() + k, n), out);
      }
      detector.finish(out);
      count += out.size();
    }
    best_cpu_s = std::min(best_cpu_s, bench::processCpuSeconds() - start);
    pulses = count;
  }
  const double realtime = audio_s / best_cpu_s;
  std::printf("salvo ImpulseDetector: %.3f s CPU (best of %d), %zu pulses\n", best_cpu_s, repeats,
              pulses);
  std::printf("  %.0fx real time per channel = %.0f sensor channels at their rate on one core "
              "(target >= 2000)\n",
              realtime, realtime);

  // aubioonset on the same files: it decodes the files itself, so its time includes
  // decoding (ours does not); a lower bound on the gap, not an exact like-for-like.
  double aubio_cpu_s = 0.0;
  bool aubio_ok = true;
  for (const Channel &c : channels) {
    const std::string command = "aubioonset -i '" + c.path.string() + "' -O hfc > /dev/null 2>&1";
    const double before = bench::childrenCpuSeconds();
    const int status = std::system(command.c_str());
    aubio_cpu_s += bench::childrenCpuSeconds() - before;
    if (status != 0) {
      aubio_ok = false;
    }
  }
  if (aubio_ok) {
    std::printf("aubioonset -O hfc: %.3f s CPU for the same files = %.0fx real time per "
                "channel\n",
                aubio_cpu_s, audio_s / aubio_cpu_s);
    std::printf("  salvo detector is %.1fx the speed of aubioonset\n", aubio_cpu_s / best_cpu_s);
  } else {
    std::printf("aubioonset not available or failed (apt install aubio-tools)\n");
  }
  return 0;
}
