#pragma once

#include "network/NetworkMaps.h"

#include <filesystem>
#include <span>

namespace salvo::network {

// A GeoJSON FeatureCollection with one Polygon a cell (WGS84 corners, the ring closed),
// properties p3, p4 and error95_m (null where there is no reliable fix), and the grid's
// shape as foreign members "cell_m", "cols", "rows".
void writeCoverageGeoJson(const std::filesystem::path &path, const NetworkMaps &maps);

// Coverage P(≥3) and the 95 % error side by side, each with a colour legend, the
// listening sensors as black dots, north up.
void writeCoveragePng(const std::filesystem::path &path, const NetworkMaps &maps,
                      std::span<const NetworkSensor> sensors);

} // namespace salvo::network
