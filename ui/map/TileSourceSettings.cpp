#include "TileSourceSettings.h"

#include "MbTilesSource.h"
#include "XyzTileSource.h"

#include <QSettings>

namespace salvo {

std::unique_ptr<TileSource> createTileSourceFromSettings(const QSettings &settings,
                                                         QString *error) {
  const QString mbtiles = settings.value(QLatin1String(tilesettings::kMbTilesPathKey)).toString();
  if (!mbtiles.isEmpty()) {
    auto source = std::make_unique<MbTilesSource>(mbtiles);
    if (source->isOpen()) {
      return source;
    }
    if (error) {
      *error = source->errorString();
    }
  }
  XyzTileSource::Options options;
  options.urlTemplate =
      settings
          .value(QLatin1String(tilesettings::kUrlTemplateKey), XyzTileSource::defaultUrlTemplate())
          .toString()
          .trimmed();
  if (options.urlTemplate.isEmpty()) {
    return nullptr;
  }
  options.attribution =
      settings
          .value(QLatin1String(tilesettings::kAttributionKey), XyzTileSource::defaultAttribution())
          .toString();
  return std::make_unique<XyzTileSource>(options);
}

std::unique_ptr<TileSource> createTileSourceFromSettings(QString *error) {
  const QSettings settings;
  return createTileSourceFromSettings(settings, error);
}

} // namespace salvo
