#include "network/NetworkSensor.h"

#include <algorithm>
#include <cctype>

namespace salvo::network {

const char *statusName(SensorStatus status) {
  switch (status) {
  case SensorStatus::Active:
    return "active";
  case SensorStatus::Offline:
    return "offline";
  case SensorStatus::Proposed:
    return "proposed";
  case SensorStatus::Retired:
    return "retired";
  }
  return "active";
}

bool parseStatus(const std::string &text, SensorStatus &status) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (SensorStatus s : {SensorStatus::Active, SensorStatus::Offline, SensorStatus::Proposed,
                         SensorStatus::Retired}) {
    if (lower == statusName(s)) {
      status = s;
      return true;
    }
  }
  return false;
}

} // namespace salvo::network
