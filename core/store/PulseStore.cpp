#include "store/PulseStore.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <utility>

namespace salvo {

std::vector<IncidentPulse>
matchIncidentPulses(const Incident &incident,
                    const std::vector<std::optional<std::size_t>> &sensorIndexOfIncidentSensor,
                    const std::vector<GeodeticPosition> &sensorPositions,
                    const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                    double speedOfSound_mps) {
  std::vector<IncidentPulse> matched;
  const double tolerance_s = 0.05 + incident.horizontal_error_m / speedOfSound_mps;
  const auto tolerance_ns = static_cast<std::int64_t>(tolerance_s * 1e9);
  for (const std::optional<std::size_t> &sensorIndex : sensorIndexOfIncidentSensor) {
    if (!sensorIndex || *sensorIndex >= pulsesPerSensor.size() ||
        *sensorIndex >= sensorPositions.size()) {
      continue; // a sensor without pulses in this run
    }
    const std::vector<Pulse> &pulses = pulsesPerSensor[*sensorIndex];
    const auto travel_ns = static_cast<std::int64_t>(
        slantDistance_m(incident.position, sensorPositions[*sensorIndex]) / speedOfSound_mps * 1e9);
    std::set<const Pulse *> taken;
    for (std::size_t shot = 0; shot < incident.shots.size(); ++shot) {
      const UtcNs predicted_utc_ns = incident.shots[shot].time_utc_ns + travel_ns;
      // Pulses are in onset order: start at the first one that could match.
      auto it = std::lower_bound(
          pulses.begin(), pulses.end(), predicted_utc_ns - tolerance_ns,
          [](const Pulse &pulse, UtcNs time) { return pulse.onset_utc_ns < time; });
      const Pulse *best = nullptr;
      std::int64_t bestDistance_ns = std::numeric_limits<std::int64_t>::max();
      for (; it != pulses.end() && it->onset_utc_ns <= predicted_utc_ns + tolerance_ns; ++it) {
        const std::int64_t distance_ns = std::llabs(it->onset_utc_ns - predicted_utc_ns);
        if (distance_ns < bestDistance_ns && !taken.contains(&*it)) {
          best = &*it;
          bestDistance_ns = distance_ns;
        }
      }
      if (best) {
        taken.insert(best);
        matched.push_back({*sensorIndex, shot, best});
      }
    }
  }
  return matched;
}

PulseStore::PulseStore(Database &database, std::string actor)
    : database_(database), actor_(std::move(actor)), audit_(database),
      insert_(database, "INSERT INTO pulses (sensor, time_utc_ns, peak_pa, snr_db, incident, "
                        "shot_index, peak_db_spl, clipped, likely_echo) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

std::int64_t PulseStore::insertInTransaction(std::int64_t incidentRowId, std::int64_t sensorRowId,
                                             std::size_t shotIndex, const Pulse &pulse) {
  auto finiteOrNull = [this](int index, double value) {
    if (std::isfinite(value)) {
      insert_.bind(index, value == 0.0 ? 0.0 : value);
    } else {
      insert_.bindNull(index);
    }
  };
  insert_.bind(1, sensorRowId).bind(2, pulse.onset_utc_ns);
  insert_.bind(3, std::isfinite(pulse.peak_pa) ? pulse.peak_pa : 0.0);
  finiteOrNull(4, pulse.snr_db);
  insert_.bind(5, incidentRowId).bind(6, static_cast<std::int64_t>(shotIndex));
  finiteOrNull(7, pulse.peak_db_spl);
  insert_.bind(8, pulse.clipped ? 1 : 0).bind(9, pulse.likely_echo ? 1 : 0);
  insert_.run();
  const std::int64_t id = database_.lastInsertRowId();
  audit_.recordRow(actor_, "insert", "pulse", id);
  return id;
}

std::vector<StoredPulse> PulseStore::pulsesOf(std::int64_t incidentRowId) {
  Statement rows(database_,
                 "SELECT p.id, p.incident, s.sensor_id, p.shot_index, p.time_utc_ns, p.peak_pa, "
                 "p.peak_db_spl, p.snr_db, p.clipped, p.likely_echo FROM pulses p "
                 "JOIN sensors s ON s.id = p.sensor WHERE p.incident = ? "
                 "ORDER BY p.shot_index, s.sensor_id, p.time_utc_ns");
  rows.bind(1, incidentRowId);
  std::vector<StoredPulse> result;
  while (rows.step()) {
    StoredPulse pulse;
    pulse.id = rows.columnInt64(0);
    pulse.incident = rows.columnInt64(1);
    pulse.sensor = rows.columnText(2);
    pulse.shot_index = rows.columnOptionalInt64(3);
    pulse.time_utc_ns = rows.columnInt64(4);
    pulse.peak_pa = rows.columnDouble(5);
    if (rows.columnType(6) != Statement::ColumnType::Null) {
      pulse.peak_db_spl = rows.columnDouble(6);
    }
    if (rows.columnType(7) != Statement::ColumnType::Null) {
      pulse.snr_db = rows.columnDouble(7);
    }
    pulse.clipped = rows.columnInt64(8) != 0;
    pulse.likely_echo = rows.columnInt64(9) != 0;
    result.push_back(std::move(pulse));
  }
  return result;
}

} // namespace salvo
