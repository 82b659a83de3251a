#include "FallbackMap.h"

#include "MapStyle.h"

#include <QCache>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <array>
#include <cmath>

namespace salvo {

namespace {

void paintHaloPath(QPainter &painter, const QPointF &baseline, const QString &text) {
  QPainterPath path;
  path.addText(baseline, painter.font(), text);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(255, 255, 255, 220), 3.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(path);
  painter.setPen(Qt::NoPen);
  painter.setBrush(mapstyle::kInk);
  painter.drawPath(path);
  painter.restore();
}

} // namespace

// Outlining glyphs and stroking the halo every frame cost about half of the plain map's
// frame time; the same few labels come back on every pan, so each is drawn once into
// an image and blitted (at a whole pixel) from then on.
void mapstyle::drawHaloText(QPainter &painter, const QPointF &baseline, const QString &text) {
  const qreal devicePixelRatio = painter.device()->devicePixelRatioF();
  if (painter.transform().type() > QTransform::TxTranslate) {
    paintHaloPath(painter, baseline, text);
    return;
  }
  thread_local QCache<QString, QImage> labels(512); // a report may paint off the GUI thread
  const QString key = painter.font().key() + QLatin1Char('|') + QString::number(devicePixelRatio) +
                      QLatin1Char('|') + text;
  const QRect bounds =
      QFontMetricsF(painter.font()).boundingRect(text).toAlignedRect().adjusted(-3, -3, 3, 3);
  QImage *label = labels.object(key);
  if (label == nullptr) {
    label = new QImage(bounds.size() * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    label->setDevicePixelRatio(devicePixelRatio);
    label->fill(Qt::transparent);
    QPainter labelPainter(label);
    labelPainter.setFont(painter.font());
    paintHaloPath(labelPainter, -QPointF(bounds.topLeft()), text);
    labelPainter.end();
    labels.insert(key, label);
  }
  painter.drawImage((baseline + QPointF(bounds.topLeft())).toPoint(), *label);
}

namespace {

QString formatDegrees(double value_deg, double step_deg, bool latitude) {
  const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step_deg) - 1e-9)));
  const QChar hemisphere = latitude ? (value_deg < 0 ? QLatin1Char('S') : QLatin1Char('N'))
                                    : (value_deg < 0 ? QLatin1Char('W') : QLatin1Char('E'));
  return QStringLiteral("%1°%2").arg(QLocale().toString(std::abs(value_deg), 'f', decimals),
                                     hemisphere);
}

void paintMeridians(QPainter &painter, const MapViewport &viewport, double step_deg) {
  const double width = viewport.size.width();
  const double height = viewport.size.height();
  const double west = viewport.toGeo({0.0, 0.0}).lon_deg;
  const double east = viewport.toGeo({width, 0.0}).lon_deg;
  for (double lon = std::ceil(west / step_deg) * step_deg; lon <= east; lon += step_deg) {
    const double x = viewport.toScreen(viewport.centre.lat_deg, lon).x();
    painter.drawLine(QPointF(x, 0.0), QPointF(x, height));
    mapstyle::drawHaloText(painter, {x + 4.0, 14.0}, formatDegrees(lon, step_deg, false));
  }
}

void paintParallels(QPainter &painter, const MapViewport &viewport, double step_deg) {
  const double width = viewport.size.width();
  const double height = viewport.size.height();
  const double north = viewport.toGeo({0.0, 0.0}).lat_deg;
  const double south = viewport.toGeo({0.0, height}).lat_deg;
  for (double lat = std::ceil(south / step_deg) * step_deg; lat <= north; lat += step_deg) {
    const double y = viewport.toScreen(lat, viewport.centre.lon_deg).y();
    painter.drawLine(QPointF(0.0, y), QPointF(width, y));
    mapstyle::drawHaloText(painter, {4.0, y - 4.0}, formatDegrees(lat, step_deg, true));
  }
}

} // namespace

double graticuleStep_deg(const MapViewport &viewport, double minSpacing_px) {
  const double pixelsPerDegree = viewport.worldSize_px() / 360.0;
  const double minStep_deg = minSpacing_px / pixelsPerDegree;
  const double decade = std::pow(10.0, std::floor(std::log10(minStep_deg)));
  constexpr std::array<double, 4> kSteps{1.0, 2.0, 5.0, 10.0};
  for (const double step : kSteps) {
    if (step * decade >= minStep_deg) {
      return std::min(step * decade, 30.0);
    }
  }
  return 30.0;
}

void paintFallbackMap(QPainter &painter, const MapViewport &viewport) {
  painter.save();
  painter.fillRect(QRectF(QPointF(0, 0), viewport.size), mapstyle::kLand);
  QFont font = painter.font();
  font.setPointSizeF(7.5);
  painter.setFont(font);
  painter.setPen(QPen(mapstyle::kGraticule, 1.0));
  const double step_deg = graticuleStep_deg(viewport, 120.0);
  paintMeridians(painter, viewport, step_deg);
  painter.setPen(QPen(mapstyle::kGraticule, 1.0));
  paintParallels(painter, viewport, step_deg);
  painter.restore();
}

} // namespace salvo
