#pragma once

#include "map/MapLayer.h"
#include "network/NetworkMaps.h"

#include <QImage>

namespace salvo {

// A per-cell map of the network (coverage or accuracy) as a map layer: the grid is
// rendered to an image once per recompute (one pixel a cell, north up) and paint() only
// draws it scaled between the grid's projected corners. Over a few kilometres the ENU
// grid and Web Mercator differ by far less than a cell, so no warping is needed.
class GridImageLayer : public MapLayer {
  Q_OBJECT
public:
  using MapLayer::MapLayer;

  void setMaps(const network::NetworkMaps &maps);
  const QImage &image() const { return image_; }
  void paint(QPainter &painter, const MapViewport &viewport) override;

protected:
  virtual QImage render(const network::NetworkMaps &maps) const = 0;
  // The legend's title and its colour bar, bottom-left of the map.
  virtual QString legendTitle() const = 0;
  virtual QImage legendBar(int width) const = 0;
  virtual QStringList legendLabels() const = 0;

private:
  void paintLegend(QPainter &painter, const MapViewport &viewport) const;

  QImage image_;
  GeodeticPosition southWest_;
  GeodeticPosition northEast_;
};

// P(at least 3 sensors detect a handgun shot), or at least 4.
class CoverageLayer : public GridImageLayer {
  Q_OBJECT
public:
  explicit CoverageLayer(QObject *parent = nullptr, int minSensors = 3);
  int minSensors() const { return minSensors_; }
  QString name() const override;

protected:
  QImage render(const network::NetworkMaps &maps) const override;
  QString legendTitle() const override;
  QImage legendBar(int width) const override;
  QStringList legendLabels() const override;

private:
  int minSensors_;
};

// Expected 95 % horizontal location error (Cramér–Rao bound), log colour scale.
class AccuracyLayer : public GridImageLayer {
  Q_OBJECT
public:
  using GridImageLayer::GridImageLayer;
  QString name() const override { return tr("Accuracy (95 % error)"); }

protected:
  QImage render(const network::NetworkMaps &maps) const override;
  QString legendTitle() const override;
  QImage legendBar(int width) const override;
  QStringList legendLabels() const override;
};

} // namespace salvo
