#include "store/IncidentExport.h"

#include "store/Canonical.h"
#include "store/IncidentStore.h"

#include <charconv>
#include <string>

namespace salvo {
namespace {

std::string number(double value) {
  return canonicalNumber(value);
}

std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return quoted + "\"";
}

// The fields both JSON formats share, without braces.
std::string jsonFields(const StoredIncident &stored) {
  const Incident &incident = stored.incident;
  std::string text =
      "\"id\":" + canonicalNumber(stored.row_id) + ",\"label\":" + canonicalString(incident.id) +
      ",\"source\":" + canonicalString(stored.source) +
      ",\"time_utc_ns\":" + canonicalNumber(incident.time_utc_ns) +
      ",\"time_utc\":" + canonicalString(formatIso8601Utc(incident.time_utc_ns)) +
      ",\"lat\":" + number(incident.position.lat_deg) +
      ",\"lon\":" + number(incident.position.lon_deg) +
      ",\"alt_m\":" + number(incident.position.alt_m) +
      ",\"horizontal_error_m\":" + number(incident.horizontal_error_m) +
      ",\"class\":" + canonicalString(incidentClassName(incident.incidentClass)) +
      ",\"confidence\":" + number(incident.confidence) +
      ",\"rounds\":" + std::to_string(incident.rounds) +
      ",\"status\":" + canonicalString(incidentStatusName(stored.status)) + ",\"shots_utc_ns\":[";
  for (std::size_t i = 0; i < incident.shots.size(); ++i) {
    text += (i ? "," : "") + canonicalNumber(incident.shots[i].time_utc_ns);
  }
  text += "],\"sensors\":[";
  for (std::size_t i = 0; i < incident.sensors.size(); ++i) {
    text += (i ? "," : "") + canonicalString(incident.sensors[i]);
  }
  return text + "]";
}

} // namespace

std::optional<IncidentExportFormat> parseIncidentExportFormat(std::string_view name) {
  if (name == "json") {
    return IncidentExportFormat::Json;
  }
  if (name == "geojson") {
    return IncidentExportFormat::GeoJson;
  }
  if (name == "csv") {
    return IncidentExportFormat::Csv;
  }
  return std::nullopt;
}

std::int64_t exportIncidents(Database &database, std::ostream &out, IncidentExportFormat format) {
  IncidentStore store(database, "export");
  std::int64_t written = 0;
  switch (format) {
  case IncidentExportFormat::Json:
    out << "{\"format\":\"salvo-incident-export/1\",\"incidents\":[";
    store.forEach([&](const StoredIncident &stored) {
      out << (written++ ? ",\n" : "\n") << "{" << jsonFields(stored) << "}";
    });
    out << "\n]}\n";
    break;
  case IncidentExportFormat::GeoJson:
    out << "{\"type\":\"FeatureCollection\",\"features\":[";
    store.forEach([&](const StoredIncident &stored) {
      const GeodeticPosition &p = stored.incident.position;
      out << (written++ ? ",\n" : "\n") << "{\"type\":\"Feature\",\"id\":" << stored.row_id
          << ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << number(p.lon_deg) << ","
          << number(p.lat_deg) << "," << number(p.alt_m) << "]},\"properties\":{"
          << jsonFields(stored) << "}}";
    });
    out << "\n]}\n";
    break;
  case IncidentExportFormat::Csv:
    out << "id,label,source,time_utc_ns,time_utc,lat,lon,alt_m,horizontal_error_m,class,"
           "confidence,rounds,status,shots,sensors\r\n";
    store.forEach([&](const StoredIncident &stored) {
      const Incident &incident = stored.incident;
      std::string shots;
      for (const IncidentShot &shot : incident.shots) {
        shots += (shots.empty() ? "" : " ") + std::to_string(shot.time_utc_ns);
      }
      std::string sensors;
      for (const std::string &sensor : incident.sensors) {
        sensors += (sensors.empty() ? "" : " ") + sensor;
      }
      out << stored.row_id << "," << csvField(incident.id) << "," << csvField(stored.source) << ","
          << incident.time_utc_ns << "," << formatIso8601Utc(incident.time_utc_ns) << ","
          << number(incident.position.lat_deg) << "," << number(incident.position.lon_deg) << ","
          << number(incident.position.alt_m) << "," << number(incident.horizontal_error_m) << ","
          << incidentClassName(incident.incidentClass) << "," << number(incident.confidence) << ","
          << incident.rounds << "," << incidentStatusName(stored.status) << "," << csvField(shots)
          << "," << csvField(sensors) << "\r\n";
      ++written;
    });
    break;
  }
  out.flush();
  return written;
}

} // namespace salvo
