#include "GridImageLayer.h"

#include "map/MapStyle.h"
#include "network/MapColours.h"

#include <QPainter>

#include <cmath>

namespace salvo {
namespace {

// One pixel a cell, row 0 at the top (north).
template <typename Colour>
QImage gridImage(const network::GridSpec &grid, const std::vector<float> &values, Colour colour) {
  QImage image(grid.cols, grid.rows, QImage::Format_ARGB32);
  for (int row = 0; row < grid.rows; ++row) {
    auto *line = reinterpret_cast<QRgb *>(image.scanLine(grid.rows - 1 - row));
    for (int col = 0; col < grid.cols; ++col) {
      line[col] = colour(values[grid.index(col, row)]);
    }
  }
  return image;
}

} // namespace

void GridImageLayer::setMaps(const network::NetworkMaps &maps) {
  const network::GridSpec &grid = maps.coverage.grid;
  const LocalEnuFrame frame(grid.origin);
  southWest_ = frame.toGeodetic(Eigen::Vector3d(grid.west_m, grid.south_m, 0.0));
  northEast_ = frame.toGeodetic(Eigen::Vector3d(grid.west_m + grid.cols * grid.cell_m,
                                                grid.south_m + grid.rows * grid.cell_m, 0.0));
  image_ = render(maps);
  emit changed();
}

void GridImageLayer::paint(QPainter &painter, const MapViewport &viewport) {
  if (image_.isNull()) {
    return;
  }
  const QPointF sw = viewport.toScreen(southWest_.lat_deg, southWest_.lon_deg);
  const QPointF ne = viewport.toScreen(northEast_.lat_deg, northEast_.lon_deg);
  const QRectF target(QPointF(sw.x(), ne.y()), QPointF(ne.x(), sw.y()));
  painter.save();
  // Cells stay crisp squares when zoomed in; smooth when a cell is under a pixel.
  painter.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < image_.width());
  painter.drawImage(target, image_);
  painter.restore();
  paintLegend(painter, viewport);
}

void GridImageLayer::paintLegend(QPainter &painter, const MapViewport &viewport) const {
  constexpr int kWidth = 160;
  const QStringList labels = legendLabels();
  const QRectF box(10, viewport.size.height() - 96, kWidth + 20, 52); // above the scale bar
  painter.save();
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(255, 255, 255, 215));
  painter.drawRoundedRect(box, 4, 4);
  painter.setPen(mapstyle::kInk);
  QFont font = painter.font();
  font.setPointSizeF(8.0);
  painter.setFont(font);
  painter.drawText(QPointF(box.left() + 10, box.top() + 14), legendTitle());
  painter.drawImage(QRectF(box.left() + 10, box.top() + 20, kWidth, 10), legendBar(kWidth));
  for (int k = 0; k < labels.size(); ++k) {
    const double x = box.left() + 10 + kWidth * k / std::max<qsizetype>(1, labels.size() - 1);
    const double w = painter.fontMetrics().horizontalAdvance(labels[k]);
    painter.drawText(QPointF(x - w / 2, box.top() + 44), labels[k]);
  }
  painter.restore();
}

CoverageLayer::CoverageLayer(QObject *parent, int minSensors)
    : GridImageLayer(parent), minSensors_(minSensors) {}

QString CoverageLayer::name() const {
  return tr("Coverage (at least %n sensors)", nullptr, minSensors_);
}

QImage CoverageLayer::render(const network::NetworkMaps &maps) const {
  return gridImage(maps.coverage.grid, minSensors_ >= 4 ? maps.coverage.p4 : maps.coverage.p3,
                   [](double p) { return QRgb(network::probabilityColour(p)); });
}

QString CoverageLayer::legendTitle() const {
  return tr("P(shot heard by ≥ %1 sensors)").arg(minSensors_);
}

QImage CoverageLayer::legendBar(int width) const {
  QImage bar(width, 1, QImage::Format_ARGB32);
  for (int x = 0; x < width; ++x) {
    bar.setPixel(x, 0, network::probabilityColour(std::max(0.1, x / (width - 1.0)), 255));
  }
  return bar;
}

QStringList CoverageLayer::legendLabels() const {
  return {tr("0 %"), tr("50 %"), tr("100 %")};
}

QImage AccuracyLayer::render(const network::NetworkMaps &maps) const {
  return gridImage(maps.accuracy.grid, maps.accuracy.error95_m,
                   [](double e) { return QRgb(network::errorColour(e)); });
}

QString AccuracyLayer::legendTitle() const {
  return tr("95 % location error");
}

QImage AccuracyLayer::legendBar(int width) const {
  QImage bar(width, 1, QImage::Format_ARGB32);
  const double ratio = network::kErrorMax_m / network::kErrorMin_m;
  for (int x = 0; x < width; ++x) {
    bar.setPixel(
        x, 0, network::errorColour(network::kErrorMin_m * std::pow(ratio, x / (width - 1.0)), 255));
  }
  return bar;
}

QStringList AccuracyLayer::legendLabels() const {
  return {tr("0.1 m"), tr("1 m"), tr("10 m"), tr("100 m")};
}

} // namespace salvo
