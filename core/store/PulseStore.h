#pragma once

#include "contract/Incidents.h"
#include "detect/Pulse.h"
#include "geo/Wgs84.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// A pulse that one shot of an incident produced at one sensor.
struct IncidentPulse {
  std::size_t sensor_index = 0; // into the scenario's sensor list
  std::size_t shot_index = 0;   // into incident.shots
  const Pulse *pulse = nullptr;
};

// Which detected pulses an incident was located from: for every shot and every sensor
// the incident used, the pulse nearest to the predicted arrival (emission time plus
// travel time at `speedOfSound_mps`), within 50 ms plus the travel time of the 95 %
// error radius. A pulse is given to at most one shot. `sensorIndexOfIncidentSensor`
// holds, for each of incident.sensors, its index in `pulsesPerSensor` and
// `sensorPositions` (nothing for a sensor this run has no pulses of).
std::vector<IncidentPulse>
matchIncidentPulses(const Incident &incident,
                    const std::vector<std::optional<std::size_t>> &sensorIndexOfIncidentSensor,
                    const std::vector<GeodeticPosition> &sensorPositions,
                    const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                    double speedOfSound_mps);

struct StoredPulse {
  std::int64_t id = 0;
  std::int64_t incident = 0;
  std::string sensor; // sensor id ("S01")
  std::optional<std::int64_t> shot_index;
  UtcNs time_utc_ns = 0; // onset on the sensor's clock
  double peak_pa = 0.0;
  std::optional<double> peak_db_spl;
  std::optional<double> snr_db;
  bool clipped = false;
  bool likely_echo = false;
};

// Table pulses: each row one pulse, linked to its incident and shot, audited.
class PulseStore {
public:
  PulseStore(Database &database, std::string actor);

  // Inside the caller's transaction. `sensorRowId` is the sensors.id of the pulse's sensor.
  std::int64_t insertInTransaction(std::int64_t incidentRowId, std::int64_t sensorRowId,
                                   std::size_t shotIndex, const Pulse &pulse);
  // Ordered by shot, then sensor.
  std::vector<StoredPulse> pulsesOf(std::int64_t incidentRowId);

private:
  Database &database_;
  std::string actor_;
  AuditLog audit_;
  Statement insert_;
};

} // namespace salvo
