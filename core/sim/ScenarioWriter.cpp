#include "sim/ScenarioWriter.h"

#include "audio/AudioFile.h"
#include "contract/Truth.h"
#include "sim/SensorRenderer.h"

#include <cmath>
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
  constexpr std::size_t kBlock = 8192;
  std::vector<float> block(kBlock);
  for (std::size_t i = 0; i < scenario.sensors.size(); ++i) {
    const SimSensor &sensor = scenario.sensors[i];
    SensorRenderer renderer(scenario, i);
    renderer.addScenarioSources();
    AudioFileWriter writer(folder / manifest.sensors[i].audio, sensor.sample_rate_hz,
                           AudioContainer::Wav, AudioEncoding::Pcm16);
    const auto frames =
        static_cast<std::int64_t>(std::llround(scenario.duration_s * sensor.sample_rate_hz));
    for (std::int64_t done = 0; done < frames;) {
      const auto count = static_cast<std::size_t>(std::min<std::int64_t>(kBlock, frames - done));
      renderer.render(std::span<float>(block.data(), count));
      writer.write(std::span<const float>(block.data(), count));
      done += static_cast<std::int64_t>(count);
    }
    writer.close();
    if (progress) {
      progress(static_cast<double>(i + 1) / static_cast<double>(scenario.sensors.size()));
    }
  }
  writeScenarioManifest(folder / "sensors.json", manifest);
  writeScenarioTruth(folder / "truth.json", scenario.truth());
}

} // namespace salvo::sim
