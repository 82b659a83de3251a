#pragma once

#include <optional>
#include <ostream>
#include <string_view>

namespace salvo {

class Database;

enum class IncidentExportFormat { Json, GeoJson, Csv };
std::optional<IncidentExportFormat> parseIncidentExportFormat(std::string_view name);

// Writes every incident, one at a time, so a store of millions exports in constant
// memory.
//  Json:    {"format":"salvo-incident-export/1","incidents":[...]} with shots, sensors.
//  GeoJson: an RFC 7946 FeatureCollection of Points ([lon, lat, alt]), WGS84, the
//           incident's fields as properties: QGIS and ogr2ogr open it as is.
//  Csv:     RFC 4180, one row an incident, a header row, times as nanoseconds and ISO.
// Returns the number of incidents written.
std::int64_t exportIncidents(Database &database, std::ostream &out, IncidentExportFormat format);

} // namespace salvo
