#pragma once

#include "MapLayer.h"

#include <QAbstractItemModel>

#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QPointer>
#include <QString>

#include <vector>

namespace salvo {

// The incidents, read from IncidentTableModel's roles on column 0: a disc per incident
// coloured by class (gunfire red, fireworks amber, other grey) and styled by review
// status (new: filled with a white rim; confirmed: filled with a dark rim; rejected: an
// empty ring), the number of rounds inside when few are on screen, and the 95 % error
// circle drawn to scale. The selected incident gets a blue ring.
//
// Built for thousands: positions are projected once per model change, off-screen
// items are culled, markers are pre-rendered sprites drawn in one batch per style.
class IncidentLayer : public MapLayer {
  Q_OBJECT
public:
  explicit IncidentLayer(QObject *parent = nullptr);

  void setModel(QAbstractItemModel *model);
  QAbstractItemModel *model() const { return model_; }

  // The selection follows the incident (by id) when rows move.
  void setSelectedRow(int row); // -1: none
  int selectedRow() const;

  QString name() const override { return tr("Incidents"); }
  void paint(QPainter &painter, const MapViewport &viewport) override;

  int incidentCount() const { return static_cast<int>(items_.size()); }
  int incidentAt(const MapViewport &viewport, const QPointF &screen, double radius_px) const;
  QPointF screenPosition(const MapViewport &viewport, int row) const;
  double errorRadius_px(const MapViewport &viewport, int row) const;
  int lastPaintedCount() const { return lastPaintedCount_; }
  int cacheRenderCount() const { return cacheRenderCount_; } // how often markers were redrawn
  bool boundingBox(double &south, double &west, double &north, double &east) const;

  static QColor colourOfClass(int incidentClass);
  static constexpr int kRoundsLabelLimit = 300; // more on screen: no numbers
  static constexpr double kMarkerRadius_px = 7.0;

private:
  struct CacheStyle {
    bool antialiased = true;
    bool filled = true;
    bool operator==(const CacheStyle &) const = default;
  };
  struct Item {
    QString id;
    QPointF unit;           // unit Web Mercator
    double radius_unit = 0; // error radius in unit Web Mercator
    double lat_deg = 0.0;
    double lon_deg = 0.0;
    int incidentClass = 0;
    int status = 0;
    int rounds = 0;
  };
  void rebuild();
  void collectInside(const QRectF &rect_world, double scale, std::vector<int> &rows) const;
  const QPixmap &sprite(int incidentClass, int status, qreal devicePixelRatio);
  void paintErrorCircles(QPainter &painter, const std::vector<int> &rows, double scale,
                         const QPointF &offset, const CacheStyle &style) const;
  void rasteriseErrorCircles(const std::vector<int> &rows, double scale, const QPointF &offset,
                             const QRect &clip);
  void paintMarkers(QPainter &painter, const std::vector<int> &rows, double scale,
                    const QPointF &offset, qreal devicePixelRatio);
  void paintRounds(QPainter &painter, const std::vector<int> &rows, double scale,
                   const QPointF &offset) const;
  void paintSelection(QPainter &painter, double scale, const QPointF &offset) const;

  // Error circles and markers of the whole layer drawn once into an image anchored in
  // world pixels with a margin around the view: a pan within the margin is one blit
  // instead of thousands of draws. Rebuilt on a model change, a zoom, a DPR change, a
  // pan out of the margin (then only the newly exposed strips are drawn).
  bool cacheCovers(const QRectF &view_world, double zoom, qreal devicePixelRatio) const;
  void renderCache(const QRectF &view_world, double zoom, qreal devicePixelRatio);
  void renderCachePart(const QRect &part_world, double scale, qreal devicePixelRatio);

  QImage cache_;
  QRect cacheRect_world_; // in logical world pixels
  double cacheZoom_ = -1.0;
  CacheStyle cacheStyle_;
  int cacheRenderCount_ = 0;

  QPointer<QAbstractItemModel> model_;
  std::vector<Item> items_;
  QHash<QString, int> rowOfId_;
  QString selectedId_;
  QHash<int, QPixmap> sprites_;
  std::vector<int> visible_; // reused between paints
  int lastPaintedCount_ = 0;
};

} // namespace salvo
