#pragma once

#include "store/SensorStore.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salvo::network {

// What is known about one sensor now: its last heartbeat, what the data says.
struct SensorHealthInput {
  std::string sensor_id;
  std::optional<SensorHealthSample> last_heartbeat; // none: never heard from
  std::optional<UtcNs> last_pulse_utc_ns;
  // Offset found by ClockFaultMonitor from location residuals (how late the clock reads).
  std::optional<double> residual_clock_offset_s;
};

struct HealthOptions {
  double offline_after_s = 300.0;      // no heartbeat for this long: offline
  double clock_fault_offset_s = 0.004; // |offset| above: clock fault (ClockFaultMonitor)
  double abnormal_noise_db = 10.0;     // floor this far above the network median
  double low_battery_v = 11.0;         // 12 V lead-acid nearly flat
  double max_enclosure_temperature_c = 70.0;
};

enum class AlarmKind { Offline, ClockFault, AbnormalNoise, LowBattery, Overheating };

struct HealthAlarm {
  AlarmKind kind = AlarmKind::Offline;
  std::string message; // plain English, names the sensor and the value
};

struct SensorHealthStatus {
  std::string sensor_id;
  bool online = false;
  std::optional<double> heartbeat_age_s;
  std::optional<bool> gps_lock;
  std::optional<double> clock_offset_s; // residuals first, the sensor's own report else
  std::optional<double> noise_floor_dbfs;
  std::optional<double> since_last_pulse_s;
  std::optional<double> battery_v;
  std::optional<double> temperature_c;
  std::vector<HealthAlarm> alarms;
};

const char *alarmName(AlarmKind kind);

// Per-sensor status and alarms at `now`. Abnormal noise compares each floor with the
// median of the online sensors (a whole city getting louder at night is not a fault).
std::vector<SensorHealthStatus> evaluateHealth(std::span<const SensorHealthInput> inputs,
                                               UtcNs now_utc_ns, const HealthOptions &options = {});

// The stored samples of one sensor between two times, oldest first (the store's
// sensor_health table; writes go through SensorStore::recordHealth).
std::vector<SensorHealthSample> readHealthHistory(Database &database, std::string_view sensorId,
                                                  UtcNs from_utc_ns, UtcNs to_utc_ns);

} // namespace salvo::network
