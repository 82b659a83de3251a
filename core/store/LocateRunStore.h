#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "detect/Pulse.h"

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace salvo {

class Database;

struct LocateRunSummary {
  std::vector<std::int64_t> incident_row_ids; // in the order of file.incidents
  std::int64_t evidence_clips = 0;
  std::int64_t pulses = 0; // pulses stored, linked to their incident and shot
  std::int64_t flac_bytes = 0;
  std::int64_t wav16_bytes = 0; // what the same clips take as 16-bit WAV
};

// Stores what `salvo-cli locate` found: the scenario's sensors, every incident with its
// shots and sensors, and each used sensor's audio around the incident as a FLAC
// evidence clip, all audited, in one transaction (all or nothing). Opens (creating
// and migrating) the database at `db`.
LocateRunSummary storeLocateRun(const std::filesystem::path &db, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                std::string_view actor = "salvo-cli locate");
LocateRunSummary storeLocateRun(Database &database, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                std::string_view actor = "salvo-cli locate");

// The same, also storing the pulses each incident was located from
// (matchIncidentPulses): `pulsesPerSensor` holds the detected pulses, one list a
// sensor in the scenario's order, as the detection step produced them.
LocateRunSummary storeLocateRun(const std::filesystem::path &db, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                std::string_view actor = "salvo-cli locate");
LocateRunSummary storeLocateRun(Database &database, const ScenarioFolder &scenario,
                                const IncidentsFile &incidents,
                                const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                std::string_view actor = "salvo-cli locate");

} // namespace salvo
