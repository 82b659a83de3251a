#pragma once

#include "MapLayer.h"

#include <QAbstractItemModel>

#include <QHash>
#include <QPointer>
#include <QString>

#include <vector>

namespace salvo {

enum class SensorHealth { Online = 0, Offline = 1, ClockFault = 2 };

// The sensors as labelled squares coloured by health (online green, offline grey,
// clock fault violet). Positions come from SensorTableModel's roles on column 0; the
// health from `healthRole` when the model has one (an int SensorHealth), else from
// setHealth(), else online.
class SensorLayer : public MapLayer {
  Q_OBJECT
public:
  explicit SensorLayer(QObject *parent = nullptr);

  void setModel(QAbstractItemModel *model);
  void setHealthRole(int role); // 0: none
  void setHealth(const QString &sensorId, SensorHealth health);
  SensorHealth health(const QString &sensorId) const;

  QString name() const override { return tr("Sensors"); }
  void paint(QPainter &painter, const MapViewport &viewport) override;

  int sensorCount() const { return static_cast<int>(sensors_.size()); }
  QString sensorAt(const MapViewport &viewport, const QPointF &screen, double radius_px) const;
  QPointF screenPosition(const MapViewport &viewport, int index) const;
  bool boundingBox(double &south, double &west, double &north, double &east) const;

  static QColor colourOf(SensorHealth health);

private:
  struct Item {
    QString id;
    double lat_deg = 0.0;
    double lon_deg = 0.0;
    QPointF unit; // unit Web Mercator
    SensorHealth health = SensorHealth::Online;
  };
  void rebuild();

  QPointer<QAbstractItemModel> model_;
  int healthRole_ = 0;
  QHash<QString, SensorHealth> healthOverrides_;
  std::vector<Item> sensors_;
};

} // namespace salvo
