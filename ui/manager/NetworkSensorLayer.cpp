#include "NetworkSensorLayer.h"

#include "map/MapStyle.h"

#include <QPainter>
#include <QPainterPath>

namespace salvo {

void NetworkSensorLayer::setSensors(const std::vector<network::NetworkSensor> &sensors,
                                    QSet<QString> alarmed) {
  sensors_ = sensors;
  alarmed_ = std::move(alarmed);
  emit changed();
}

void NetworkSensorLayer::paint(QPainter &painter, const MapViewport &viewport) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  for (const network::NetworkSensor &s : sensors_) {
    if (s.status == network::SensorStatus::Retired) {
      continue;
    }
    const QPointF p = viewport.toScreen(s.position.lat_deg, s.position.lon_deg);
    const QString id = QString::fromStdString(s.id);
    if (alarmed_.contains(id)) {
      painter.setPen(QPen(mapstyle::kGunfire, 2.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawEllipse(p, 10.0, 10.0);
    }
    painter.setPen(QPen(Qt::white, 1.5));
    if (s.status == network::SensorStatus::Proposed) {
      QPainterPath diamond;
      diamond.moveTo(p + QPointF(0, -9));
      diamond.lineTo(p + QPointF(9, 0));
      diamond.lineTo(p + QPointF(0, 9));
      diamond.lineTo(p + QPointF(-9, 0));
      diamond.closeSubpath();
      painter.setBrush(mapstyle::kSelected);
      painter.drawPath(diamond);
    } else {
      painter.setBrush(s.status == network::SensorStatus::Offline ? mapstyle::kSensorOffline
                                                                  : mapstyle::kSensorOnline);
      painter.drawEllipse(p, 6.0, 6.0);
    }
    mapstyle::drawHaloText(painter, p + QPointF(9, -8), id);
  }
  painter.restore();
}

int NetworkSensorLayer::sensorAt(const MapViewport &viewport, const QPointF &screen,
                                 double radius_px) const {
  int best = -1;
  double bestDistance = radius_px;
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    const network::NetworkSensor &s = sensors_[i];
    if (s.status == network::SensorStatus::Retired) {
      continue;
    }
    const QPointF d = viewport.toScreen(s.position.lat_deg, s.position.lon_deg) - screen;
    const double distance = std::hypot(d.x(), d.y());
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = static_cast<int>(i);
    }
  }
  return best;
}

} // namespace salvo
