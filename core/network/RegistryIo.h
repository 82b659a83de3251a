#pragma once

#include "network/NetworkSensor.h"

#include <filesystem>
#include <span>
#include <vector>

namespace salvo::network {

// The registry as files an admin exchanges with GIS tools and spreadsheets:
//  CSV:     header "id,lat_deg,lon_deg,alt_m,noise_floor_db_spl,status", one sensor a row
//           (an empty noise floor means the model's default);
//  GeoJSON: FeatureCollection of Points [lon, lat, alt] with properties id, status and
//           noise_floor_db_spl.
// Readers throw InputError naming the file, the row or feature and the field when the
// file cannot be understood; values that parse but make no sense (NaN, duplicate ids)
// are left for validateRegistry() so the admin sees them all at once.
std::vector<NetworkSensor> readRegistryCsv(const std::filesystem::path &path);
void writeRegistryCsv(const std::filesystem::path &path, std::span<const NetworkSensor> sensors);
std::vector<NetworkSensor> readRegistryGeoJson(const std::filesystem::path &path);
void writeRegistryGeoJson(const std::filesystem::path &path,
                          std::span<const NetworkSensor> sensors);

// By content: a GeoJSON FeatureCollection, a scenario manifest (sensors.json), or CSV.
std::vector<NetworkSensor> readSensorsAnyFormat(const std::filesystem::path &path);

} // namespace salvo::network
