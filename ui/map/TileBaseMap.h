#pragma once

#include "MapLayer.h"
#include "TileSource.h"

#include <QCache>
#include <QList>
#include <QPointer>
#include <QSet>

#include <memory>

namespace salvo {

// The map's base: the fallback drawing, then whatever tiles the source has delivered.
// Tiles live in an in-memory LRU; a tile not there yet is stood in for by its nearest
// cached ancestor, upscaled, and asked for (on-screen tiles only, nearest the centre
// first, each once: the source is never asked again for a tile in flight or failed).
class TileBaseMap : public QObject {
  Q_OBJECT
public:
  explicit TileBaseMap(QObject *parent = nullptr);
  ~TileBaseMap() override;

  // Takes ownership; nullptr leaves the fallback drawing alone.
  void setSource(std::unique_ptr<TileSource> source);
  TileSource *source() const { return source_.get(); }

  void paint(QPainter &painter, const MapViewport &viewport);

  // True once the source failed every tile it answered and delivered none: the map
  // says "offline" next to the attribution.
  bool isUnreachable() const { return failedCount_ > 0 && readyCount_ == 0; }
  int cachedTileCount() const { return cache_.count(); }
  static int tileZoomFor(double zoom, const TileSource &source);

signals:
  void changed();

private:
  bool paintTile(QPainter &painter, const TileKey &key, const QRectF &target);
  void requestMissing(QList<TileKey> missing, const QPointF &centreTile);
  void onTileReady(TileKey key, const QImage &image);
  void onTileFailed(TileKey key);

  std::unique_ptr<TileSource> source_;
  QCache<quint64, QImage> cache_; // cost in KiB
  QSet<quint64> requested_;       // asked for and not answered yet
  QSet<quint64> failed_;
  QList<TileKey> lastWanted_;
  int readyCount_ = 0;
  int failedCount_ = 0;
};

} // namespace salvo
