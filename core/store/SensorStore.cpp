#include "store/SensorStore.h"

#include "store/AuditLog.h"
#include "store/StoreError.h"

namespace salvo {

SensorStore::SensorStore(Database &database, std::string actor)
    : database_(database), actor_(std::move(actor)) {}

std::optional<std::int64_t> SensorStore::rowIdOf(std::string_view sensorId) {
  Statement row(database_, "SELECT id FROM sensors WHERE sensor_id = ?");
  row.bind(1, sensorId);
  if (!row.step()) {
    return std::nullopt;
  }
  return row.columnInt64(0);
}

std::int64_t SensorStore::upsertInTransaction(const SensorSpec &sensor) {
  const std::string item = "sensor " + sensor.id;
  if (sensor.id.empty()) {
    throw InputError(database_.fileName(), item, "id", "is empty");
  }
  if (!isValidGeodetic(sensor.position)) {
    throw InputError(database_.fileName(), item, "position", "is not a valid WGS84 position");
  }
  if (!(sensor.sample_rate_hz > 0.0) || !(sensor.full_scale_pa > 0.0)) {
    throw InputError(database_.fileName(), item, "sample_rate", "must be positive");
  }
  Statement existing(database_, "SELECT id, lat, lon, alt_m, sample_rate_hz, full_scale_pa "
                                "FROM sensors WHERE sensor_id = ?");
  existing.bind(1, sensor.id);
  if (existing.step()) {
    const std::int64_t id = existing.columnInt64(0);
    const bool same = existing.columnDouble(1) == sensor.position.lat_deg &&
                      existing.columnDouble(2) == sensor.position.lon_deg &&
                      existing.columnDouble(3) == sensor.position.alt_m &&
                      existing.columnDouble(4) == sensor.sample_rate_hz &&
                      existing.columnDouble(5) == sensor.full_scale_pa;
    if (same) {
      return id;
    }
    Statement update(database_, "UPDATE sensors SET lat = ?, lon = ?, alt_m = ?, "
                                "sample_rate_hz = ?, full_scale_pa = ? WHERE id = ?");
    update.bind(1, sensor.position.lat_deg).bind(2, sensor.position.lon_deg);
    update.bind(3, sensor.position.alt_m).bind(4, sensor.sample_rate_hz);
    update.bind(5, sensor.full_scale_pa).bind(6, id);
    update.run();
    AuditLog(database_).recordRow(actor_, "update", "sensor", id);
    return id;
  }
  Statement insert(database_, "INSERT INTO sensors (sensor_id, lat, lon, alt_m, sample_rate_hz, "
                              "full_scale_pa) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, sensor.id).bind(2, sensor.position.lat_deg).bind(3, sensor.position.lon_deg);
  insert.bind(4, sensor.position.alt_m).bind(5, sensor.sample_rate_hz);
  insert.bind(6, sensor.full_scale_pa);
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(actor_, "insert", "sensor", id);
  return id;
}

std::int64_t SensorStore::recordHealth(std::string_view sensorId,
                                       const SensorHealthSample &sample) {
  Transaction transaction(database_);
  const std::optional<std::int64_t> sensor = rowIdOf(sensorId);
  if (!sensor) {
    throw InputError(database_.fileName(), "sensor " + std::string(sensorId), {}, "no such sensor");
  }
  Statement insert(database_, "INSERT INTO sensor_health (sensor, time_utc_ns, battery_v, "
                              "temperature_c, noise_floor_dbfs, clock_offset_ns, gps_lock) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, *sensor).bind(2, sample.time_utc_ns);
  auto bindOptional = [&](int index, const auto &value) {
    if (value) {
      insert.bind(index, *value);
    } else {
      insert.bindNull(index);
    }
  };
  bindOptional(3, sample.battery_v);
  bindOptional(4, sample.temperature_c);
  bindOptional(5, sample.noise_floor_dbfs);
  bindOptional(6, sample.clock_offset_ns);
  if (sample.gps_lock) {
    insert.bind(7, *sample.gps_lock ? 1 : 0);
  } else {
    insert.bindNull(7);
  }
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(actor_, "insert", "sensor_health", id);
  transaction.commit();
  return id;
}

} // namespace salvo
