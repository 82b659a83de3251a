#pragma once

#include "geo/Wgs84.h"
#include "time/UtcTime.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// One sensor of a scenario manifest (`sensors.json`, format "acoustic-scenario/1",
// see docs/formats.md and ../shared/specs/acoustic-scenario.md).
struct SensorSpec {
  std::string id;
  GeodeticPosition position;
  std::string audio; // path as written in the manifest, relative to the folder
  double sample_rate_hz = 0.0;
  double full_scale_pa = 0.0; // pascal that a sample value of 1.0 means
  UtcNs start_utc_ns = 0;     // UTC time of the first sample
};

struct ScenarioManifest {
  std::string format = "acoustic-scenario/1";
  std::string name;
  std::optional<double> weather_temperature_c;
  std::vector<SensorSpec> sensors;
};

// Strict: a missing field, a wrong type, NaN, a latitude outside ±90, a duplicate
// sensor id... throws InputError naming the file, the sensor and the field.
ScenarioManifest readScenarioManifest(const std::filesystem::path &sensorsJson);
void writeScenarioManifest(const std::filesystem::path &sensorsJson,
                           const ScenarioManifest &manifest);

// What the audio file of one sensor actually holds, next to what the manifest says.
struct SensorRecording {
  SensorSpec spec;
  std::filesystem::path audio_path; // absolute
  std::int64_t frames = 0;
  double duration_s = 0.0;
  UtcNs end_utc_ns = 0; // time just after the last sample
};

// A scenario folder opened and checked: the manifest, every sensor's audio probed
// (exists, readable, mono, its sample rate equal to the manifest's). Problems that
// make the scenario unusable throw InputError; `warnings` lists the rest.
struct ScenarioFolder {
  std::filesystem::path folder;
  ScenarioManifest manifest;
  std::vector<SensorRecording> recordings; // in manifest order
  std::vector<std::string> warnings;
  UtcNs start_utc_ns = 0; // earliest first sample
  UtcNs end_utc_ns = 0;   // latest last sample
};

// `folder` may also be the path of the manifest itself (SCENARIO/sensors.json).
ScenarioFolder openScenarioFolder(const std::filesystem::path &folder);

} // namespace salvo
