#include "contract/Incidents.h"

#include "common/InputError.h"
#include "contract/ContractJson.h"

#include <array>
#include <cmath>

namespace salvo {
namespace {

using contract::JsonFields;
using contract::OrderedJson;

constexpr const char *kIncidentsFormat = "acoustic-incidents/1";
constexpr const char *kClipFormat = "acoustic-clip-class/1";

constexpr std::array<IncidentClass, 3> kClasses{IncidentClass::Gunfire, IncidentClass::Fireworks,
                                                IncidentClass::Other};

std::string incidentLabel(const std::string &id, std::size_t index) {
  return id.empty() ? "incident #" + std::to_string(index + 1) : "incident " + id;
}

void checkFormat(const std::string &format, const char *expected, const std::string &file) {
  if (format != expected) {
    throw InputError(file, "", "format",
                     "is '" + format + "', expected '" + std::string(expected) + "'");
  }
}

IncidentClass readClass(const JsonFields &fields, const char *field) {
  const std::string name = fields.string(field);
  const auto parsed = parseIncidentClass(name);
  if (!parsed) {
    fields.fail(field, "is '" + name + "', expected gunfire, fireworks or other");
  }
  return *parsed;
}

void checkProbability(double value, const std::string &file, const std::string &item,
                      const char *field) {
  contract::checkRange(value, 0.0, 1.0, file, item, field);
}

void checkIncident(const Incident &incident, std::size_t index, const std::string &file) {
  const std::string label = incidentLabel(incident.id, index);
  if (incident.id.empty()) {
    throw InputError(file, label, "id", "is empty");
  }
  contract::checkLatLon(incident.position.lat_deg, incident.position.lon_deg, file, label);
  contract::checkFinite(incident.position.alt_m, file, label, "alt_m");
  // Half the earth's circumference bounds any radius that still means something.
  contract::checkRange(incident.horizontal_error_m, 0.0, 2.0e7, file, label, "horizontal_error_m",
                       " m");
  checkProbability(incident.confidence, file, label, "confidence");
  if (incident.rounds < 1) {
    throw InputError(file, label, "rounds",
                     "is " + std::to_string(incident.rounds) + ", an incident has at least 1");
  }
  for (std::size_t i = 0; i < incident.sensors.size(); ++i) {
    if (incident.sensors[i].empty()) {
      throw InputError(file, label, "sensors[" + std::to_string(i) + "]", "is empty");
    }
  }
}

Incident readIncident(const QJsonObject &object, std::size_t index, const std::string &file) {
  const QJsonValue idValue = object.value(QLatin1String("id"));
  const std::string id = idValue.isString() ? idValue.toString().toStdString() : std::string();
  const JsonFields fields(object, file, incidentLabel(id, index));
  Incident incident;
  incident.id = fields.nonEmptyString("id");
  incident.time_utc_ns = fields.timeNs("time_utc_ns");
  incident.position.lat_deg = fields.number("lat");
  incident.position.lon_deg = fields.number("lon");
  incident.position.alt_m = fields.number("alt_m");
  incident.horizontal_error_m = fields.number("horizontal_error_m");
  incident.incidentClass = readClass(fields, "class");
  incident.confidence = fields.number("confidence");
  const std::int64_t rounds = fields.integer("rounds");
  if (rounds < 1 || rounds > 1'000'000) {
    fields.fail("rounds", "is " + std::to_string(rounds) + ", expected 1 or more");
  }
  incident.rounds = static_cast<int>(rounds);
  const QJsonArray shots = fields.array("shots");
  for (qsizetype i = 0; i < shots.size(); ++i) {
    const QJsonObject shot = fields.objectAt(shots.at(i), "shots", i);
    const JsonFields shotFields(shot, file, fields.item() + ": shots[" + std::to_string(i) + "]");
    incident.shots.push_back({shotFields.timeNs("time_utc_ns")});
  }
  const QJsonArray sensors = fields.array("sensors");
  for (qsizetype i = 0; i < sensors.size(); ++i) {
    incident.sensors.push_back(fields.nonEmptyStringAt(sensors.at(i), "sensors", i));
  }
  return incident;
}

OrderedJson incidentJson(const Incident &incident) {
  OrderedJson::Array shots;
  for (const IncidentShot &shot : incident.shots) {
    shots.push_back(OrderedJson::Object{{"time_utc_ns", shot.time_utc_ns}});
  }
  OrderedJson::Array sensors;
  for (const std::string &sensor : incident.sensors) {
    sensors.push_back(sensor);
  }
  return OrderedJson::Object{
      {"id", incident.id},
      {"time_utc_ns", incident.time_utc_ns},
      {"lat", incident.position.lat_deg},
      {"lon", incident.position.lon_deg},
      {"alt_m", incident.position.alt_m},
      {"horizontal_error_m", incident.horizontal_error_m},
      {"class", std::string(incidentClassName(incident.incidentClass))},
      {"confidence", incident.confidence},
      {"rounds", incident.rounds},
      {"shots", std::move(shots)},
      {"sensors", std::move(sensors)},
  };
}

void checkClip(const ClipClassification &clip, const std::string &file) {
  checkProbability(clip.confidence, file, "", "confidence");
  for (const auto &[name, score] : clip.scores) {
    if (!parseIncidentClass(name)) {
      throw InputError(file, "", "scores",
                       "has class '" + name + "', expected gunfire, fireworks or other");
    }
    const std::string field = "scores." + name;
    checkProbability(score, file, "", field.c_str());
  }
}

OrderedJson clipJson(const ClipClassification &clip, const std::string &file) {
  checkClip(clip, file);
  OrderedJson::Object scores;
  // Class order, not alphabetical: gunfire, fireworks, other, as in the contract.
  for (const IncidentClass incidentClass : kClasses) {
    const auto it = clip.scores.find(std::string(incidentClassName(incidentClass)));
    if (it != clip.scores.end()) {
      scores.emplace_back(it->first, it->second);
    }
  }
  return OrderedJson::Object{
      {"format", kClipFormat},
      {"file", clip.file},
      {"class", std::string(incidentClassName(clip.incidentClass))},
      {"confidence", clip.confidence},
      {"scores", std::move(scores)},
  };
}

} // namespace

std::string_view incidentClassName(IncidentClass incidentClass) {
  switch (incidentClass) {
  case IncidentClass::Gunfire:
    return "gunfire";
  case IncidentClass::Fireworks:
    return "fireworks";
  case IncidentClass::Other:
    return "other";
  }
  return "other";
}

std::optional<IncidentClass> parseIncidentClass(std::string_view name) {
  for (const IncidentClass incidentClass : kClasses) {
    if (incidentClassName(incidentClass) == name) {
      return incidentClass;
    }
  }
  return std::nullopt;
}

IncidentsFile readIncidentsFile(const std::filesystem::path &path) {
  const std::string file = contract::pathLabel(path);
  const JsonFields top(contract::readJsonObjectFile(path), file, "");
  IncidentsFile result;
  result.format = top.string("format");
  checkFormat(result.format, kIncidentsFormat, file);
  result.scenario = top.string("scenario");
  const QJsonArray incidents = top.array("incidents");
  contract::DuplicateIds ids;
  for (qsizetype i = 0; i < incidents.size(); ++i) {
    const auto index = static_cast<std::size_t>(i);
    Incident incident = readIncident(top.objectAt(incidents.at(i), "incidents", i), index, file);
    checkIncident(incident, index, file);
    ids.add(incident.id, index, file, "incident");
    result.incidents.push_back(std::move(incident));
  }
  return result;
}

void writeIncidentsFile(const std::filesystem::path &path, const IncidentsFile &incidentsFile) {
  const std::string file = contract::pathLabel(path);
  checkFormat(incidentsFile.format, kIncidentsFormat, file);
  contract::DuplicateIds ids;
  OrderedJson::Array incidents;
  for (std::size_t i = 0; i < incidentsFile.incidents.size(); ++i) {
    const Incident &incident = incidentsFile.incidents[i];
    checkIncident(incident, i, file);
    ids.add(incident.id, i, file, "incident");
    incidents.push_back(incidentJson(incident));
  }
  const OrderedJson::Object root{{"format", incidentsFile.format},
                                 {"scenario", incidentsFile.scenario},
                                 {"incidents", std::move(incidents)}};
  contract::writeTextFile(path, contract::renderJson(root));
}

ClipClassification readClipClassification(const std::filesystem::path &path) {
  const std::string file = contract::pathLabel(path);
  const JsonFields top(contract::readJsonObjectFile(path), file, "");
  checkFormat(top.string("format"), kClipFormat, file);
  ClipClassification clip;
  clip.file = top.string("file");
  clip.incidentClass = readClass(top, "class");
  clip.confidence = top.number("confidence");
  const QJsonObject scores = top.object("scores");
  const JsonFields scoreFields(scores, file, "");
  for (auto it = scores.begin(); it != scores.end(); ++it) {
    const std::string name = it.key().toStdString();
    const QByteArray key = it.key().toUtf8();
    double score = 0.0;
    try {
      score = scoreFields.number(key.constData());
    } catch (const InputError &error) {
      throw InputError(file, "", "scores." + name, error.problem());
    }
    clip.scores.emplace(name, score);
  }
  checkClip(clip, file);
  return clip;
}

void writeClipClassification(const std::filesystem::path &path, const ClipClassification &clip) {
  contract::writeTextFile(path, contract::renderJson(clipJson(clip, contract::pathLabel(path))));
}

std::string clipClassificationToJson(const ClipClassification &clip) {
  return contract::renderJson(clipJson(clip, "clip classification"));
}

} // namespace salvo
