#pragma once

#include "network/NetworkSensor.h"

#include <span>
#include <string>
#include <vector>

namespace salvo::network {

struct RegistryIssue {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string sensor_id; // the sensor the message is about (the first of a pair)
  std::string message;   // complete sentence naming the sensor(s) and the problem
};

struct RegistryValidationOptions {
  double min_separation_m = 1.0;   // closer: almost surely the same sensor entered twice
  double max_neighbour_m = 1500.0; // farther from every other: cannot join a location
  double min_alt_m = -500.0;
  double max_alt_m = 9000.0;
};

// Errors: empty or duplicate ids, NaN or out-of-range coordinates. Warnings: two
// sensors within `min_separation_m`, a sensor farther than `max_neighbour_m` from all
// others. Retired sensors are checked for ids only (they keep their id forever).
std::vector<RegistryIssue> validateRegistry(std::span<const NetworkSensor> sensors,
                                            const RegistryValidationOptions &options = {});

bool hasErrors(std::span<const RegistryIssue> issues);

} // namespace salvo::network
