#pragma once

#include "geo/Wgs84.h"
#include "time/UtcTime.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvo {

enum class IncidentClass { Gunfire, Fireworks, Other };

// "gunfire", "fireworks", "other"
std::string_view incidentClassName(IncidentClass incidentClass);
std::optional<IncidentClass> parseIncidentClass(std::string_view name);

struct IncidentShot {
  UtcNs time_utc_ns = 0; // estimated emission time at the source
};

// One acoustic incident: a burst of shots from one place, a string of firecrackers,
// one firework shell (format "acoustic-incidents/1").
struct Incident {
  std::string id;        // "I0001"
  UtcNs time_utc_ns = 0; // emission time of the first shot
  GeodeticPosition position;
  double horizontal_error_m = 0.0; // 95 % radius
  IncidentClass incidentClass = IncidentClass::Other;
  double confidence = 0.0; // probability of incidentClass, 0..1
  int rounds = 0;
  std::vector<IncidentShot> shots;
  std::vector<std::string> sensors; // sensor ids used in the location
};

struct IncidentsFile {
  std::string format = "acoustic-incidents/1";
  std::string scenario;
  std::vector<Incident> incidents;
};

IncidentsFile readIncidentsFile(const std::filesystem::path &path);
void writeIncidentsFile(const std::filesystem::path &path, const IncidentsFile &file);

// Result of classifying one recording (format "acoustic-clip-class/1").
struct ClipClassification {
  std::string file;
  IncidentClass incidentClass = IncidentClass::Other;
  double confidence = 0.0;
  std::map<std::string, double> scores; // class name -> probability
};

ClipClassification readClipClassification(const std::filesystem::path &path);
void writeClipClassification(const std::filesystem::path &path, const ClipClassification &clip);
std::string clipClassificationToJson(const ClipClassification &clip);

} // namespace salvo
