#include "SensorLayer.h"

#include "LayerBounds.h"
#include "MapStyle.h"
#include "ModelWatch.h"
#include "SensorTableModel.h"

#include <QPainter>

namespace salvo {
namespace {

constexpr double kHalfSide_px = 5.5;

QPointF toScreen(const MapViewport &viewport, const QPointF &unit) {
  return unit * viewport.worldSize_px() - viewport.centreWorldPixel() +
         QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
}

} // namespace

SensorLayer::SensorLayer(QObject *parent) : MapLayer(parent) {}

void SensorLayer::setModel(QAbstractItemModel *model) {
  if (model_) {
    model_->disconnect(this);
  }
  model_ = model;
  if (model_) {
    watchModel(model_, this, [this] { rebuild(); });
  }
  rebuild();
}

void SensorLayer::setHealthRole(int role) {
  healthRole_ = role;
  rebuild();
}

void SensorLayer::setHealth(const QString &sensorId, SensorHealth health) {
  healthOverrides_.insert(sensorId, health);
  rebuild();
}

SensorHealth SensorLayer::health(const QString &sensorId) const {
  for (const Item &item : sensors_) {
    if (item.id == sensorId) {
      return item.health;
    }
  }
  return healthOverrides_.value(sensorId, SensorHealth::Online);
}

QColor SensorLayer::colourOf(SensorHealth health) {
  switch (health) {
  case SensorHealth::Offline:
    return mapstyle::kSensorOffline;
  case SensorHealth::ClockFault:
    return mapstyle::kSensorClockFault;
  case SensorHealth::Online:
    break;
  }
  return mapstyle::kSensorOnline;
}

void SensorLayer::rebuild() {
  sensors_.clear();
  QAbstractItemModel *const model = model_.data();
  const int rows = model != nullptr ? model->rowCount() : 0;
  sensors_.reserve(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    const QModelIndex index = model->index(row, 0);
    Item item;
    item.id = index.data(SensorTableModel::SensorIdRole).toString();
    item.lat_deg = index.data(SensorTableModel::LatitudeRole).toDouble();
    item.lon_deg = index.data(SensorTableModel::LongitudeRole).toDouble();
    item.unit = MapViewport::unitMercator(item.lat_deg, item.lon_deg);
    item.health = healthOverrides_.value(item.id, SensorHealth::Online);
    if (healthRole_ != 0) {
      const QVariant value = index.data(healthRole_);
      if (value.isValid()) {
        item.health = static_cast<SensorHealth>(std::clamp(value.toInt(), 0, 2));
      }
    }
    sensors_.push_back(item);
  }
  emit changed();
}

QPointF SensorLayer::screenPosition(const MapViewport &viewport, int index) const {
  return toScreen(viewport, sensors_.at(static_cast<std::size_t>(index)).unit);
}

QString SensorLayer::sensorAt(const MapViewport &viewport, const QPointF &screen,
                              double radius_px) const {
  QString best;
  double bestDistance = radius_px;
  for (const Item &item : sensors_) {
    const QPointF d = toScreen(viewport, item.unit) - screen;
    const double distance = std::hypot(d.x(), d.y());
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = item.id;
    }
  }
  return best;
}

bool SensorLayer::boundingBox(double &south, double &west, double &north, double &east) const {
  return boundingBoxOf(sensors_, south, west, north, east);
}

void SensorLayer::paint(QPainter &painter, const MapViewport &viewport) {
  const QRectF visible = QRectF(QPointF(0, 0), viewport.size).adjusted(-60, -20, 20, 20);
  const bool labels = sensors_.size() <= 200;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  QFont font = painter.font();
  font.setPointSizeF(8.0);
  painter.setFont(font);
  for (const Item &item : sensors_) {
    const QPointF at = toScreen(viewport, item.unit);
    if (!visible.contains(at)) {
      continue;
    }
    const QRectF square(at - QPointF(kHalfSide_px, kHalfSide_px),
                        QSizeF(2 * kHalfSide_px, 2 * kHalfSide_px));
    painter.setPen(QPen(Qt::white, 1.5));
    painter.setBrush(colourOf(item.health));
    painter.drawRoundedRect(square, 1.5, 1.5);
    if (labels) {
      mapstyle::drawHaloText(painter, at + QPointF(kHalfSide_px + 3.0, 4.0), item.id);
    }
  }
  painter.restore();
}

} // namespace salvo
