#include "SensorMapWidget.h"

#include "MapScale.h"
#include "SensorTableModel.h"

#include <QAbstractItemModel>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace salvo {
namespace {

constexpr double kMinMetresPerPixel = 0.05;
constexpr double kMaxMetresPerPixel = 50'000.0;
constexpr double kSensorRadius_px = 6.0;
constexpr double kPickRadius_px = 10.0;
constexpr double kFitMargin_px = 48.0;
constexpr double kClickSlop_px = 4.0;

const QColor kBackground(0xec, 0xef, 0xf1);
const QColor kGridLine(0xd6, 0xdc, 0xe1);
const QColor kSensorFill(0x1d, 0x5f, 0xa8);
const QColor kSelectedFill(0xe0, 0x5a, 0x0b);
const QColor kInk(0x26, 0x32, 0x38);

// Text with a light halo, readable over grid lines and other markers.
void drawHaloText(QPainter &painter, const QPointF &baseline, const QString &text) {
  QPainterPath path;
  path.addText(baseline, painter.font(), text);
  painter.save();
  painter.setPen(QPen(QColor(255, 255, 255, 220), 3.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(path);
  painter.setPen(Qt::NoPen);
  painter.setBrush(kInk);
  painter.drawPath(path);
  painter.restore();
}

} // namespace

SensorMapWidget::SensorMapWidget(QWidget *parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  setCursor(Qt::OpenHandCursor);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setAccessibleName(tr("Sensor map"));
}

void SensorMapWidget::setModel(QAbstractItemModel *model) {
  if (model_ == model) {
    return;
  }
  if (model_) {
    disconnect(model_, nullptr, this, nullptr);
  }
  model_ = model;
  if (model_) {
    const auto rebuild = [this] { rebuildFromModel(); };
    connect(model_, &QAbstractItemModel::modelReset, this, rebuild);
    connect(model_, &QAbstractItemModel::rowsInserted, this, rebuild);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, rebuild);
    connect(model_, &QAbstractItemModel::rowsMoved, this, rebuild);
    connect(model_, &QAbstractItemModel::layoutChanged, this, rebuild);
    connect(model_, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
              // Display-only changes (a language switch) leave positions alone.
              if (roles.isEmpty() || roles.contains(SensorTableModel::LatitudeRole) ||
                  roles.contains(SensorTableModel::LongitudeRole) ||
                  roles.contains(SensorTableModel::SensorIdRole)) {
                rebuildFromModel();
              }
            });
  }
  rebuildFromModel();
}

void SensorMapWidget::setSelectionModel(QItemSelectionModel *selectionModel) {
  if (selectionModel_) {
    disconnect(selectionModel_, nullptr, this, nullptr);
  }
  selectionModel_ = selectionModel;
  if (selectionModel_) {
    connect(selectionModel_, &QItemSelectionModel::selectionChanged, this, [this] { update(); });
  }
  update();
}

QString SensorMapWidget::sensorId(int index) const {
  return sensors_.at(static_cast<std::size_t>(index)).id;
}

QPointF SensorMapWidget::sensorWidgetPosition(int index) const {
  return enuToWidget(sensors_.at(static_cast<std::size_t>(index)).enu_m);
}

int SensorMapWidget::sensorAt(const QPointF &widgetPosition) const {
  int nearest = -1;
  double nearestDistance = kPickRadius_px;
  for (int i = 0; i < sensorCount(); ++i) {
    const QPointF d = sensorWidgetPosition(i) - widgetPosition;
    const double distance = std::hypot(d.x(), d.y());
    if (distance <= nearestDistance) {
      nearest = i;
      nearestDistance = distance;
    }
  }
  return nearest;
}

std::optional<GeodeticPosition> SensorMapWidget::frameOrigin() const {
  if (!frame_) {
    return std::nullopt;
  }
  return frame_->origin();
}

QPointF SensorMapWidget::enuToWidget(const QPointF &enu_m) const {
  const QPointF centre(width() / 2.0, height() / 2.0);
  return {centre.x() + (enu_m.x() - centre_m_.x()) / metresPerPixel_,
          centre.y() - (enu_m.y() - centre_m_.y()) / metresPerPixel_};
}

QPointF SensorMapWidget::widgetToEnu(const QPointF &widgetPosition) const {
  const QPointF centre(width() / 2.0, height() / 2.0);
  return {centre_m_.x() + (widgetPosition.x() - centre.x()) * metresPerPixel_,
          centre_m_.y() - (widgetPosition.y() - centre.y()) * metresPerPixel_};
}

void SensorMapWidget::rebuildFromModel() {
  sensors_.clear();
  frame_.reset();
  QAbstractItemModel *const model = model_.data();
  const int rows = model != nullptr ? model->rowCount() : 0;
  double minLat = 90.0;
  double maxLat = -90.0;
  double minLon = 180.0;
  double maxLon = -180.0;
  double altitudeSum_m = 0.0;
  for (int row = 0; row < rows; ++row) {
    const QModelIndex index = model->index(row, 0);
    MapSensor sensor;
    sensor.row = row;
    sensor.id = index.data(SensorTableModel::SensorIdRole).toString();
    sensor.position.lat_deg = index.data(SensorTableModel::LatitudeRole).toDouble();
    sensor.position.lon_deg = index.data(SensorTableModel::LongitudeRole).toDouble();
    sensor.position.alt_m = index.data(SensorTableModel::AltitudeRole).toDouble();
    if (!isValidGeodetic(sensor.position)) {
      continue; // the manifest reader rejects these; a view must not trust that
    }
    minLat = std::min(minLat, sensor.position.lat_deg);
    maxLat = std::max(maxLat, sensor.position.lat_deg);
    minLon = std::min(minLon, sensor.position.lon_deg);
    maxLon = std::max(maxLon, sensor.position.lon_deg);
    altitudeSum_m += sensor.position.alt_m;
    sensors_.push_back(sensor);
  }
  if (!sensors_.empty()) {
    // Networks span a city, never the antimeridian, so the box centre is the centre.
    const GeodeticPosition origin{(minLat + maxLat) / 2.0, (minLon + maxLon) / 2.0,
                                  altitudeSum_m / static_cast<double>(sensors_.size())};
    frame_.emplace(origin);
    for (MapSensor &sensor : sensors_) {
      const Eigen::Vector3d enu = frame_->toEnu(sensor.position);
      sensor.enu_m = QPointF(enu.x(), enu.y());
    }
  }
  followFit_ = true;
  fitToSensors();
}

void SensorMapWidget::fitToSensors() {
  if (sensors_.empty()) {
    centre_m_ = QPointF(0.0, 0.0);
    metresPerPixel_ = 1.0;
  } else {
    double minE = sensors_.front().enu_m.x();
    double maxE = minE;
    double minN = sensors_.front().enu_m.y();
    double maxN = minN;
    for (const MapSensor &sensor : sensors_) {
      minE = std::min(minE, sensor.enu_m.x());
      maxE = std::max(maxE, sensor.enu_m.x());
      minN = std::min(minN, sensor.enu_m.y());
      maxN = std::max(maxN, sensor.enu_m.y());
    }
    centre_m_ = QPointF((minE + maxE) / 2.0, (minN + maxN) / 2.0);
    const double usableWidth_px = std::max(1.0, width() - 2.0 * kFitMargin_px);
    const double usableHeight_px = std::max(1.0, height() - 2.0 * kFitMargin_px);
    // A lone sensor (or a line of them) still gets a readable 1 km wide view.
    const double span_m = std::max({maxE - minE, maxN - minN, 0.0});
    const double scale =
        span_m > 0.0 ? std::max((maxE - minE) / usableWidth_px, (maxN - minN) / usableHeight_px)
                     : 1000.0 / usableWidth_px;
    metresPerPixel_ = std::clamp(scale, kMinMetresPerPixel, kMaxMetresPerPixel);
  }
  update();
  emit viewChanged();
}

void SensorMapWidget::setScale(double metresPerPixel) {
  metresPerPixel_ = std::clamp(metresPerPixel, kMinMetresPerPixel, kMaxMetresPerPixel);
}

void SensorMapWidget::zoomBy(double factor, const QPointF &anchorWidgetPosition) {
  if (!(factor > 0.0) || !std::isfinite(factor)) {
    return;
  }
  // Keep the point under the anchor fixed on screen.
  const QPointF anchor_m = widgetToEnu(anchorWidgetPosition);
  setScale(metresPerPixel_ / factor);
  const QPointF moved = widgetToEnu(anchorWidgetPosition);
  centre_m_ += anchor_m - moved;
  followFit_ = false;
  update();
  emit viewChanged();
}

void SensorMapWidget::panByPixels(const QPointF &delta) {
  centre_m_ += QPointF(-delta.x() * metresPerPixel_, delta.y() * metresPerPixel_);
  followFit_ = false;
  update();
  emit viewChanged();
}

bool SensorMapWidget::isSelected(int row) const {
  return selectionModel_ && selectionModel_->model() == model_ &&
         selectionModel_->isRowSelected(row, {});
}

void SensorMapWidget::resizeEvent(QResizeEvent *event) {
  QWidget::resizeEvent(event);
  if (followFit_) {
    fitToSensors();
  }
}

void SensorMapWidget::wheelEvent(QWheelEvent *event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0.0) {
    zoomBy(std::pow(1.25, steps), event->position());
  }
  event->accept();
}

void SensorMapWidget::mousePressEvent(QMouseEvent *event) {
  if (event->button() == Qt::LeftButton) {
    dragging_ = true;
    pressPosition_ = event->position();
    lastDragPosition_ = event->position();
    setCursor(Qt::ClosedHandCursor);
  }
  QWidget::mousePressEvent(event);
}

void SensorMapWidget::mouseMoveEvent(QMouseEvent *event) {
  if (dragging_) {
    const QPointF delta = event->position() - lastDragPosition_;
    lastDragPosition_ = event->position();
    const QPointF travel = event->position() - pressPosition_;
    if (std::hypot(travel.x(), travel.y()) > kClickSlop_px || !followFit_) {
      panByPixels(delta);
    }
  }
  QWidget::mouseMoveEvent(event);
}

void SensorMapWidget::mouseReleaseEvent(QMouseEvent *event) {
  if (event->button() == Qt::LeftButton && dragging_) {
    dragging_ = false;
    setCursor(Qt::OpenHandCursor);
    const QPointF travel = event->position() - pressPosition_;
    QItemSelectionModel *const selection = selectionModel_.data();
    QAbstractItemModel *const model = model_.data();
    if (std::hypot(travel.x(), travel.y()) <= kClickSlop_px && selection != nullptr &&
        model != nullptr) {
      const int hit = sensorAt(event->position());
      if (hit >= 0) {
        const int row = sensors_[static_cast<std::size_t>(hit)].row;
        selection->setCurrentIndex(model->index(row, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      } else {
        selection->clearSelection();
      }
    }
  }
  QWidget::mouseReleaseEvent(event);
}

void SensorMapWidget::mouseDoubleClickEvent(QMouseEvent *event) {
  followFit_ = true;
  fitToSensors();
  event->accept();
}

void SensorMapWidget::keyPressEvent(QKeyEvent *event) {
  const QPointF middle(width() / 2.0, height() / 2.0);
  constexpr double kPanStep_px = 64.0;
  switch (event->key()) {
  case Qt::Key_Plus:
  case Qt::Key_Equal:
    zoomBy(1.25, middle);
    break;
  case Qt::Key_Minus:
    zoomBy(1.0 / 1.25, middle);
    break;
  case Qt::Key_Home:
    followFit_ = true;
    fitToSensors();
    break;
  case Qt::Key_Left:
    panByPixels({kPanStep_px, 0.0});
    break;
  case Qt::Key_Right:
    panByPixels({-kPanStep_px, 0.0});
    break;
  case Qt::Key_Up:
    panByPixels({0.0, kPanStep_px});
    break;
  case Qt::Key_Down:
    panByPixels({0.0, -kPanStep_px});
    break;
  default:
    QWidget::keyPressEvent(event);
    return;
  }
  event->accept();
}

bool SensorMapWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const int hit = sensorAt(help->pos());
    if (hit >= 0) {
      const MapSensor &sensor = sensors_[static_cast<std::size_t>(hit)];
      const QLocale locale;
      QToolTip::showText(help->globalPos(),
                         tr("%1\n%2°, %3°\n%4 m above the ellipsoid")
                             .arg(sensor.id, locale.toString(sensor.position.lat_deg, 'f', 6),
                                  locale.toString(sensor.position.lon_deg, 'f', 6),
                                  locale.toString(sensor.position.alt_m, 'f', 1)),
                         this);
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  if (event->type() == QEvent::LanguageChange) {
    setAccessibleName(tr("Sensor map"));
    update();
  }
  return QWidget::event(event);
}

void SensorMapWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), kBackground);
  painter.setRenderHint(QPainter::Antialiasing);
  if (sensors_.empty()) {
    paintEmptyState(painter);
    return;
  }
  paintGrid(painter);
  paintSensors(painter);
  paintScaleBar(painter);
  paintNorthArrow(painter);
  paintFrameNote(painter);
}

void SensorMapWidget::paintGrid(QPainter &painter) const {
  const double spacing_m = niceScaleLength_m(metresPerPixel_, 160.0);
  if (spacing_m <= 0.0) {
    return;
  }
  const QPointF topLeft = widgetToEnu(QPointF(0, 0));
  const QPointF bottomRight = widgetToEnu(QPointF(width(), height()));
  painter.save();
  painter.setPen(QPen(kGridLine, 1.0));
  for (double e = std::floor(topLeft.x() / spacing_m) * spacing_m; e <= bottomRight.x();
       e += spacing_m) {
    const double x = enuToWidget(QPointF(e, 0.0)).x();
    painter.drawLine(QPointF(x, 0.0), QPointF(x, height()));
  }
  for (double n = std::floor(bottomRight.y() / spacing_m) * spacing_m; n <= topLeft.y();
       n += spacing_m) {
    const double y = enuToWidget(QPointF(0.0, n)).y();
    painter.drawLine(QPointF(0.0, y), QPointF(width(), y));
  }
  painter.restore();
}

void SensorMapWidget::paintSensors(QPainter &painter) const {
  painter.save();
  QFont labelFont = font();
  labelFont.setBold(true);
  painter.setFont(labelFont);
  const QFontMetricsF metrics(labelFont);
  for (int i = 0; i < sensorCount(); ++i) {
    const MapSensor &sensor = sensors_[static_cast<std::size_t>(i)];
    const QPointF at = enuToWidget(sensor.enu_m);
    if (!rect().adjusted(-50, -50, 50, 50).contains(at.toPoint())) {
      continue;
    }
    const bool selected = isSelected(sensor.row);
    const double radius = selected ? kSensorRadius_px + 2.0 : kSensorRadius_px;
    if (selected) {
      painter.setPen(QPen(kSelectedFill, 2.0));
      painter.setBrush(Qt::NoBrush);
      painter.drawEllipse(at, radius + 5.0, radius + 5.0);
    }
    painter.setPen(QPen(Qt::white, 2.0));
    painter.setBrush(selected ? kSelectedFill : kSensorFill);
    painter.drawEllipse(at, radius, radius);
    drawHaloText(painter, at + QPointF(radius + 5.0, metrics.ascent() / 2.0 - 1.0), sensor.id);
  }
  painter.restore();
}

void SensorMapWidget::paintScaleBar(QPainter &painter) const {
  const double length_m = niceScaleLength_m(metresPerPixel_, std::min(200.0, width() / 3.0));
  if (length_m <= 0.0) {
    return;
  }
  const double length_px = length_m / metresPerPixel_;
  const QPointF left(16.0, height() - 18.0);
  const QPointF right = left + QPointF(length_px, 0.0);
  painter.save();
  painter.setPen(QPen(QColor(255, 255, 255, 220), 5.0, Qt::SolidLine, Qt::FlatCap));
  painter.drawLine(left, right);
  painter.setPen(QPen(kInk, 2.0, Qt::SolidLine, Qt::FlatCap));
  painter.drawLine(left, right);
  painter.drawLine(left, left - QPointF(0.0, 7.0));
  painter.drawLine(right, right - QPointF(0.0, 7.0));
  drawHaloText(painter, left + QPointF(0.0, -11.0), formatDistance(length_m));
  painter.restore();
}

void SensorMapWidget::paintNorthArrow(QPainter &painter) const {
  // The ENU frame's north is up at its origin; across a city the grid convergence
  // is far below a pixel, so one arrow serves the whole view.
  const QPointF tip(width() - 32.0, 18.0);
  QPainterPath left;
  left.moveTo(tip);
  left.lineTo(tip + QPointF(-10.0, 30.0));
  left.lineTo(tip + QPointF(0.0, 23.0));
  left.closeSubpath();
  QPainterPath right;
  right.moveTo(tip);
  right.lineTo(tip + QPointF(10.0, 30.0));
  right.lineTo(tip + QPointF(0.0, 23.0));
  right.closeSubpath();
  painter.save();
  painter.setPen(QPen(kInk, 1.2));
  painter.setBrush(kInk);
  painter.drawPath(left);
  painter.setBrush(Qt::white);
  painter.drawPath(right);
  QFont letterFont = font();
  letterFont.setBold(true);
  painter.setFont(letterFont);
  const QString north = tr("N", "north arrow");
  const double letterWidth = QFontMetricsF(letterFont).horizontalAdvance(north);
  drawHaloText(painter, tip + QPointF(-letterWidth / 2.0, 46.0), north);
  painter.restore();
}

void SensorMapWidget::paintFrameNote(QPainter &painter) const {
  if (!frame_) {
    return;
  }
  const QLocale locale;
  const GeodeticPosition &origin = frame_->origin();
  const QString note =
      tr("Plain map · centre %1°, %2°")
          .arg(locale.toString(origin.lat_deg, 'f', 5), locale.toString(origin.lon_deg, 'f', 5));
  painter.save();
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  painter.setFont(small);
  const double noteWidth = QFontMetricsF(small).horizontalAdvance(note);
  drawHaloText(painter, QPointF(width() - noteWidth - 12.0, height() - 10.0), note);
  painter.restore();
}

void SensorMapWidget::paintEmptyState(QPainter &painter) const {
  painter.save();
  painter.setPen(palette().color(QPalette::PlaceholderText));
  painter.drawText(rect().adjusted(32, 32, -32, -32), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No scenario open.\n\nChoose File → Open Scenario… (Ctrl+O) to show its "
                      "sensors on the map."));
  painter.restore();
}

} // namespace salvo
