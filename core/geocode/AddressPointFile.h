#pragma once

#include "geocode/AddressPoint.h"

#include <filesystem>
#include <string>
#include <vector>

namespace salvo {

// Reads the address points an admin imports for offline use. Two formats:
//  - CSV with a header: lat|latitude|y, lon|lng|longitude|x, and either
//    address|label|name, or number|housenumber + street (+ optional city);
//  - GeoJSON FeatureCollection of Point features, the label from properties
//    address|label|name or OSM's addr:housenumber + addr:street (+ addr:city).
// The format is chosen by the extension (.csv, .geojson/.json). A bad row or
// feature throws InputError naming the file, the line or feature, and the field:
// an import is all or nothing, so a half-read file never replaces a good one.
std::vector<AddressPoint> readAddressPoints(const std::filesystem::path &path);

std::vector<AddressPoint> parseAddressPointsCsv(const std::string &text, const std::string &file);
std::vector<AddressPoint> parseAddressPointsGeoJson(const std::string &text,
                                                    const std::string &file);

} // namespace salvo
