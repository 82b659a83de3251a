#pragma once

#include "contract/Scenario.h"
#include "store/Database.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salvo {

// One health report of a sensor (battery, temperature, noise floor, GPS clock).
struct SensorHealthSample {
  UtcNs time_utc_ns = 0;
  std::optional<double> battery_v;
  std::optional<double> temperature_c;
  std::optional<double> noise_floor_dbfs;
  std::optional<std::int64_t> clock_offset_ns;
  std::optional<bool> gps_lock;
};

// Sensors of the network and their health samples, audited.
class SensorStore {
public:
  SensorStore(Database &database, std::string actor);

  // Inside the caller's transaction: inserts the sensor, or updates it (audited as an
  // update) when its position or calibration changed. Returns the sensor's row id.
  std::int64_t upsertInTransaction(const SensorSpec &sensor);
  // Own transaction.
  std::int64_t recordHealth(std::string_view sensorId, const SensorHealthSample &sample);
  std::optional<std::int64_t> rowIdOf(std::string_view sensorId);

private:
  Database &database_;
  std::string actor_;
};

} // namespace salvo
