#pragma once

#include "geo/Wgs84.h"

#include <QObject>
#include <QPointF>
#include <QSizeF>

#include <algorithm>
#include <cmath>
#include <numbers>

class QPainter;

namespace salvo {

// What part of the world a map shows and how: a Web Mercator (EPSG:3857) view with a
// centre and a fractional zoom level (tile z; 256 px tiles), on a widget of `size`
// pixels. Layers project through it and never keep a copy between paints.
struct MapViewport {
  GeodeticPosition centre;
  double zoom = 15.0;
  QSizeF size{800.0, 600.0};
  double devicePixelRatio = 1.0;

  static constexpr double kTileSize_px = 256.0;

  // World pixel coordinates at this zoom (0..256·2^zoom on each axis).
  static QPointF worldPixel(double lat_deg, double lon_deg, double zoom) {
    const double scale = kTileSize_px * std::exp2(zoom);
    const double lat = std::clamp(lat_deg, -85.05112878, 85.05112878) * std::numbers::pi / 180.0;
    const double x = (lon_deg + 180.0) / 360.0 * scale;
    const double y =
        (1.0 - std::log(std::tan(lat) + 1.0 / std::cos(lat)) / std::numbers::pi) / 2.0 * scale;
    return {x, y};
  }

  QPointF toScreen(double lat_deg, double lon_deg) const {
    const QPointF c = worldPixel(centre.lat_deg, centre.lon_deg, zoom);
    const QPointF p = worldPixel(lat_deg, lon_deg, zoom);
    return p - c + QPointF(size.width() / 2.0, size.height() / 2.0);
  }

  GeodeticPosition toGeo(const QPointF &screen) const {
    const double scale = kTileSize_px * std::exp2(zoom);
    const QPointF c = worldPixel(centre.lat_deg, centre.lon_deg, zoom);
    const QPointF w = screen - QPointF(size.width() / 2.0, size.height() / 2.0) + c;
    GeodeticPosition g;
    g.lon_deg = w.x() / scale * 360.0 - 180.0;
    const double n = std::numbers::pi * (1.0 - 2.0 * w.y() / scale);
    g.lat_deg = std::atan(std::sinh(n)) * 180.0 / std::numbers::pi;
    g.alt_m = 0.0;
    return g;
  }

  // The world's width in pixels at this zoom.
  double worldSize_px() const { return kTileSize_px * std::exp2(zoom); }
  QPointF centreWorldPixel() const { return worldPixel(centre.lat_deg, centre.lon_deg, zoom); }

  // Web Mercator on the unit square (0..1, north at 0): project once, then
  // screen = unit · worldSize_px() − centreWorldPixel() + size/2 for any view.
  static QPointF unitMercator(double lat_deg, double lon_deg) {
    return worldPixel(lat_deg, lon_deg, 0.0) / kTileSize_px;
  }
  static GeodeticPosition geoFromWorldPixel(const QPointF &world, double zoom) {
    const double scale = kTileSize_px * std::exp2(zoom);
    GeodeticPosition g;
    g.lon_deg = world.x() / scale * 360.0 - 180.0;
    const double n = std::numbers::pi * (1.0 - 2.0 * world.y() / scale);
    g.lat_deg = std::atan(std::sinh(n)) * 180.0 / std::numbers::pi;
    return g;
  }

  // Ground metres per screen pixel at a latitude (Web Mercator stretches by 1/cos φ).
  double metresPerPixel(double lat_deg) const {
    constexpr double kEquator_m = 40075016.686;
    return kEquator_m * std::cos(lat_deg * std::numbers::pi / 180.0) /
           (kTileSize_px * std::exp2(zoom));
  }
  double metresPerPixel() const { return metresPerPixel(centre.lat_deg); }
};

// One layer drawn over the map's base (tiles or the plain fallback): sensors, incidents,
// a heat map, a coverage or accuracy overlay. The map widget owns the order; a layer
// only paints and says when it must be painted again.
class MapLayer : public QObject {
  Q_OBJECT
public:
  using QObject::QObject;
  ~MapLayer() override = default;

  virtual QString name() const = 0; // user-visible, through tr()
  virtual void paint(QPainter &painter, const MapViewport &viewport) = 0;

  bool isVisible() const { return visible_; }
  void setVisible(bool visible) {
    if (visible != visible_) {
      visible_ = visible;
      emit changed();
    }
  }

signals:
  void changed(); // the map repaints

private:
  bool visible_ = true;
};

} // namespace salvo
