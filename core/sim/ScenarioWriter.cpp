#include "sim/ScenarioWriter.h"

#include "audio/AudioFile.h"
#include "contract/Truth.h"
#include "sim/SensorRenderer.h"

#include <cmath>
#include <memory>
#include <vector>

namespace salvo::sim {

ScenarioManifest scenarioManifest(const SimScenario &scenario) {
  ScenarioManifest manifest;
  manifest.name = scenario.name;
  manifest.weather_temperature_c = scenario.reported_temperature_c;
  for (const auto &sensor : scenario.sensors) {
    SensorSpec spec;
    spec.id = sensor.id;
    spec.position = sensor.position;
    spec.audio = "audio/" + sensor.id + ".wav";
    spec.sample_rate_hz = sensor.sample_rate_hz;
    spec.full_scale_pa = sensor.full_scale_pa;
    spec.start_utc_ns = scenario.start_utc_ns + secondsToNanos(sensor.clock_error_s);
    manifest.sensors.push_back(spec);
  }
  return manifest;
}

void writeScenarioFolder(const SimScenario &scenario, const std::filesystem::path &folder,
                         const std::function<void(double)> &progress) {
  std::filesystem::create_directories(folder / "audio");
  const ScenarioManifest manifest = scenarioManifest(scenario);
  // All sensors side by side, block by block: they share each pulse's source spectrum.
  std::vector<std::unique_ptr<AudioFileWriter>> writers;
  std::int64_t totalFrames = 0;
  for (std::size_t i = 0; i < scenario.sensors.size(); ++i) {
    writers.push_back(std::make_unique<AudioFileWriter>(folder / manifest.sensors[i].audio,
                                                        scenario.sensors[i].sample_rate_hz,
                                                        AudioContainer::Wav, AudioEncoding::Pcm16));
    totalFrames += std::llround(scenario.duration_s * scenario.sensors[i].sample_rate_hz);
  }
  constexpr std::size_t kBlock = 8192;
  std::int64_t written = 0;
  double reported = 0.0;
  renderScenario(scenario, kBlock, [&](std::size_t sensor, std::span<const float> samples) {
    writers[sensor]->write(samples);
    written += static_cast<std::int64_t>(samples.size());
    const double done = static_cast<double>(written) / static_cast<double>(totalFrames);
    if (progress && (done - reported >= 0.01 || written == totalFrames)) {
      reported = done;
      progress(done);
    }
  });
  for (auto &writer : writers) {
    writer->close();
  }
  writeScenarioManifest(folder / "sensors.json", manifest);
  writeScenarioTruth(folder / "truth.json", scenario.truth());
}

} // namespace salvo::sim
