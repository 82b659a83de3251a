#pragma once

#include "MapLayer.h"

#include <QAbstractItemModel>

#include <QHash>
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
  bool boundingBox(double &south, double &west, double &north, double &east) const;

  static QColor colourOfClass(int incidentClass);
  static constexpr int kRoundsLabelLimit = 300; // more on screen: no numbers
  static constexpr double kMarkerRadius_px = 7.0;

private:
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
  const QPixmap &sprite(int incidentClass, int status, qreal devicePixelRatio);
  void paintErrorCircles(QPainter &painter, const std::vector<int> &rows, double scale,
                         const QPointF &offset) const;
  void paintMarkers(QPainter &painter, const std::vector<int> &rows, double scale,
                    const QPointF &offset, qreal devicePixelRatio);
  void paintRounds(QPainter &painter, const std::vector<int> &rows, double scale,
                   const QPointF &offset) const;
  void paintSelection(QPainter &painter, double scale, const QPointF &offset) const;

  QPointer<QAbstractItemModel> model_;
  std::vector<Item> items_;
  QHash<QString, int> rowOfId_;
  QString selectedId_;
  QHash<int, QPixmap> sprites_;
  std::vector<int> visible_; // reused between paints
  int lastPaintedCount_ = 0;
};

} // namespace salvo
