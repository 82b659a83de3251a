#pragma once

#include "TileSource.h"

#include <QString>

#include <memory>

class QSettings;

namespace salvo {

// The map's tile settings, read straight from QSettings so the map works before (and
// without) the settings dialog:
//   map/mbtilesPath      an offline .mbtiles file; when set and readable, it wins
//   map/tileUrlTemplate  XYZ URL template; absent: OpenStreetMap's; empty: no web tiles
//   map/tileAttribution  credit shown on the map for the web tiles (absent: OSM's)
namespace tilesettings {
inline constexpr auto kMbTilesPathKey = "map/mbtilesPath";
inline constexpr auto kUrlTemplateKey = "map/tileUrlTemplate";
inline constexpr auto kAttributionKey = "map/tileAttribution";
} // namespace tilesettings

// The source those settings describe; nullptr when none is configured or the MBTiles
// file cannot be read and no web source is set (`error`, if given, says why).
std::unique_ptr<TileSource> createTileSourceFromSettings(const QSettings &settings,
                                                         QString *error = nullptr);
std::unique_ptr<TileSource> createTileSourceFromSettings(QString *error = nullptr);

} // namespace salvo
