#include "TileBaseMap.h"

#include "FallbackMap.h"

#include <QPainter>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace salvo {
namespace {

constexpr int kCacheBudget_KiB = 96 * 1024;
constexpr int kMaxPlaceholderLevels = 6;

} // namespace

TileBaseMap::TileBaseMap(QObject *parent) : QObject(parent) {
  cache_.setMaxCost(kCacheBudget_KiB);
}

TileBaseMap::~TileBaseMap() = default;

void TileBaseMap::setSource(std::unique_ptr<TileSource> source) {
  if (source_) {
    source_->disconnect(this);
  }
  source_ = std::move(source);
  cache_.clear();
  requested_.clear();
  failed_.clear();
  lastWanted_.clear();
  readyCount_ = 0;
  failedCount_ = 0;
  if (source_) {
    connect(source_.get(), &TileSource::tileReady, this, &TileBaseMap::onTileReady);
    connect(source_.get(), &TileSource::tileFailed, this,
            [this](TileKey key, const QString &) { onTileFailed(key); });
  }
  emit changed();
}

int TileBaseMap::tileZoomFor(double zoom, const TileSource &source) {
  const int z = static_cast<int>(std::lround(zoom));
  return std::clamp(z, source.minZoom(), source.maxZoom());
}

void TileBaseMap::paint(QPainter &painter, const MapViewport &viewport) {
  paintFallbackMap(painter, viewport);
  if (!source_) {
    return;
  }
  const int z = tileZoomFor(viewport.zoom, *source_);
  const int n = 1 << z;
  const double tile_px = MapViewport::kTileSize_px * std::exp2(viewport.zoom - z);
  const QPointF origin =
      viewport.centreWorldPixel() - QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
  const int x0 = static_cast<int>(std::floor(origin.x() / tile_px));
  const int x1 = static_cast<int>(std::floor((origin.x() + viewport.size.width()) / tile_px));
  const int y0 = std::max(0, static_cast<int>(std::floor(origin.y() / tile_px)));
  const int y1 = std::min(
      n - 1, static_cast<int>(std::floor((origin.y() + viewport.size.height()) / tile_px)));

  painter.save();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, std::abs(tile_px - 256.0) > 0.5);
  QList<TileKey> missing;
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      const TileKey key{z, ((x % n) + n) % n, y};
      // One pixel of overlap hides hairline seams between scaled tiles.
      const QRectF target(x * tile_px - origin.x(), y * tile_px - origin.y(), tile_px + 0.5,
                          tile_px + 0.5);
      if (!paintTile(painter, key, target)) {
        missing.append(key);
      }
    }
  }
  painter.restore();
  const QPointF centreTile =
      (origin + QPointF(viewport.size.width(), viewport.size.height()) / 2.0) / tile_px;
  requestMissing(std::move(missing), centreTile);
}

bool TileBaseMap::paintTile(QPainter &painter, const TileKey &key, const QRectF &target) {
  if (const QImage *image = cache_.object(key.packed())) {
    painter.drawImage(target, *image);
    return true;
  }
  for (int levels = 1; levels <= kMaxPlaceholderLevels && key.z - levels >= 0; ++levels) {
    const TileKey ancestor{key.z - levels, key.x >> levels, key.y >> levels};
    if (const QImage *image = cache_.object(ancestor.packed())) {
      const double part = image->width() / std::exp2(levels);
      const int mask = (1 << levels) - 1;
      const QRectF source((key.x & mask) * part, (key.y & mask) * part, part, part);
      painter.drawImage(target, *image, source);
      break;
    }
  }
  return false;
}

void TileBaseMap::requestMissing(QList<TileKey> missing, const QPointF &centreTile) {
  missing.removeIf([this](const TileKey &key) {
    return failed_.contains(key.packed()) || requested_.contains(key.packed());
  });
  std::sort(missing.begin(), missing.end(), [&](const TileKey &a, const TileKey &b) {
    const auto distance = [&](const TileKey &k) {
      return std::hypot(k.x + 0.5 - centreTile.x(), k.y + 0.5 - centreTile.y());
    };
    return distance(a) < distance(b);
  });
  if (missing.isEmpty() || missing == lastWanted_) {
    return;
  }
  lastWanted_ = missing;
  // Not from inside paint(): a local source answers at once and would repaint re-entrantly.
  QTimer::singleShot(0, this, [this, missing] {
    if (!source_) {
      return;
    }
    // The source replaces its wish list, so only this list is awaited now.
    requested_.clear();
    for (const TileKey &key : missing) {
      requested_.insert(key.packed());
    }
    source_->requestTiles(missing);
  });
}

void TileBaseMap::onTileReady(TileKey key, const QImage &image) {
  requested_.remove(key.packed());
  ++readyCount_;
  const int cost_KiB = std::max<int>(1, static_cast<int>(image.sizeInBytes() / 1024));
  cache_.insert(key.packed(), new QImage(image), cost_KiB);
  emit changed();
}

void TileBaseMap::onTileFailed(TileKey key) {
  requested_.remove(key.packed());
  failed_.insert(key.packed());
  ++failedCount_;
  emit changed();
}

} // namespace salvo
