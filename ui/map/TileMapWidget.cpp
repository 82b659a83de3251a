#include "TileMapWidget.h"

#include "HeatMapLayer.h"
#include "IncidentLayer.h"
#include "MapScale.h"
#include "MapStyle.h"
#include "SensorLayer.h"
#include "TileBaseMap.h"
#include "TileSourceSettings.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace salvo {
namespace {

constexpr double kClickSlop_px = 4.0;
constexpr double kPickRadius_px = 10.0;
constexpr double kKeyPan_px = 80.0;
constexpr double kFitMargin_px = 48.0;
constexpr double kFitMaxZoom = 17.0;
constexpr double kWheelZoomPerNotch = 0.5;

} // namespace

TileMapWidget::TileMapWidget(QWidget *parent) : QWidget(parent), baseMap_(new TileBaseMap(this)) {
  setFocusPolicy(Qt::StrongFocus);
  setCursor(Qt::OpenHandCursor);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setAccessibleName(tr("Map"));
  viewport_.size = size();
  viewport_.zoom = kMinZoom;
  connect(baseMap_, &TileBaseMap::changed, this, qOverload<>(&QWidget::update));
  baseMap_->setSource(createTileSourceFromSettings());
}

TileMapWidget::~TileMapWidget() = default;

void TileMapWidget::setModels(QAbstractItemModel *sensorModel, QAbstractItemModel *incidentModel) {
  if (!sensorLayer_) {
    heatMapLayer_ = new HeatMapLayer(this);
    incidentLayer_ = new IncidentLayer(this);
    sensorLayer_ = new SensorLayer(this);
    // Heat under incidents under sensors; layers added later go on top.
    layers_.prepend(sensorLayer_);
    layers_.prepend(incidentLayer_);
    layers_.prepend(heatMapLayer_);
    for (MapLayer *layer :
         {static_cast<MapLayer *>(heatMapLayer_), static_cast<MapLayer *>(incidentLayer_),
          static_cast<MapLayer *>(sensorLayer_)}) {
      connect(layer, &MapLayer::changed, this, qOverload<>(&QWidget::update));
    }
    connect(sensorLayer_, &MapLayer::changed, this, [this] {
      if (!userMovedView_) {
        fitToContent();
      }
    });
  }
  heatMapLayer_->setModel(incidentModel);
  incidentLayer_->setModel(incidentModel);
  sensorLayer_->setModel(sensorModel);
}

void TileMapWidget::addLayer(MapLayer *layer) {
  if (!layer || layers_.contains(layer)) {
    return;
  }
  layer->setParent(this);
  layers_.append(layer);
  connect(layer, &MapLayer::changed, this, qOverload<>(&QWidget::update));
  update();
}

void TileMapWidget::setTileSource(std::unique_ptr<TileSource> source) {
  baseMap_->setSource(std::move(source));
}

TileSource *TileMapWidget::tileSource() const {
  return baseMap_->source();
}

void TileMapWidget::setSelectedIncident(int row) {
  if (incidentLayer_) {
    incidentLayer_->setSelectedRow(row);
  }
}

int TileMapWidget::selectedIncident() const {
  return incidentLayer_ ? incidentLayer_->selectedRow() : -1;
}

void TileMapWidget::setCentre(const GeodeticPosition &centre) {
  userMovedView_ = true; // an explicit view: no refit on resize or model change
  applyCentre(centre);
}

void TileMapWidget::applyCentre(const GeodeticPosition &centre) {
  viewport_.centre = centre;
  viewport_.centre.alt_m = 0.0;
  update();
  emit viewChanged();
}

void TileMapWidget::setCentreWorldPixel(const QPointF &world) {
  const double size = viewport_.worldSize_px();
  // Wrap east-west; stop at the poles of the Mercator square.
  const QPointF wrapped(std::fmod(std::fmod(world.x(), size) + size, size),
                        std::clamp(world.y(), 0.0, size));
  applyCentre(MapViewport::geoFromWorldPixel(wrapped, viewport_.zoom));
}

void TileMapWidget::setZoom(double zoom) {
  userMovedView_ = true;
  viewport_.zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  update();
  emit viewChanged();
}

void TileMapWidget::zoomAbout(double newZoom, const QPointF &anchor) {
  userMovedView_ = true;
  const GeodeticPosition under = viewport_.toGeo(anchor);
  viewport_.zoom = std::clamp(newZoom, kMinZoom, kMaxZoom);
  const QPointF half(viewport_.size.width() / 2.0, viewport_.size.height() / 2.0);
  setCentreWorldPixel(MapViewport::worldPixel(under.lat_deg, under.lon_deg, viewport_.zoom) -
                      (anchor - half));
}

void TileMapWidget::panByPixels(const QPointF &delta) {
  userMovedView_ = true;
  setCentreWorldPixel(viewport_.centreWorldPixel() - delta);
}

void TileMapWidget::fitToContent() {
  double south = 0, west = 0, north = 0, east = 0;
  bool any = sensorLayer_ && sensorLayer_->boundingBox(south, west, north, east);
  double s2 = 0, w2 = 0, n2 = 0, e2 = 0;
  if (incidentLayer_ && incidentLayer_->boundingBox(s2, w2, n2, e2)) {
    if (any) {
      south = std::min(south, s2), west = std::min(west, w2);
      north = std::max(north, n2), east = std::max(east, e2);
    } else {
      south = s2, west = w2, north = n2, east = e2;
      any = true;
    }
  }
  if (!any) {
    return;
  }
  const QPointF nw = MapViewport::worldPixel(north, west, 0.0);
  const QPointF se = MapViewport::worldPixel(south, east, 0.0);
  const double spanX = std::max(1e-9, se.x() - nw.x());
  const double spanY = std::max(1e-9, se.y() - nw.y());
  const double availX = std::max(32.0, viewport_.size.width() - 2 * kFitMargin_px);
  const double availY = std::max(32.0, viewport_.size.height() - 2 * kFitMargin_px);
  const double zoom = std::min({std::log2(availX / spanX), std::log2(availY / spanY), kFitMaxZoom});
  viewport_.zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  applyCentre(MapViewport::geoFromWorldPixel((nw + se) / 2.0, 0.0));
}

void TileMapWidget::centreOnIncident(int row) {
  if (!incidentLayer_ || row < 0 || row >= incidentLayer_->incidentCount()) {
    return;
  }
  panByPixels(QPointF(width() / 2.0, height() / 2.0) -
              incidentLayer_->screenPosition(viewport_, row));
}

QString TileMapWidget::attributionText() const {
  const TileSource *source = baseMap_->source();
  if (!source) {
    return tr("Plain map (no tile source)");
  }
  QString text = source->attribution();
  if (baseMap_->isUnreachable()) {
    text = text.isEmpty() ? tr("Offline: plain map") : tr("%1 · offline: plain map").arg(text);
  }
  return text;
}

void TileMapWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  viewport_.devicePixelRatio = devicePixelRatioF();
  baseMap_->paint(painter, viewport_);
  for (MapLayer *layer : std::as_const(layers_)) {
    if (layer->isVisible()) {
      layer->paint(painter, viewport_);
    }
  }
  paintScaleBar(painter);
  paintAttribution(painter);
}

void TileMapWidget::paintScaleBar(QPainter &painter) const {
  const double length_m = niceScaleLength_m(viewport_.metresPerPixel(), 140.0);
  if (!(length_m > 0.0)) {
    return;
  }
  const double length_px = length_m / viewport_.metresPerPixel();
  const QPointF left(12.0, height() - 14.0);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(Qt::white, 5.0, Qt::SolidLine, Qt::FlatCap));
  painter.drawPolyline(QList<QPointF>{left - QPointF(0, 6), left, left + QPointF(length_px, 0),
                                      left + QPointF(length_px, -6)});
  painter.setPen(QPen(mapstyle::kInk, 2.0, Qt::SolidLine, Qt::FlatCap));
  painter.drawPolyline(QList<QPointF>{left - QPointF(0, 6), left, left + QPointF(length_px, 0),
                                      left + QPointF(length_px, -6)});
  mapstyle::drawHaloText(painter, left + QPointF(4.0, -6.0), formatDistance(length_m));
  painter.restore();
}

void TileMapWidget::paintAttribution(QPainter &painter) const {
  const QString text = attributionText();
  QFont font = painter.font();
  font.setPointSizeF(8.0);
  painter.save();
  painter.setFont(font);
  const QRectF bounds = painter.fontMetrics().boundingRect(text).adjusted(-5, -2, 5, 2);
  const QRectF box(width() - bounds.width(), height() - bounds.height(), bounds.width(),
                   bounds.height());
  painter.fillRect(box, QColor(255, 255, 255, 200));
  painter.setPen(mapstyle::kInk);
  painter.drawText(box, Qt::AlignCenter, text);
  painter.restore();
}

void TileMapWidget::resizeEvent(QResizeEvent *) {
  viewport_.size = size();
  if (!userMovedView_) {
    fitToContent();
  }
}

void TileMapWidget::wheelEvent(QWheelEvent *event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches != 0.0) {
    userMovedView_ = true;
    zoomAbout(viewport_.zoom + notches * kWheelZoomPerNotch, event->position());
  }
  event->accept();
}

void TileMapWidget::mousePressEvent(QMouseEvent *event) {
  if (event->button() == Qt::LeftButton) {
    dragging_ = true;
    pressPosition_ = lastDragPosition_ = event->position();
    setCursor(Qt::ClosedHandCursor);
  }
}

void TileMapWidget::mouseMoveEvent(QMouseEvent *event) {
  if (!dragging_) {
    return;
  }
  const QPointF moved = event->position() - pressPosition_;
  if (std::hypot(moved.x(), moved.y()) > kClickSlop_px) {
    userMovedView_ = true;
    panByPixels(event->position() - lastDragPosition_);
    lastDragPosition_ = event->position();
  }
}

void TileMapWidget::mouseReleaseEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton || !dragging_) {
    return;
  }
  dragging_ = false;
  setCursor(Qt::OpenHandCursor);
  const QPointF moved = event->position() - pressPosition_;
  if (std::hypot(moved.x(), moved.y()) <= kClickSlop_px) {
    clickAt(event->position());
  }
}

void TileMapWidget::clickAt(const QPointF &position) {
  if (incidentLayer_ && incidentLayer_->isVisible()) {
    const int row = incidentLayer_->incidentAt(viewport_, position, kPickRadius_px);
    if (row >= 0) {
      incidentLayer_->setSelectedRow(row);
      emit incidentClicked(row);
      return;
    }
  }
  if (sensorLayer_ && sensorLayer_->isVisible()) {
    const QString id = sensorLayer_->sensorAt(viewport_, position, kPickRadius_px);
    if (!id.isEmpty()) {
      emit sensorClicked(id);
    }
  }
}

void TileMapWidget::mouseDoubleClickEvent(QMouseEvent *event) {
  userMovedView_ = true;
  zoomAbout(viewport_.zoom + 1.0, event->position());
}

void TileMapWidget::keyPressEvent(QKeyEvent *event) {
  const QPointF centre(width() / 2.0, height() / 2.0);
  switch (event->key()) {
  case Qt::Key_Left:
    panByPixels({kKeyPan_px, 0});
    break;
  case Qt::Key_Right:
    panByPixels({-kKeyPan_px, 0});
    break;
  case Qt::Key_Up:
    panByPixels({0, kKeyPan_px});
    break;
  case Qt::Key_Down:
    panByPixels({0, -kKeyPan_px});
    break;
  case Qt::Key_Plus:
  case Qt::Key_Equal:
    zoomAbout(viewport_.zoom + 1.0, centre);
    break;
  case Qt::Key_Minus:
    zoomAbout(viewport_.zoom - 1.0, centre);
    break;
  case Qt::Key_Home:
    userMovedView_ = false;
    fitToContent();
    return;
  default:
    QWidget::keyPressEvent(event);
    return;
  }
  userMovedView_ = true;
}

} // namespace salvo
