#pragma once

#include "contract/Incidents.h"
#include "geo/Wgs84.h"
#include "time/UtcTime.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// Ground truth of a scenario (`truth.json`, format "acoustic-truth/1"). Written by the
// simulator, read only by evaluation: the processing never looks at it.
struct TruthEvent {
  std::string id;
  IncidentClass eventClass = IncidentClass::Other;
  std::string subclass; // free text: "handgun", "aerial_shell", "door_slam", ...
  int rounds = 0;
  UtcNs time_utc_ns = 0;
  std::vector<UtcNs> shot_times_utc_ns;
  GeodeticPosition position; // where the event starts (a shell's launch site)
  // Optional extras the shared samples carry; written when set.
  std::optional<std::string> weapon;
  std::optional<bool> automatic;
  std::optional<double> burst_height_m;
  // Any other field (the shared samples carry east_m, north_m), as compact JSON text
  // by name; written back after the known fields so a file round-trips.
  std::map<std::string, std::string> extra_json{};
};

struct TruthSensor {
  std::string id;
  bool nlos = false;
  double clock_error_s = 0.0;
  std::map<std::string, std::string> extra_json{}; // as in TruthEvent
};

struct ScenarioTruth {
  std::string format = "acoustic-truth/1";
  double temperature_c = 0.0;
  double speed_of_sound_mps = 0.0;
  std::vector<TruthEvent> events;
  std::vector<TruthSensor> sensors;
  std::map<std::string, std::string> extra_json{}; // as in TruthEvent
};

ScenarioTruth readScenarioTruth(const std::filesystem::path &truthJson);
void writeScenarioTruth(const std::filesystem::path &truthJson, const ScenarioTruth &truth);

} // namespace salvo
