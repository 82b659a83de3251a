#pragma once

#include "map/MapLayer.h"
#include "network/NetworkSensor.h"

#include <QSet>

#include <vector>

namespace salvo {

// The registry's sensors on the manager's maps: active green, offline grey, proposed a
// blue diamond, a red ring around any sensor with an alarm; retired ones are not drawn.
class NetworkSensorLayer : public MapLayer {
  Q_OBJECT
public:
  using MapLayer::MapLayer;

  void setSensors(const std::vector<network::NetworkSensor> &sensors, QSet<QString> alarmed);
  QString name() const override { return tr("Network sensors"); }
  void paint(QPainter &painter, const MapViewport &viewport) override;

  // Index into the last setSensors() list of the sensor drawn under `screen`, or -1.
  int sensorAt(const MapViewport &viewport, const QPointF &screen, double radius_px = 10.0) const;

private:
  std::vector<network::NetworkSensor> sensors_;
  QSet<QString> alarmed_;
};

} // namespace salvo
