#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>

namespace salvo::storetest {

// A hand-made locate result for a shared scenario: every truth event as an incident
// at its true place and time, located by the first `sensorsUsed` sensors.
inline IncidentsFile incidentsFromTruth(const std::filesystem::path &scenarioFolder,
                                        const ScenarioFolder &scenario, std::size_t sensorsUsed) {
  QFile file(QString::fromStdString((scenarioFolder / "truth.json").string()));
  IncidentsFile result;
  result.scenario = scenario.manifest.name;
  if (!file.open(QIODevice::ReadOnly)) {
    return result;
  }
  const QJsonArray events =
      QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("events")).toArray();
  for (const QJsonValue &value : events) {
    const QJsonObject event = value.toObject();
    Incident incident;
    incident.id = event.value(QStringLiteral("id")).toString().toStdString();
    incident.time_utc_ns = event.value(QStringLiteral("time_utc_ns")).toVariant().toLongLong();
    incident.position = {event.value(QStringLiteral("lat")).toDouble(),
                         event.value(QStringLiteral("lon")).toDouble(),
                         event.value(QStringLiteral("alt_m")).toDouble()};
    incident.horizontal_error_m = 6.0;
    incident.incidentClass =
        parseIncidentClass(event.value(QStringLiteral("class")).toString().toStdString())
            .value_or(IncidentClass::Other);
    incident.confidence = 0.9;
    incident.rounds = event.value(QStringLiteral("rounds")).toInt();
    for (const QJsonValue &shot : event.value(QStringLiteral("shot_times_utc_ns")).toArray()) {
      incident.shots.push_back({shot.toVariant().toLongLong()});
    }
    for (std::size_t i = 0; i < sensorsUsed && i < scenario.recordings.size(); ++i) {
      incident.sensors.push_back(scenario.recordings[i].spec.id);
    }
    result.incidents.push_back(std::move(incident));
  }
  return result;
}

} // namespace salvo::storetest
