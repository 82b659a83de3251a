#pragma once

#include "geo/Wgs84.h"

#include <limits>
#include <string>
#include <vector>

namespace salvo::network {

// One sensor as the network manager sees it: where it is and how noisy its site is.
enum class SensorStatus { Active, Offline, Proposed, Retired };

struct NetworkSensor {
  std::string id;
  GeodeticPosition position;
  // Background level in the detector's band at this site; NaN: the model's default.
  double noise_floor_db_spl = std::numeric_limits<double>::quiet_NaN();
  SensorStatus status = SensorStatus::Active;
};

// Active and proposed sensors listen; offline and retired ones do not.
inline bool isListening(const NetworkSensor &sensor) {
  return sensor.status == SensorStatus::Active || sensor.status == SensorStatus::Proposed;
}

const char *statusName(SensorStatus status);
// "active", "offline", "proposed", "retired" (any case); false when unknown.
bool parseStatus(const std::string &text, SensorStatus &status);

} // namespace salvo::network
