#include "network/RegistryValidation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace salvo::network {
namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f m", value);
  return text;
}

std::string positionProblem(const NetworkSensor &s, const RegistryValidationOptions &options) {
  const GeodeticPosition &p = s.position;
  if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || !std::isfinite(p.alt_m)) {
    return "has a position that is not a number";
  }
  if (p.lat_deg < -90.0 || p.lat_deg > 90.0) {
    return "has latitude " + std::to_string(p.lat_deg) + " outside -90..90 degrees";
  }
  if (p.lon_deg < -180.0 || p.lon_deg > 180.0) {
    return "has longitude " + std::to_string(p.lon_deg) + " outside -180..180 degrees";
  }
  if (p.alt_m < options.min_alt_m || p.alt_m > options.max_alt_m) {
    return "has altitude " + metres(p.alt_m) + " outside " + metres(options.min_alt_m) + " to " +
           metres(options.max_alt_m);
  }
  return {};
}

void checkIds(std::span<const NetworkSensor> sensors, std::vector<RegistryIssue> &issues) {
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    const std::string &id = sensors[i].id;
    if (id.empty()) {
      issues.push_back({RegistryIssue::Severity::Error, id,
                        "Sensor in row " + std::to_string(i + 1) + " has no id."});
    } else if (++seen[id] == 2) {
      issues.push_back(
          {RegistryIssue::Severity::Error, id, "Sensor id '" + id + "' is used more than once."});
    }
  }
}

void checkSpacing(std::span<const NetworkSensor> sensors, const std::vector<std::size_t> &placed,
                  const RegistryValidationOptions &options, std::vector<RegistryIssue> &issues) {
  std::vector<double> nearest(placed.size(), std::numeric_limits<double>::infinity());
  for (std::size_t a = 0; a < placed.size(); ++a) {
    for (std::size_t b = a + 1; b < placed.size(); ++b) {
      const NetworkSensor &sa = sensors[placed[a]];
      const NetworkSensor &sb = sensors[placed[b]];
      const double d = slantDistance_m(sa.position, sb.position);
      nearest[a] = std::min(nearest[a], d);
      nearest[b] = std::min(nearest[b], d);
      if (d < options.min_separation_m) {
        issues.push_back({RegistryIssue::Severity::Warning, sa.id,
                          "Sensors '" + sa.id + "' and '" + sb.id + "' are only " + metres(d) +
                              " apart (same sensor entered twice?)."});
      }
    }
  }
  for (std::size_t a = 0; a < placed.size() && placed.size() > 1; ++a) {
    if (nearest[a] > options.max_neighbour_m) {
      const NetworkSensor &s = sensors[placed[a]];
      issues.push_back({RegistryIssue::Severity::Warning, s.id,
                        "Sensor '" + s.id + "' is " + metres(nearest[a]) +
                            " from its nearest neighbour (more than " +
                            metres(options.max_neighbour_m) + "): it cannot help locate shots."});
    }
  }
}

} // namespace

std::vector<RegistryIssue> validateRegistry(std::span<const NetworkSensor> sensors,
                                            const RegistryValidationOptions &options) {
  std::vector<RegistryIssue> issues;
  checkIds(sensors, issues);
  std::vector<std::size_t> placed;
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    const NetworkSensor &s = sensors[i];
    const std::string problem = positionProblem(s, options);
    if (!problem.empty()) {
      issues.push_back(
          {RegistryIssue::Severity::Error, s.id, "Sensor '" + s.id + "' " + problem + "."});
    } else if (s.status != SensorStatus::Retired) {
      placed.push_back(i);
    }
  }
  checkSpacing(sensors, placed, options, issues);
  return issues;
}

bool hasErrors(std::span<const RegistryIssue> issues) {
  return std::any_of(issues.begin(), issues.end(), [](const RegistryIssue &i) {
    return i.severity == RegistryIssue::Severity::Error;
  });
}

} // namespace salvo::network
