#include "store/LocateRunStore.h"

#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/PulseStore.h"
#include "store/SchemaMigrations.h"
#include "store/SensorStore.h"

#include <map>
#include <optional>
#include <string>

namespace salvo {

LocateRunSummary storeLocateRun(const std::filesystem::path &db, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents, std::string_view actor) {
  Database database = openStore(db);
  return storeLocateRun(database, scenario, incidents, {}, actor);
}

LocateRunSummary storeLocateRun(Database &database, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents, std::string_view actor) {
  return storeLocateRun(database, scenario, incidents, {}, actor);
}

LocateRunSummary storeLocateRun(const std::filesystem::path &db, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                std::string_view actor) {
  Database database = openStore(db);
  return storeLocateRun(database, scenario, incidents, pulsesPerSensor, actor);
}

LocateRunSummary storeLocateRun(Database &database, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                std::string_view actor) {
  const std::string actorName(actor);
  const std::string source =
      incidents.scenario.empty() ? scenario.manifest.name : incidents.scenario;
  const double speed_mps =
      speedOfSoundInAir_mps(scenario.manifest.weather_temperature_c.value_or(15.0));
  std::map<std::string, const SensorRecording *> recordings;
  std::map<std::string, std::size_t> sensorIndex;
  std::vector<GeodeticPosition> sensorPositions;
  for (const SensorRecording &recording : scenario.recordings) {
    recordings[recording.spec.id] = &recording;
    sensorIndex[recording.spec.id] = sensorPositions.size();
    sensorPositions.push_back(recording.spec.position);
  }

  LocateRunSummary summary;
  Transaction transaction(database);
  SensorStore sensors(database, actorName);
  std::vector<std::int64_t> sensorRowIds;
  for (const SensorRecording &recording : scenario.recordings) {
    sensorRowIds.push_back(sensors.upsertInTransaction(recording.spec));
  }
  IncidentStore store(database, actorName);
  EvidenceStore evidence(database, actorName);
  PulseStore pulses(database, actorName);
  for (const Incident &incident : incidents.incidents) {
    const std::int64_t rowId = store.insertInTransaction(incident, source);
    summary.incident_row_ids.push_back(rowId);
    if (!pulsesPerSensor.empty()) {
      std::vector<std::optional<std::size_t>> indexOfUsed;
      for (const std::string &sensorId : incident.sensors) {
        const auto found = sensorIndex.find(sensorId);
        indexOfUsed.push_back(found == sensorIndex.end() ? std::nullopt
                                                         : std::optional(found->second));
      }
      for (const IncidentPulse &used : matchIncidentPulses(incident, indexOfUsed, sensorPositions,
                                                           pulsesPerSensor, speed_mps)) {
        pulses.insertInTransaction(rowId, sensorRowIds[used.sensor_index], used.shot_index,
                                   *used.pulse);
        ++summary.pulses;
      }
    }
    for (const std::string &sensorId : incident.sensors) {
      const auto found = recordings.find(sensorId);
      if (found == recordings.end()) {
        // A sensor stored by an earlier run but absent from this scenario: no audio here.
        continue;
      }
      if (evidence.storeRecordingClipInTransaction(rowId, incident, *found->second, speed_mps)) {
        ++summary.evidence_clips;
      }
    }
    for (const EvidenceClipInfo &clip : evidence.clipsOf(rowId)) {
      summary.flac_bytes += clip.flac_bytes;
      summary.wav16_bytes += 44 + 2 * clip.frames;
    }
  }
  transaction.commit();
  return summary;
}

} // namespace salvo
