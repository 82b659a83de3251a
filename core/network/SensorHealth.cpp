#include "network/SensorHealth.h"

#include "common/Median.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace salvo::network {
namespace {

std::string format(const char *pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::optional<double> medianOnlineNoise(const std::vector<SensorHealthStatus> &statuses) {
  std::vector<double> floors;
  for (const SensorHealthStatus &s : statuses) {
    if (s.online && s.noise_floor_dbfs) {
      floors.push_back(*s.noise_floor_dbfs);
    }
  }
  if (floors.size() < 3) {
    return std::nullopt; // too few to call one of them abnormal
  }
  return upperMedian(std::move(floors));
}

SensorHealthStatus statusOf(const SensorHealthInput &in, UtcNs now, const HealthOptions &options) {
  SensorHealthStatus s;
  s.sensor_id = in.sensor_id;
  if (in.last_heartbeat) {
    const SensorHealthSample &hb = *in.last_heartbeat;
    s.heartbeat_age_s = static_cast<double>(now - hb.time_utc_ns) * 1e-9;
    s.online = *s.heartbeat_age_s <= options.offline_after_s;
    s.gps_lock = hb.gps_lock;
    s.noise_floor_dbfs = hb.noise_floor_dbfs;
    s.battery_v = hb.battery_v;
    s.temperature_c = hb.temperature_c;
    if (hb.clock_offset_ns) {
      s.clock_offset_s = static_cast<double>(*hb.clock_offset_ns) * 1e-9;
    }
  }
  if (in.residual_clock_offset_s) {
    s.clock_offset_s = in.residual_clock_offset_s;
  }
  if (in.last_pulse_utc_ns) {
    s.since_last_pulse_s = static_cast<double>(now - *in.last_pulse_utc_ns) * 1e-9;
  }
  const std::string &id = in.sensor_id;
  if (!s.online) {
    s.alarms.push_back({AlarmKind::Offline, s.heartbeat_age_s
                                                ? "Sensor '" + id + "' offline: last heartbeat " +
                                                      format("%.0f s ago.", *s.heartbeat_age_s)
                                                : "Sensor '" + id + "' offline: never reported."});
  }
  if (s.clock_offset_s && std::abs(*s.clock_offset_s) > options.clock_fault_offset_s) {
    s.alarms.push_back({AlarmKind::ClockFault, "Sensor '" + id + "' clock fault: offset " +
                                                   format("%.1f ms", *s.clock_offset_s * 1e3) +
                                                   (s.gps_lock == false ? ", no GPS lock." : ".")});
  }
  if (s.battery_v && *s.battery_v < options.low_battery_v) {
    s.alarms.push_back({AlarmKind::LowBattery,
                        "Sensor '" + id + "' battery low: " + format("%.1f V.", *s.battery_v)});
  }
  if (s.temperature_c && *s.temperature_c > options.max_enclosure_temperature_c) {
    s.alarms.push_back({AlarmKind::Overheating, "Sensor '" + id + "' enclosure at " +
                                                    format("%.0f °C.", *s.temperature_c)});
  }
  return s;
}

} // namespace

const char *alarmName(AlarmKind kind) {
  switch (kind) {
  case AlarmKind::Offline:
    return "offline";
  case AlarmKind::ClockFault:
    return "clock fault";
  case AlarmKind::AbnormalNoise:
    return "abnormal noise";
  case AlarmKind::LowBattery:
    return "low battery";
  case AlarmKind::Overheating:
    return "overheating";
  }
  return "alarm";
}

std::vector<SensorHealthStatus> evaluateHealth(std::span<const SensorHealthInput> inputs,
                                               UtcNs now_utc_ns, const HealthOptions &options) {
  std::vector<SensorHealthStatus> statuses;
  for (const SensorHealthInput &in : inputs) {
    statuses.push_back(statusOf(in, now_utc_ns, options));
  }
  const std::optional<double> median = medianOnlineNoise(statuses);
  for (SensorHealthStatus &s : statuses) {
    if (median && s.online && s.noise_floor_dbfs &&
        *s.noise_floor_dbfs > *median + options.abnormal_noise_db) {
      s.alarms.push_back(
          {AlarmKind::AbnormalNoise,
           "Sensor '" + s.sensor_id + "' noise floor " + format("%.1f dBFS", *s.noise_floor_dbfs) +
               format(", %.1f dB above the network median.", *s.noise_floor_dbfs - *median)});
    }
  }
  return statuses;
}

std::vector<SensorHealthSample> readHealthHistory(Database &database, std::string_view sensorId,
                                                  UtcNs from_utc_ns, UtcNs to_utc_ns) {
  Statement query(database,
                  "SELECT h.time_utc_ns, h.battery_v, h.temperature_c, h.noise_floor_dbfs, "
                  "h.clock_offset_ns, h.gps_lock FROM sensor_health h "
                  "JOIN sensors s ON s.id = h.sensor WHERE s.sensor_id = ?1 "
                  "AND h.time_utc_ns BETWEEN ?2 AND ?3 ORDER BY h.time_utc_ns");
  query.bind(1, sensorId)
      .bind(2, static_cast<std::int64_t>(from_utc_ns))
      .bind(3, static_cast<std::int64_t>(to_utc_ns));
  auto optionalReal = [&](int column) -> std::optional<double> {
    if (query.columnType(column) == Statement::ColumnType::Null) {
      return std::nullopt;
    }
    return query.columnDouble(column);
  };
  std::vector<SensorHealthSample> samples;
  while (query.step()) {
    SensorHealthSample s;
    s.time_utc_ns = query.columnInt64(0);
    s.battery_v = optionalReal(1);
    s.temperature_c = optionalReal(2);
    s.noise_floor_dbfs = optionalReal(3);
    s.clock_offset_ns = query.columnOptionalInt64(4);
    if (const auto lock = query.columnOptionalInt64(5)) {
      s.gps_lock = *lock != 0;
    }
    samples.push_back(s);
  }
  return samples;
}

} // namespace salvo::network
