#pragma once

#include "geo/LocalEnuFrame.h"

#include <QPointF>
#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

class QAbstractItemModel;
class QItemSelectionModel;

namespace salvo {

// The plain fallback map: no tiles, just the sensors at their true positions,
// projected into a local East-North-Up frame anchored at the centre of the
// network, with labels, a grid, a scale bar and a north arrow.
//
// It is a view: it reads a model with one row per sensor through
// SensorTableModel's roles (SensorIdRole, LatitudeRole, LongitudeRole, AltitudeRole
// on column 0) and follows its resets and changes. With a selection model it
// highlights the selected sensors and selects the one clicked.
//
// The view state is a centre (ENU metres) and a scale (metres per pixel); until the
// user pans or zooms, it keeps every sensor in view as the widget resizes.
// Mouse: drag to pan, wheel to zoom about the cursor, double-click to fit.
// Keys: arrows pan, +/- zoom, Home fits.
class SensorMapWidget : public QWidget {
  Q_OBJECT
public:
  explicit SensorMapWidget(QWidget *parent = nullptr);

  void setModel(QAbstractItemModel *model);
  QAbstractItemModel *model() const { return model_; }
  void setSelectionModel(QItemSelectionModel *selectionModel);

  int sensorCount() const { return static_cast<int>(sensors_.size()); }
  QString sensorId(int index) const;
  QPointF sensorWidgetPosition(int index) const;     // where sensor `index` is drawn
  int sensorAt(const QPointF &widgetPosition) const; // -1 when none is near

  // The ENU frame's origin: the centre of the sensors' bounding box.
  std::optional<GeodeticPosition> frameOrigin() const;

  double metresPerPixel() const { return metresPerPixel_; }
  QPointF centreEnu_m() const { return centre_m_; }
  QPointF enuToWidget(const QPointF &enu_m) const;
  QPointF widgetToEnu(const QPointF &widgetPosition) const;

  void fitToSensors();
  void zoomBy(double factor, const QPointF &anchorWidgetPosition);
  void panByPixels(const QPointF &delta);

  QSize sizeHint() const override { return {800, 600}; }
  QSize minimumSizeHint() const override { return {240, 180}; }

signals:
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
  bool event(QEvent *event) override;

private:
  struct MapSensor {
    int row = 0;
    QString id;
    GeodeticPosition position;
    QPointF enu_m; // east, north
  };

  void rebuildFromModel();
  void setScale(double metresPerPixel);
  bool isSelected(int row) const;
  void paintGrid(QPainter &painter) const;
  void paintSensors(QPainter &painter) const;
  void paintScaleBar(QPainter &painter) const;
  void paintNorthArrow(QPainter &painter) const;
  void paintFrameNote(QPainter &painter) const;
  void paintEmptyState(QPainter &painter) const;

  QPointer<QAbstractItemModel> model_;
  QPointer<QItemSelectionModel> selectionModel_;
  std::optional<LocalEnuFrame> frame_;
  std::vector<MapSensor> sensors_;
  QPointF centre_m_{0.0, 0.0};
  double metresPerPixel_ = 1.0;
  bool followFit_ = true; // refit on resize until the user moves the view
  bool dragging_ = false;
  QPointF pressPosition_;
  QPointF lastDragPosition_;
};

} // namespace salvo
