#include "IncidentLayer.h"

#include "CircleRaster.h"
#include "IncidentTableModel.h"
#include "LayerBounds.h"
#include "MapStyle.h"
#include "ModelWatch.h"

#include <QPainter>
#include <QRegion>

#include <cmath>

namespace salvo {
namespace {

constexpr double kEquator_m = 40075016.686;
constexpr double kMinCircle_px = 3.0; // smaller circles hide under the marker
constexpr int kStatusCount = 3;

QColor withAlpha(QColor colour, int alpha) {
  colour.setAlpha(alpha);
  return colour;
}

int spriteKey(int incidentClass, int status) {
  return incidentClass * kStatusCount + status;
}

} // namespace

IncidentLayer::IncidentLayer(QObject *parent) : MapLayer(parent) {}

QColor IncidentLayer::colourOfClass(int incidentClass) {
  switch (static_cast<IncidentClass>(incidentClass)) {
  case IncidentClass::Gunfire:
    return mapstyle::kGunfire;
  case IncidentClass::Fireworks:
    return mapstyle::kFireworks;
  case IncidentClass::Other:
    break;
  }
  return mapstyle::kOther;
}

void IncidentLayer::setModel(QAbstractItemModel *model) {
  if (model_) {
    model_->disconnect(this);
  }
  model_ = model;
  if (model_) {
    watchModel(model_, this, [this] { rebuild(); });
  }
  rebuild();
}

void IncidentLayer::rebuild() {
  cache_ = {};
  items_.clear();
  rowOfId_.clear();
  QAbstractItemModel *const model = model_.data();
  const int rows = model != nullptr ? model->rowCount() : 0;
  items_.reserve(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    const QModelIndex index = model->index(row, 0);
    Item item;
    item.id = index.data(IncidentTableModel::IncidentIdRole).toString();
    item.lat_deg = index.data(IncidentTableModel::LatitudeRole).toDouble();
    item.lon_deg = index.data(IncidentTableModel::LongitudeRole).toDouble();
    item.unit = MapViewport::unitMercator(item.lat_deg, item.lon_deg);
    const double radius_m = index.data(IncidentTableModel::ErrorRadiusRole).toDouble();
    item.radius_unit =
        std::max(0.0, radius_m) / (kEquator_m * std::cos(item.lat_deg * std::numbers::pi / 180.0));
    item.incidentClass = std::clamp(index.data(IncidentTableModel::ClassRole).toInt(), 0, 2);
    item.status = std::clamp(index.data(IncidentTableModel::StatusRole).toInt(), 0, 2);
    item.rounds = index.data(IncidentTableModel::RoundsRole).toInt();
    rowOfId_.insert(item.id, row);
    items_.push_back(std::move(item));
  }
  emit changed();
}

void IncidentLayer::setSelectedRow(int row) {
  const QString id =
      row >= 0 && row < incidentCount() ? items_[static_cast<std::size_t>(row)].id : QString();
  if (id != selectedId_) {
    selectedId_ = id;
    emit changed();
  }
}

int IncidentLayer::selectedRow() const {
  return selectedId_.isEmpty() ? -1 : rowOfId_.value(selectedId_, -1);
}

QPointF IncidentLayer::screenPosition(const MapViewport &viewport, int row) const {
  const QPointF offset =
      viewport.centreWorldPixel() - QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
  return items_.at(static_cast<std::size_t>(row)).unit * viewport.worldSize_px() - offset;
}

double IncidentLayer::errorRadius_px(const MapViewport &viewport, int row) const {
  return items_.at(static_cast<std::size_t>(row)).radius_unit * viewport.worldSize_px();
}

int IncidentLayer::incidentAt(const MapViewport &viewport, const QPointF &screen,
                              double radius_px) const {
  int best = -1;
  double bestDistance = radius_px;
  for (int row = 0; row < incidentCount(); ++row) {
    const QPointF d = screenPosition(viewport, row) - screen;
    const double distance = std::hypot(d.x(), d.y());
    if (distance < bestDistance) { // strict: the newest (lowest row) wins a tie
      bestDistance = distance;
      best = row;
    }
  }
  return best;
}

bool IncidentLayer::boundingBox(double &south, double &west, double &north, double &east) const {
  return boundingBoxOf(items_, south, west, north, east);
}

const QPixmap &IncidentLayer::sprite(int incidentClass, int status, qreal devicePixelRatio) {
  const int key = spriteKey(incidentClass, status);
  auto found = sprites_.find(key);
  if (found != sprites_.end() && found->devicePixelRatio() == devicePixelRatio) {
    return *found;
  }
  const double side = 2.0 * kMarkerRadius_px + 4.0;
  QPixmap pixmap(QSize(static_cast<int>(std::ceil(side * devicePixelRatio)),
                       static_cast<int>(std::ceil(side * devicePixelRatio))));
  pixmap.setDevicePixelRatio(devicePixelRatio);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  const QPointF centre(side / 2.0, side / 2.0);
  const QColor colour = colourOfClass(incidentClass);
  switch (static_cast<ReviewStatus>(status)) {
  case ReviewStatus::New:
    painter.setPen(QPen(Qt::white, 1.5));
    painter.setBrush(colour);
    break;
  case ReviewStatus::Confirmed:
    painter.setPen(QPen(mapstyle::kInk, 2.0));
    painter.setBrush(colour);
    break;
  case ReviewStatus::Rejected:
    painter.setPen(QPen(QColor(255, 255, 255, 200), 4.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(centre, kMarkerRadius_px - 1.0, kMarkerRadius_px - 1.0);
    painter.setPen(QPen(colour, 2.0));
    break;
  }
  painter.drawEllipse(centre, kMarkerRadius_px - 1.0, kMarkerRadius_px - 1.0);
  painter.end();
  return *sprites_.insert(key, pixmap);
}

namespace {

constexpr int kCacheMargin_px = 256; // pans within this reuse the cached markers

} // namespace

void IncidentLayer::collectInside(const QRectF &rect_world, double scale,
                                  std::vector<int> &rows) const {
  rows.clear();
  // Oldest first, so the newest incident is drawn on top.
  for (int row = incidentCount() - 1; row >= 0; --row) {
    const Item &item = items_[static_cast<std::size_t>(row)];
    const QPointF at = item.unit * scale;
    const double margin = std::max(kMarkerRadius_px + 2.0, item.radius_unit * scale + 1.0);
    if (at.x() + margin >= rect_world.left() && at.x() - margin <= rect_world.right() &&
        at.y() + margin >= rect_world.top() && at.y() - margin <= rect_world.bottom()) {
      rows.push_back(row);
    }
  }
}

bool IncidentLayer::cacheCovers(const QRectF &view_world, double zoom,
                                qreal devicePixelRatio) const {
  return !cache_.isNull() && cacheZoom_ == zoom && cache_.devicePixelRatio() == devicePixelRatio &&
         QRectF(cacheRect_world_).contains(view_world);
}

void IncidentLayer::renderCache(const QRectF &view_world, double zoom, qreal devicePixelRatio) {
  ++cacheRenderCount_;
  const QImage old = std::move(cache_);
  const QRect oldRect_world = cacheRect_world_;
  const double scale = MapViewport::kTileSize_px * std::exp2(zoom); // as worldSize_px()
  // After a pan at the same zoom, the part both images share is copied, not redrawn.
  const bool reuse =
      !old.isNull() && cacheZoom_ == zoom && old.devicePixelRatio() == devicePixelRatio;
  cacheRect_world_ = view_world.toAlignedRect().adjusted(-kCacheMargin_px, -kCacheMargin_px,
                                                         kCacheMargin_px, kCacheMargin_px);
  cache_ = QImage(QSize(static_cast<int>(std::ceil(cacheRect_world_.width() * devicePixelRatio)),
                        static_cast<int>(std::ceil(cacheRect_world_.height() * devicePixelRatio))),
                  QImage::Format_ARGB32_Premultiplied);
  cache_.setDevicePixelRatio(devicePixelRatio);
  cache_.fill(Qt::transparent);
  cacheZoom_ = zoom;
  QRegion exposed_world(cacheRect_world_);
  if (reuse) {
    QPainter copier(&cache_);
    copier.setCompositionMode(QPainter::CompositionMode_Source);
    copier.drawImage(oldRect_world.topLeft() - cacheRect_world_.topLeft(), old);
    exposed_world -= QRegion(oldRect_world);
  } else {
    std::vector<int> rows;
    collectInside(QRectF(cacheRect_world_), scale, rows);
    // Counted over the cached area (the view and its margin), as that is what this
    // costs: antialiasing thousands of overlapping circles costs more than it shows;
    // thousands of overlapping translucent discs cost fill rate and read as a smear.
    cacheStyle_ = CacheStyle{rows.size() <= 2000, rows.size() <= 500};
  }
  for (const QRect &part_world : exposed_world) {
    renderCachePart(part_world, scale, devicePixelRatio);
  }
}

// Everything overlapping one part of the cached area, clipped to it: drawn in the same
// order as a whole redraw, so the seams do not show.
void IncidentLayer::renderCachePart(const QRect &part_world, double scale, qreal devicePixelRatio) {
  std::vector<int> rows;
  collectInside(QRectF(part_world), scale, rows);
  const QPointF origin = cacheRect_world_.topLeft();
  const QRect part = part_world.translated(-cacheRect_world_.topLeft());
  // Many plain 1-px rings: rasterised directly (see CircleRaster.h), before the painter
  // opens on the image.
  const bool rasterRings =
      !cacheStyle_.antialiased && !cacheStyle_.filled && devicePixelRatio == 1.0;
  if (rasterRings) {
    rasteriseErrorCircles(rows, scale, origin, part);
  }
  QPainter painter(&cache_);
  painter.setClipRect(part);
  if (!rasterRings) {
    paintErrorCircles(painter, rows, scale, origin, cacheStyle_);
  }
  paintMarkers(painter, rows, scale, origin, devicePixelRatio);
}

void IncidentLayer::paint(QPainter &painter, const MapViewport &viewport) {
  const double scale = viewport.worldSize_px();
  const QPointF offset =
      viewport.centreWorldPixel() - QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
  const QRectF view_world(offset, viewport.size);
  collectInside(view_world, scale, visible_);
  lastPaintedCount_ = static_cast<int>(visible_.size());
  const qreal devicePixelRatio = painter.device()->devicePixelRatioF();
  if (!cacheCovers(view_world, viewport.zoom, devicePixelRatio)) {
    renderCache(view_world, viewport.zoom, devicePixelRatio);
  }
  painter.save();
  // A whole-pixel shift keeps the blit a plain copy (no resampling).
  painter.drawImage((QPointF(cacheRect_world_.topLeft()) - offset).toPoint(), cache_);
  if (visible_.size() <= static_cast<std::size_t>(kRoundsLabelLimit)) {
    paintRounds(painter, visible_, scale, offset);
  }
  paintSelection(painter, scale, offset);
  painter.restore();
}

void IncidentLayer::paintErrorCircles(QPainter &painter, const std::vector<int> &rows, double scale,
                                      const QPointF &offset, const CacheStyle &style) const {
  painter.setRenderHint(QPainter::Antialiasing, style.antialiased);
  for (int incidentClass = 0; incidentClass < 3; ++incidentClass) {
    const QColor colour = colourOfClass(incidentClass);
    painter.setPen(QPen(withAlpha(colour, 150), 1.0));
    painter.setBrush(style.filled ? QBrush(withAlpha(colour, 36)) : QBrush(Qt::NoBrush));
    for (const int row : rows) {
      const Item &item = items_[static_cast<std::size_t>(row)];
      const double radius_px = item.radius_unit * scale;
      if (item.incidentClass == incidentClass && radius_px >= kMinCircle_px) {
        painter.drawEllipse(item.unit * scale - offset, radius_px, radius_px);
      }
    }
  }
}

void IncidentLayer::rasteriseErrorCircles(const std::vector<int> &rows, double scale,
                                          const QPointF &offset, const QRect &clip) {
  for (int incidentClass = 0; incidentClass < 3; ++incidentClass) {
    const QRgb colour = qPremultiply(withAlpha(colourOfClass(incidentClass), 150).rgba());
    for (const int row : rows) {
      const Item &item = items_[static_cast<std::size_t>(row)];
      const double radius_px = item.radius_unit * scale;
      if (item.incidentClass == incidentClass && radius_px >= kMinCircle_px) {
        strokeCircle(cache_, (item.unit * scale - offset).toPoint(),
                     static_cast<int>(std::lround(radius_px)), colour, clip);
      }
    }
  }
}

void IncidentLayer::paintMarkers(QPainter &painter, const std::vector<int> &rows, double scale,
                                 const QPointF &offset, qreal devicePixelRatio) {
  // Grey under amber under red: gunfire is what a dispatcher must not miss.
  for (const int incidentClass : {2, 1, 0}) {
    for (int status = kStatusCount - 1; status >= 0; --status) {
      const QPixmap &pixmap = sprite(incidentClass, status, devicePixelRatio);
      const QPointF half(pixmap.width() / devicePixelRatio / 2.0,
                         pixmap.height() / devicePixelRatio / 2.0);
      // Untransformed blits take the raster engine's fast path (fragments do not).
      for (const int row : rows) {
        const Item &item = items_[static_cast<std::size_t>(row)];
        if (item.incidentClass == incidentClass && item.status == status) {
          painter.drawPixmap((item.unit * scale - offset - half).toPoint(), pixmap);
        }
      }
    }
  }
}

void IncidentLayer::paintRounds(QPainter &painter, const std::vector<int> &rows, double scale,
                                const QPointF &offset) const {
  QFont font = painter.font();
  font.setPixelSize(9);
  font.setBold(true);
  painter.setFont(font);
  const QSizeF box(2 * kMarkerRadius_px, 2 * kMarkerRadius_px);
  for (const int row : rows) {
    const Item &item = items_[static_cast<std::size_t>(row)];
    if (item.rounds <= 0) {
      continue;
    }
    const bool hollow = item.status == static_cast<int>(ReviewStatus::Rejected);
    painter.setPen(hollow ? colourOfClass(item.incidentClass) : QColor(Qt::white));
    const QPointF at = item.unit * scale - offset;
    painter.drawText(QRectF(at - QPointF(kMarkerRadius_px, kMarkerRadius_px), box), Qt::AlignCenter,
                     QString::number(item.rounds));
  }
}

void IncidentLayer::paintSelection(QPainter &painter, double scale, const QPointF &offset) const {
  const int row = selectedRow();
  if (row < 0) {
    return;
  }
  const Item &item = items_[static_cast<std::size_t>(row)];
  const QPointF at = item.unit * scale - offset;
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setBrush(Qt::NoBrush);
  const double radius_px = item.radius_unit * scale;
  if (radius_px >= kMinCircle_px) {
    painter.setPen(QPen(mapstyle::kSelected, 2.0, Qt::DashLine));
    painter.drawEllipse(at, radius_px, radius_px);
  }
  painter.setPen(QPen(Qt::white, 5.0));
  painter.drawEllipse(at, kMarkerRadius_px + 4.0, kMarkerRadius_px + 4.0);
  painter.setPen(QPen(mapstyle::kSelected, 3.0));
  painter.drawEllipse(at, kMarkerRadius_px + 4.0, kMarkerRadius_px + 4.0);
}

} // namespace salvo
