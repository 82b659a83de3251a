#include "HeatMapLayer.h"

#include "IncidentTableModel.h"
#include "ModelWatch.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace salvo {
namespace {

// A ramp through (t, r, g, b): transparent at 0, opaque enough to read at 1.
std::array<unsigned, 256> makePalette() {
  struct Stop {
    double t, r, g, b;
  };
  constexpr std::array<Stop, 5> kStops{{{0.0, 40, 80, 255},
                                        {0.25, 0, 170, 255},
                                        {0.5, 40, 200, 60},
                                        {0.75, 255, 210, 0},
                                        {1.0, 230, 20, 20}}};
  std::array<unsigned, 256> palette{};
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0;
    std::size_t s = 1;
    while (s + 1 < kStops.size() && kStops[s].t < t) {
      ++s;
    }
    const Stop &a = kStops[s - 1];
    const Stop &b = kStops[s];
    const double f = std::clamp((t - a.t) / (b.t - a.t), 0.0, 1.0);
    const double alpha = std::min(1.0, t * 2.0) * 0.72;
    const auto channel = [&](double x, double y) {
      return static_cast<int>(std::lround((x + (y - x) * f) * alpha));
    };
    palette[static_cast<std::size_t>(i)] =
        qRgba(channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b),
              static_cast<int>(std::lround(255.0 * alpha)));
  }
  palette[0] = 0;
  return palette;
}

std::vector<float> gaussianKernel(double sigma) {
  const int radius = static_cast<int>(std::ceil(3.0 * sigma));
  std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1));
  for (int i = -radius; i <= radius; ++i) {
    kernel[static_cast<std::size_t>(i + radius)] =
        static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
  }
  return kernel;
}

// The separable blur along rows: the grid is mostly empty, so scatter from the few
// non-zero cells.
void blurRows(const std::vector<float> &in, std::vector<float> &out, int width, int height,
              const std::vector<float> &kernel) {
  const int radius = static_cast<int>(kernel.size() / 2);
  std::fill(out.begin(), out.end(), 0.0f);
  for (int y = 0; y < height; ++y) {
    const float *source = in.data() + static_cast<std::size_t>(y) * width;
    float *target = out.data() + static_cast<std::size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const float value = source[x];
      if (value == 0.0f) {
        continue;
      }
      const int from = std::max(0, x - radius);
      const int to = std::min(width - 1, x + radius);
      for (int j = from; j <= to; ++j) {
        target[j] += value * kernel[static_cast<std::size_t>(j - x + radius)];
      }
    }
  }
}

// ... and along columns, a whole row at a time: contiguous memory the compiler can
// vectorise, where walking one column strides through the whole grid.
void blurColumns(const std::vector<float> &in, std::vector<float> &out, int width, int height,
                 const std::vector<float> &kernel) {
  const int radius = static_cast<int>(kernel.size() / 2);
  std::fill(out.begin(), out.end(), 0.0f);
  for (int y = 0; y < height; ++y) {
    const float *source = in.data() + static_cast<std::size_t>(y) * width;
    if (std::all_of(source, source + width, [](float v) { return v == 0.0f; })) {
      continue;
    }
    const int from = std::max(0, y - radius);
    const int to = std::min(height - 1, y + radius);
    for (int j = from; j <= to; ++j) {
      const float weight = kernel[static_cast<std::size_t>(j - y + radius)];
      float *target = out.data() + static_cast<std::size_t>(j) * width;
      for (int x = 0; x < width; ++x) {
        target[x] += weight * source[x];
      }
    }
  }
}

} // namespace

HeatMapLayer::HeatMapLayer(QObject *parent) : MapLayer(parent), palette_(makePalette()) {}

void HeatMapLayer::setModel(QAbstractItemModel *model) {
  if (model_) {
    model_->disconnect(this);
  }
  model_ = model;
  if (model_) {
    watchModel(model_, this, [this] { rebuild(); });
  }
  rebuild();
}

void HeatMapLayer::setRecentWindow_ns(std::int64_t window_ns) {
  window_ns_ = window_ns;
  rebuild();
}

void HeatMapLayer::setKernelSigma_m(double sigma_m) {
  sigma_m_ = std::max(1.0, sigma_m);
  image_ = {};
  emit changed();
}

void HeatMapLayer::rebuild() {
  points_.clear();
  image_ = {};
  QAbstractItemModel *const model = model_.data();
  const int rows = model != nullptr ? model->rowCount() : 0;
  qlonglong newest_ns = std::numeric_limits<qlonglong>::min();
  for (int row = 0; row < rows; ++row) {
    newest_ns = std::max(newest_ns,
                         model->index(row, 0).data(IncidentTableModel::TimeUtcNsRole).toLongLong());
  }
  for (int row = 0; row < rows; ++row) {
    const QModelIndex index = model->index(row, 0);
    const bool rejected = index.data(IncidentTableModel::StatusRole).toInt() ==
                          static_cast<int>(ReviewStatus::Rejected);
    const qlonglong time_ns = index.data(IncidentTableModel::TimeUtcNsRole).toLongLong();
    if (!rejected && newest_ns - time_ns <= window_ns_) {
      points_.push_back(
          MapViewport::unitMercator(index.data(IncidentTableModel::LatitudeRole).toDouble(),
                                    index.data(IncidentTableModel::LongitudeRole).toDouble()));
    }
  }
  emit changed();
}

std::vector<float> HeatMapLayer::splat(const MapViewport &viewport, int width, int height,
                                       int pad) const {
  std::vector<float> grid(static_cast<std::size_t>(width * height), 0.0f);
  const double scale = viewport.worldSize_px();
  const QPointF offset =
      viewport.centreWorldPixel() - QPointF(viewport.size.width(), viewport.size.height()) / 2.0;
  for (const QPointF &unit : points_) {
    const QPointF cell = (unit * scale - offset) / kCell_px + QPointF(pad, pad);
    const int x = static_cast<int>(std::floor(cell.x()));
    const int y = static_cast<int>(std::floor(cell.y()));
    if (x >= 0 && x < width && y >= 0 && y < height) {
      grid[static_cast<std::size_t>(y * width + x)] += 1.0f;
    }
  }
  return grid;
}

void HeatMapLayer::render(const MapViewport &viewport) {
  ++renderCount_;
  const double sigma_cells =
      std::clamp(sigma_m_ / (viewport.metresPerPixel() * kCell_px), 0.75, 16.0);
  const std::vector<float> kernel = gaussianKernel(sigma_cells);
  const int pad = static_cast<int>(kernel.size() / 2);
  const int gridWidth = static_cast<int>(std::ceil(viewport.size.width() / kCell_px)) + 1 + 2 * pad;
  const int gridHeight =
      static_cast<int>(std::ceil(viewport.size.height() / kCell_px)) + 1 + 2 * pad;
  std::vector<float> grid = splat(viewport, gridWidth, gridHeight, pad);
  std::vector<float> blurred(grid.size());
  blurRows(grid, blurred, gridWidth, gridHeight, kernel);
  blurColumns(blurred, grid, gridWidth, gridHeight, kernel);

  // Three coincident incidents reach full heat; a lone one stays a faint blue.
  const float onePeak = 1.0f;
  const float peak = std::max(3.0f * onePeak, *std::max_element(grid.begin(), grid.end()));
  image_ = QImage(gridWidth - 2 * pad, gridHeight - 2 * pad, QImage::Format_ARGB32_Premultiplied);
  for (int y = 0; y < image_.height(); ++y) {
    auto *line = reinterpret_cast<QRgb *>(image_.scanLine(y));
    const float *source = grid.data() + static_cast<std::size_t>((y + pad) * gridWidth + pad);
    for (int x = 0; x < image_.width(); ++x) {
      const int level = std::min(255, static_cast<int>(source[x] / peak * 255.0f));
      line[x] = palette_[static_cast<std::size_t>(level)];
    }
  }
  imageZoom_ = viewport.zoom;
  imageCentre_ = viewport.centreWorldPixel();
  imageSize_ = viewport.size;
}

void HeatMapLayer::paint(QPainter &painter, const MapViewport &viewport) {
  if (points_.empty()) {
    return;
  }
  if (image_.isNull() || imageZoom_ != viewport.zoom ||
      imageCentre_ != viewport.centreWorldPixel() || imageSize_ != viewport.size) {
    render(viewport);
  }
  painter.save();
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(QRectF(0, 0, image_.width() * kCell_px, image_.height() * kCell_px), image_);
  painter.restore();
}

} // namespace salvo
