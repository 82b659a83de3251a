#include "contract/Scenario.h"

#include "audio/AudioFile.h"
#include "common/InputError.h"
#include "common/Median.h"
#include "contract/ContractJson.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <system_error>
#include <utility>

namespace salvo {
namespace {

using contract::JsonFields;
using contract::OrderedJson;

constexpr const char *kScenarioFormat = "acoustic-scenario/1";

// Heights above the ellipsoid on land lie between the Dead Sea shore minus the geoid
// (about -450 m) and the highest summits; anything outside is a unit or sign mistake.
constexpr double kMinAlt_m = -1000.0;
constexpr double kMaxAlt_m = 10000.0;
// Air temperatures ever recorded at the surface lie well inside this.
constexpr double kMinTemperature_c = -100.0;
constexpr double kMaxTemperature_c = 70.0;

std::string sensorLabel(const std::string &id, std::size_t index) {
  return id.empty() ? "sensor #" + std::to_string(index + 1) : "sensor " + id;
}

std::string seconds(double value_s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", value_s);
  return buffer;
}

void checkFormat(const std::string &format, const std::string &file) {
  if (format != kScenarioFormat) {
    throw InputError(file, "", "format",
                     "is '" + format + "', expected '" + std::string(kScenarioFormat) + "'");
  }
}

void checkTemperature(const std::optional<double> &temperature_c, const std::string &file) {
  if (temperature_c) {
    contract::checkRange(*temperature_c, kMinTemperature_c, kMaxTemperature_c, file, "weather",
                         "temperature_c", " °C");
  }
}

void checkSensor(const SensorSpec &sensor, std::size_t index, const std::string &file) {
  const std::string label = sensorLabel(sensor.id, index);
  if (sensor.id.empty()) {
    throw InputError(file, label, "id", "is empty");
  }
  contract::checkLatLon(sensor.position.lat_deg, sensor.position.lon_deg, file, label);
  contract::checkRange(sensor.position.alt_m, kMinAlt_m, kMaxAlt_m, file, label, "alt_m", " m");
  if (sensor.audio.empty()) {
    throw InputError(file, label, "audio", "is empty");
  }
  contract::checkPositive(sensor.sample_rate_hz, file, label, "sample_rate");
  contract::checkPositive(sensor.full_scale_pa, file, label, "full_scale_pa");
}

SensorSpec readSensor(const QJsonObject &object, std::size_t index, const std::string &file) {
  const QJsonValue idValue = object.value(QLatin1String("id"));
  const std::string id = idValue.isString() ? idValue.toString().toStdString() : std::string();
  const JsonFields fields(object, file, sensorLabel(id, index));
  SensorSpec sensor;
  sensor.id = fields.nonEmptyString("id");
  sensor.position.lat_deg = fields.number("lat");
  sensor.position.lon_deg = fields.number("lon");
  sensor.position.alt_m = fields.number("alt_m");
  sensor.audio = fields.nonEmptyString("audio");
  sensor.sample_rate_hz = fields.number("sample_rate");
  sensor.full_scale_pa = fields.number("full_scale_pa");
  sensor.start_utc_ns = fields.timeNs("start_utc_ns");
  return sensor;
}

OrderedJson sampleRateJson(double rate_hz) {
  // Rates are integers in practice and Python writes them so; keep that form.
  if (std::floor(rate_hz) == rate_hz && rate_hz < 9.0e15) {
    return OrderedJson(static_cast<std::int64_t>(rate_hz));
  }
  return OrderedJson(rate_hz);
}

std::int64_t durationNs(std::int64_t frames, double rate_hz) {
  // long double keeps a 64-bit mantissa: exact to the nanosecond for any length here.
  return static_cast<std::int64_t>(
      std::llround(static_cast<long double>(frames) * 1.0e9L / static_cast<long double>(rate_hz)));
}

void collectWarnings(ScenarioFolder &scenario) {
  auto &warnings = scenario.warnings;
  const auto &recordings = scenario.recordings;
  const std::size_t count = recordings.size();
  if (!scenario.manifest.weather_temperature_c) {
    warnings.push_back("no weather.temperature_c: the speed of sound must be assumed");
  }
  if (count < 3) {
    warnings.push_back(std::to_string(count) +
                       " sensor(s): locating a source needs at least 3, better 4 or more");
  }
  // Recordings that share no time with the rest cannot take part in any location.
  UtcNs commonStart = std::numeric_limits<UtcNs>::min();
  UtcNs commonEnd = std::numeric_limits<UtcNs>::max();
  for (std::size_t i = 0; i < count; ++i) {
    commonStart = std::max(commonStart, recordings[i].spec.start_utc_ns);
    commonEnd = std::min(commonEnd, recordings[i].end_utc_ns);
    if (count < 2) {
      continue;
    }
    bool overlaps = false;
    for (std::size_t j = 0; j < count && !overlaps; ++j) {
      overlaps = j != i && recordings[i].spec.start_utc_ns < recordings[j].end_utc_ns &&
                 recordings[j].spec.start_utc_ns < recordings[i].end_utc_ns;
    }
    if (!overlaps) {
      warnings.push_back("sensor " + recordings[i].spec.id +
                         " does not overlap in time with any other sensor");
    }
  }
  if (count >= 2 && commonStart >= commonEnd) {
    warnings.push_back("no instant is covered by every sensor's recording");
  }
  if (count >= 2) {
    std::vector<double> durations;
    std::vector<UtcNs> starts;
    for (const auto &recording : recordings) {
      durations.push_back(recording.duration_s);
      starts.push_back(recording.spec.start_utc_ns);
    }
    const double medianDuration_s = upperMedian(std::move(durations));
    const UtcNs medianStart = upperMedian(std::move(starts));
    for (const auto &recording : recordings) {
      if (recording.duration_s < 0.5 * medianDuration_s ||
          recording.duration_s > 2.0 * medianDuration_s) {
        warnings.push_back("sensor " + recording.spec.id + " records " +
                           seconds(recording.duration_s) + ", far from the median " +
                           seconds(medianDuration_s));
      }
      const double offset_s = nanosToSeconds(recording.spec.start_utc_ns - medianStart);
      if (std::abs(offset_s) > 1.0) {
        warnings.push_back("sensor " + recording.spec.id + " starts " +
                           seconds(std::abs(offset_s)) + (offset_s > 0 ? " after" : " before") +
                           " the median start: clock or recording problem?");
      }
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t j = i + 1; j < count; ++j) {
      const auto &a = recordings[i];
      const auto &b = recordings[j];
      if (slantDistance_m(a.spec.position, b.spec.position) < 0.5) {
        warnings.push_back("sensors " + a.spec.id + " and " + b.spec.id +
                           " are less than 0.5 m apart");
      }
      if (a.audio_path == b.audio_path) {
        warnings.push_back("sensors " + a.spec.id + " and " + b.spec.id + " share the audio file " +
                           a.spec.audio);
      }
    }
  }
}

} // namespace

ScenarioManifest readScenarioManifest(const std::filesystem::path &sensorsJson) {
  const std::string file = contract::pathLabel(sensorsJson);
  const QJsonObject root = contract::readJsonObjectFile(sensorsJson);
  const JsonFields top(root, file, "");
  ScenarioManifest manifest;
  manifest.format = top.string("format");
  checkFormat(manifest.format, file);
  manifest.name = top.string("name");
  if (const auto weather = top.optionalObject("weather")) {
    manifest.weather_temperature_c =
        JsonFields(*weather, file, "weather").optionalNumber("temperature_c");
    checkTemperature(manifest.weather_temperature_c, file);
  }
  const QJsonArray sensors = top.array("sensors");
  if (sensors.isEmpty()) {
    top.fail("sensors", "is empty: a scenario needs at least one sensor");
  }
  contract::DuplicateIds ids;
  for (qsizetype i = 0; i < sensors.size(); ++i) {
    const auto index = static_cast<std::size_t>(i);
    SensorSpec sensor = readSensor(top.objectAt(sensors.at(i), "sensors", i), index, file);
    checkSensor(sensor, index, file);
    ids.add(sensor.id, index, file, "sensor");
    manifest.sensors.push_back(std::move(sensor));
  }
  return manifest;
}

void writeScenarioManifest(const std::filesystem::path &sensorsJson,
                           const ScenarioManifest &manifest) {
  const std::string file = contract::pathLabel(sensorsJson);
  checkFormat(manifest.format, file);
  checkTemperature(manifest.weather_temperature_c, file);
  if (manifest.sensors.empty()) {
    throw InputError(file, "", "sensors", "is empty: a scenario needs at least one sensor");
  }
  contract::DuplicateIds ids;
  OrderedJson::Array sensors;
  for (std::size_t i = 0; i < manifest.sensors.size(); ++i) {
    const SensorSpec &sensor = manifest.sensors[i];
    checkSensor(sensor, i, file);
    ids.add(sensor.id, i, file, "sensor");
    sensors.push_back(OrderedJson::Object{
        {"id", sensor.id},
        {"lat", sensor.position.lat_deg},
        {"lon", sensor.position.lon_deg},
        {"alt_m", sensor.position.alt_m},
        {"audio", sensor.audio},
        {"sample_rate", sampleRateJson(sensor.sample_rate_hz)},
        {"full_scale_pa", sensor.full_scale_pa},
        {"start_utc_ns", sensor.start_utc_ns},
    });
  }
  OrderedJson::Object root{{"format", manifest.format}, {"name", manifest.name}};
  if (manifest.weather_temperature_c) {
    root.emplace_back("weather",
                      OrderedJson::Object{{"temperature_c", *manifest.weather_temperature_c}});
  }
  root.emplace_back("sensors", std::move(sensors));
  contract::writeTextFile(sensorsJson, contract::renderJson(root));
}

ScenarioFolder openScenarioFolder(const std::filesystem::path &folderOrManifest) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path given = fs::absolute(folderOrManifest, error);
  if (error || !fs::exists(given, error)) {
    throw InputError(contract::pathLabel(folderOrManifest), "", "",
                     "does not exist: expected a scenario folder or its sensors.json");
  }
  ScenarioFolder scenario;
  fs::path manifestPath;
  if (fs::is_directory(given, error)) {
    scenario.folder = given.lexically_normal();
    manifestPath = scenario.folder / "sensors.json";
  } else {
    manifestPath = given.lexically_normal();
    scenario.folder = manifestPath.parent_path();
  }
  scenario.manifest = readScenarioManifest(manifestPath);
  const std::string file = contract::pathLabel(manifestPath);

  for (std::size_t i = 0; i < scenario.manifest.sensors.size(); ++i) {
    const SensorSpec &spec = scenario.manifest.sensors[i];
    const std::string label = sensorLabel(spec.id, i);
    SensorRecording recording;
    recording.spec = spec;
    recording.audio_path = (scenario.folder / spec.audio).lexically_normal();
    const std::string where = "'" + spec.audio + "' (" + recording.audio_path.string() + ")";
    if (!fs::exists(recording.audio_path, error)) {
      throw InputError(file, label, "audio", where + " does not exist");
    }
    if (!fs::is_regular_file(recording.audio_path, error)) {
      throw InputError(file, label, "audio", where + " is not a file");
    }
    AudioFileInfo info;
    try {
      info = probeAudioFile(recording.audio_path);
    } catch (const InputError &probeError) {
      throw InputError(file, label, "audio", where + " cannot be read: " + probeError.problem());
    }
    if (info.channels != 1) {
      throw InputError(file, label, "audio",
                       where + " has " + std::to_string(info.channels) +
                           " channels, expected one (mono)");
    }
    if (info.frames <= 0) {
      throw InputError(file, label, "audio", where + " holds no samples");
    }
    if (std::abs(info.sample_rate_hz - spec.sample_rate_hz) > 1e-9 * spec.sample_rate_hz) {
      char text[160];
      std::snprintf(text, sizeof text, "is %g Hz but the audio file is recorded at %g Hz",
                    spec.sample_rate_hz, info.sample_rate_hz);
      throw InputError(file, label, "sample_rate", text + std::string(" (") + spec.audio + ")");
    }
    // A cut-short file still reads; the analyst must know its tail is missing.
    for (const std::string &warning : info.warnings) {
      scenario.warnings.push_back("sensor " + spec.id + ": " + warning);
    }
    if (info.truncated && info.warnings.empty()) {
      scenario.warnings.push_back("sensor " + spec.id + ": " + spec.audio +
                                  " is truncated: it holds less audio than its header says");
    }
    recording.frames = info.frames;
    recording.duration_s = static_cast<double>(info.frames) / spec.sample_rate_hz;
    const std::int64_t length_ns = durationNs(info.frames, spec.sample_rate_hz);
    if (spec.start_utc_ns > std::numeric_limits<UtcNs>::max() - length_ns) {
      throw InputError(file, label, "start_utc_ns",
                       "the recording would end after the last representable time (2262)");
    }
    recording.end_utc_ns = spec.start_utc_ns + length_ns;
    scenario.recordings.push_back(std::move(recording));
  }

  scenario.start_utc_ns = scenario.recordings.front().spec.start_utc_ns;
  scenario.end_utc_ns = scenario.recordings.front().end_utc_ns;
  for (const auto &recording : scenario.recordings) {
    scenario.start_utc_ns = std::min(scenario.start_utc_ns, recording.spec.start_utc_ns);
    scenario.end_utc_ns = std::max(scenario.end_utc_ns, recording.end_utc_ns);
  }
  collectWarnings(scenario);
  return scenario;
}

} // namespace salvo
