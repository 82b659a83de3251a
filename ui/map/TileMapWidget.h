#pragma once

#include "MapLayer.h"
#include "TileSource.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAbstractItemModel;

namespace salvo {

class HeatMapLayer;
class IncidentLayer;
class SensorLayer;
class TileBaseMap;

// The desk's map: a Web Mercator view over raster tiles (or the plain fallback drawing
// when there are none), with layers on top, a scale bar and the tiles' attribution.
//
//   auto *map = new TileMapWidget(this);               // tiles from QSettings (map/...)
//   map->setModels(sensorModel, incidentModel);         // sensors, incidents, heat map
//   map->addLayer(new CoverageLayer(map));              // any MapLayer, drawn on top
//   connect(map, &TileMapWidget::incidentClicked, ...); // (int source-model row)
//   map->setSelectedIncident(row); map->fitToContent();
//
// Mouse: drag pans, wheel zooms about the cursor, double-click zooms in there, a click
// selects the incident (or sensor) under it. Keys: arrows pan, +/- zoom, Home fits.
class TileMapWidget : public QWidget {
  Q_OBJECT
public:
  explicit TileMapWidget(QWidget *parent = nullptr); // tile source from the settings
  ~TileMapWidget() override;

  // Creates (once) the sensor, incident and heat-map layers reading these models.
  void setModels(QAbstractItemModel *sensorModel, QAbstractItemModel *incidentModel);
  void addLayer(MapLayer *layer); // the map takes ownership; drawn above earlier ones
  QList<MapLayer *> layers() const { return layers_; }
  SensorLayer *sensorLayer() const { return sensorLayer_; }
  IncidentLayer *incidentLayer() const { return incidentLayer_; }
  HeatMapLayer *heatMapLayer() const { return heatMapLayer_; }

  void setTileSource(std::unique_ptr<TileSource> source); // nullptr: the fallback only
  TileSource *tileSource() const;
  TileBaseMap *baseMap() const { return baseMap_; }

  void setSelectedIncident(int row); // -1 clears; the map does not move
  int selectedIncident() const;

  const MapViewport &viewport() const { return viewport_; }
  // Setting the view (centre, zoom, pan) stops the automatic fit to the sensors.
  void setCentre(const GeodeticPosition &centre);
  void setZoom(double zoom);
  void zoomAbout(double newZoom, const QPointF &anchor); // keeps the point under anchor
  void panByPixels(const QPointF &delta);
  void fitToContent(); // every sensor and incident in view
  void centreOnIncident(int row);

  QString attributionText() const;
  static constexpr double kMinZoom = 2.0;
  static constexpr double kMaxZoom = 20.0;

  QSize sizeHint() const override { return {800, 600}; }
  QSize minimumSizeHint() const override { return {240, 180}; }

signals:
  void incidentClicked(int row);
  void sensorClicked(const QString &sensorId);
  void viewChanged();

protected:
  void paintEvent(QPaintEvent *event) override;
  void resizeEvent(QResizeEvent *event) override;
  void wheelEvent(QWheelEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  void mouseDoubleClickEvent(QMouseEvent *event) override;
  void keyPressEvent(QKeyEvent *event) override;

private:
  void clickAt(const QPointF &position);
  void paintScaleBar(QPainter &painter) const;
  void paintAttribution(QPainter &painter) const;
  void setCentreWorldPixel(const QPointF &world);
  void applyCentre(const GeodeticPosition &centre);

  MapViewport viewport_;
  TileBaseMap *baseMap_ = nullptr;
  QList<MapLayer *> layers_;
  SensorLayer *sensorLayer_ = nullptr;
  IncidentLayer *incidentLayer_ = nullptr;
  HeatMapLayer *heatMapLayer_ = nullptr;
  bool userMovedView_ = false; // until then a model change refits the view
  bool dragging_ = false;
  QPointF pressPosition_;
  QPointF lastDragPosition_;
};

} // namespace salvo
