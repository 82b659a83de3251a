#include "contract/Truth.h"

#include "common/InputError.h"
#include "contract/ContractJson.h"

namespace salvo {
namespace {

using contract::JsonFields;
using contract::OrderedJson;

constexpr const char *kTruthFormat = "acoustic-truth/1";

std::string label(const char *what, const std::string &id, std::size_t index) {
  return id.empty() ? std::string(what) + " #" + std::to_string(index + 1)
                    : std::string(what) + " " + id;
}

std::string idOf(const QJsonObject &object) {
  const QJsonValue value = object.value(QLatin1String("id"));
  return value.isString() ? value.toString().toStdString() : std::string();
}

void checkTop(const ScenarioTruth &truth, const std::string &file) {
  if (truth.format != kTruthFormat) {
    throw InputError(file, "", "format",
                     "is '" + truth.format + "', expected '" + std::string(kTruthFormat) + "'");
  }
  contract::checkRange(truth.temperature_c, -100.0, 70.0, file, "", "temperature_c", " °C");
  contract::checkPositive(truth.speed_of_sound_mps, file, "", "speed_of_sound_mps");
}

void checkEvent(const TruthEvent &event, std::size_t index, const std::string &file) {
  const std::string item = label("event", event.id, index);
  if (event.id.empty()) {
    throw InputError(file, item, "id", "is empty");
  }
  if (event.rounds < 1) {
    throw InputError(file, item, "rounds",
                     "is " + std::to_string(event.rounds) + ", an event has at least 1");
  }
  if (event.shot_times_utc_ns.empty()) {
    throw InputError(file, item, "shot_times_utc_ns", "is empty");
  }
  contract::checkLatLon(event.position.lat_deg, event.position.lon_deg, file, item);
  contract::checkFinite(event.position.alt_m, file, item, "alt_m");
  if (event.burst_height_m) {
    contract::checkFinite(*event.burst_height_m, file, item, "burst_height_m");
  }
}

void checkSensor(const TruthSensor &sensor, std::size_t index, const std::string &file) {
  const std::string item = label("sensor", sensor.id, index);
  if (sensor.id.empty()) {
    throw InputError(file, item, "id", "is empty");
  }
  contract::checkFinite(sensor.clock_error_s, file, item, "clock_error_s");
}

TruthEvent readEvent(const QJsonObject &object, std::size_t index, const std::string &file) {
  const JsonFields fields(object, file, label("event", idOf(object), index));
  TruthEvent event;
  event.id = fields.nonEmptyString("id");
  const std::string className = fields.string("class");
  const auto eventClass = parseIncidentClass(className);
  if (!eventClass) {
    fields.fail("class", "is '" + className + "', expected gunfire, fireworks or other");
  }
  event.eventClass = *eventClass;
  event.subclass = fields.string("subclass");
  const std::int64_t rounds = fields.integer("rounds");
  if (rounds < 1 || rounds > 1'000'000) {
    fields.fail("rounds", "is " + std::to_string(rounds) + ", expected 1 or more");
  }
  event.rounds = static_cast<int>(rounds);
  event.time_utc_ns = fields.timeNs("time_utc_ns");
  const QJsonArray shots = fields.array("shot_times_utc_ns");
  for (qsizetype i = 0; i < shots.size(); ++i) {
    event.shot_times_utc_ns.push_back(fields.timeNsAt(shots.at(i), "shot_times_utc_ns", i));
  }
  event.position.lat_deg = fields.number("lat");
  event.position.lon_deg = fields.number("lon");
  event.position.alt_m = fields.number("alt_m");
  event.weapon = fields.optionalString("weapon");
  event.automatic = fields.optionalBoolean("automatic");
  event.burst_height_m = fields.optionalNumber("burst_height_m");
  event.extra_json =
      fields.extras({"id", "class", "subclass", "rounds", "time_utc_ns", "shot_times_utc_ns", "lat",
                     "lon", "alt_m", "weapon", "automatic", "burst_height_m"});
  return event;
}

TruthSensor readSensor(const QJsonObject &object, std::size_t index, const std::string &file) {
  const JsonFields fields(object, file, label("sensor", idOf(object), index));
  TruthSensor sensor;
  sensor.id = fields.nonEmptyString("id");
  sensor.nlos = fields.boolean("nlos");
  sensor.clock_error_s = fields.number("clock_error_s");
  sensor.extra_json = fields.extras({"id", "nlos", "clock_error_s"});
  return sensor;
}

} // namespace

ScenarioTruth readScenarioTruth(const std::filesystem::path &truthJson) {
  const std::string file = contract::pathLabel(truthJson);
  const JsonFields top(contract::readJsonObjectFile(truthJson), file, "");
  ScenarioTruth truth;
  truth.format = top.string("format");
  if (truth.format != kTruthFormat) {
    top.fail("format", "is '" + truth.format + "', expected '" + std::string(kTruthFormat) + "'");
  }
  truth.temperature_c = top.number("temperature_c");
  truth.speed_of_sound_mps = top.number("speed_of_sound_mps");
  checkTop(truth, file);
  const QJsonArray events = top.array("events");
  contract::DuplicateIds eventIds;
  for (qsizetype i = 0; i < events.size(); ++i) {
    const auto index = static_cast<std::size_t>(i);
    TruthEvent event = readEvent(top.objectAt(events.at(i), "events", i), index, file);
    checkEvent(event, index, file);
    eventIds.add(event.id, index, file, "event");
    truth.events.push_back(std::move(event));
  }
  const QJsonArray sensors = top.array("sensors");
  contract::DuplicateIds sensorIds;
  for (qsizetype i = 0; i < sensors.size(); ++i) {
    const auto index = static_cast<std::size_t>(i);
    TruthSensor sensor = readSensor(top.objectAt(sensors.at(i), "sensors", i), index, file);
    checkSensor(sensor, index, file);
    sensorIds.add(sensor.id, index, file, "sensor");
    truth.sensors.push_back(std::move(sensor));
  }
  truth.extra_json =
      top.extras({"format", "temperature_c", "speed_of_sound_mps", "events", "sensors"});
  return truth;
}

void writeScenarioTruth(const std::filesystem::path &truthJson, const ScenarioTruth &truth) {
  const std::string file = contract::pathLabel(truthJson);
  checkTop(truth, file);
  contract::DuplicateIds eventIds;
  OrderedJson::Array events;
  for (std::size_t i = 0; i < truth.events.size(); ++i) {
    const TruthEvent &event = truth.events[i];
    checkEvent(event, i, file);
    eventIds.add(event.id, i, file, "event");
    // Built in one go, not by push_back: GCC 12 reports a false -Wmaybe-uninitialized
    // when a vector of variants reallocates here.
    OrderedJson::Array shots(event.shot_times_utc_ns.begin(), event.shot_times_utc_ns.end());
    OrderedJson::Object object{
        {"id", event.id},
        {"class", std::string(incidentClassName(event.eventClass))},
        {"subclass", event.subclass},
        {"rounds", event.rounds},
        {"time_utc_ns", event.time_utc_ns},
        {"shot_times_utc_ns", std::move(shots)},
        {"lat", event.position.lat_deg},
        {"lon", event.position.lon_deg},
        {"alt_m", event.position.alt_m},
    };
    if (event.weapon) {
      object.emplace_back("weapon", *event.weapon);
    }
    if (event.automatic) {
      object.emplace_back("automatic", *event.automatic);
    }
    if (event.burst_height_m) {
      object.emplace_back("burst_height_m", *event.burst_height_m);
    }
    contract::appendExtras(object, event.extra_json, file, label("event", event.id, i));
    events.push_back(std::move(object));
  }
  contract::DuplicateIds sensorIds;
  OrderedJson::Array sensors;
  for (std::size_t i = 0; i < truth.sensors.size(); ++i) {
    const TruthSensor &sensor = truth.sensors[i];
    checkSensor(sensor, i, file);
    sensorIds.add(sensor.id, i, file, "sensor");
    OrderedJson::Object object{
        {"id", sensor.id}, {"nlos", sensor.nlos}, {"clock_error_s", sensor.clock_error_s}};
    contract::appendExtras(object, sensor.extra_json, file, label("sensor", sensor.id, i));
    sensors.push_back(std::move(object));
  }
  OrderedJson::Object root{{"format", truth.format},
                           {"temperature_c", truth.temperature_c},
                           {"speed_of_sound_mps", truth.speed_of_sound_mps},
                           {"events", std::move(events)},
                           {"sensors", std::move(sensors)}};
  contract::appendExtras(root, truth.extra_json, file, "");
  contract::writeTextFile(truthJson, contract::renderJson(root));
}

} // namespace salvo
