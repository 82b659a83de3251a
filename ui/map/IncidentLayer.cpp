#include "IncidentLayer.h"

#include "IncidentTableModel.h"
#include "MapStyle.h"
#include "ModelWatch.h"

#include <QPainter>

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
  if (items_.empty()) {
    return false;
  }
  south = north = items_.front().lat_deg;
  west = east = items_.front().lon_deg;
  for (const Item &item : items_) {
    south = std::min(south, item.lat_deg);
    north = std::max(north, item.lat_deg);
    west = std::min(west, item.lon_deg);
    east = std::max(east, item.lon_deg);
  }
  return true;
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

void IncidentLayer::paint(QPainter &painter, const MapViewport &viewport) {
  const double scale = viewport.worldSize_px();
  const QPointF offset =
      viewport.centreWorldPixel() - QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
  const double width = viewport.size.width();
  const double height = viewport.size.height();
  visible_.clear();
  // Oldest first, so the newest incident is drawn on top.
  for (int row = incidentCount() - 1; row >= 0; --row) {
    const Item &item = items_[static_cast<std::size_t>(row)];
    const QPointF at = item.unit * scale - offset;
    const double margin = std::max(kMarkerRadius_px, item.radius_unit * scale);
    if (at.x() + margin >= 0 && at.x() - margin <= width && at.y() + margin >= 0 &&
        at.y() - margin <= height) {
      visible_.push_back(row);
    }
  }
  lastPaintedCount_ = static_cast<int>(visible_.size());
  painter.save();
  paintErrorCircles(painter, visible_, scale, offset);
  paintMarkers(painter, visible_, scale, offset, painter.device()->devicePixelRatioF());
  if (visible_.size() <= static_cast<std::size_t>(kRoundsLabelLimit)) {
    paintRounds(painter, visible_, scale, offset);
  }
  paintSelection(painter, scale, offset);
  painter.restore();
}

void IncidentLayer::paintErrorCircles(QPainter &painter, const std::vector<int> &rows, double scale,
                                      const QPointF &offset) const {
  // Antialiasing thousands of overlapping circles costs more than it shows.
  painter.setRenderHint(QPainter::Antialiasing, rows.size() <= 2000);
  // Thousands of overlapping translucent discs cost fill rate and read as a smear.
  const bool filled = rows.size() <= 500;
  for (int incidentClass = 0; incidentClass < 3; ++incidentClass) {
    const QColor colour = colourOfClass(incidentClass);
    painter.setPen(QPen(withAlpha(colour, 150), 1.0));
    painter.setBrush(filled ? QBrush(withAlpha(colour, 36)) : QBrush(Qt::NoBrush));
    for (const int row : rows) {
      const Item &item = items_[static_cast<std::size_t>(row)];
      const double radius_px = item.radius_unit * scale;
      if (item.incidentClass == incidentClass && radius_px >= kMinCircle_px) {
        painter.drawEllipse(item.unit * scale - offset, radius_px, radius_px);
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
