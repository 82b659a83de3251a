#pragma once

#include "MapLayer.h"

#include <QAbstractItemModel>

#include <QImage>
#include <QPointer>

#include <array>
#include <cstdint>
#include <vector>

namespace salvo {

// Where incidents cluster: the recent incidents (those within a window before the newest
// one; rejected ones left out) spread by a Gaussian kernel of a fixed ground size and
// coloured blue → green → yellow → red. Rendered on a grid 4× coarser than the screen
// (counts splatted, then a separable blur), upscaled smoothly, and kept until the
// model or the view changes.
class HeatMapLayer : public MapLayer {
  Q_OBJECT
public:
  explicit HeatMapLayer(QObject *parent = nullptr);

  void setModel(QAbstractItemModel *model);
  void setRecentWindow_ns(std::int64_t window_ns);
  void setKernelSigma_m(double sigma_m);

  QString name() const override { return tr("Heat map"); }
  void paint(QPainter &painter, const MapViewport &viewport) override;

  int renderCount() const { return renderCount_; } // how often the image was rebuilt
  int recentCount() const { return static_cast<int>(points_.size()); }
  static constexpr int kCell_px = 4;

private:
  void rebuild();
  void render(const MapViewport &viewport);
  std::vector<float> splat(const MapViewport &viewport, int width, int height, int pad) const;

  QPointer<QAbstractItemModel> model_;
  std::vector<QPointF> points_; // unit Web Mercator
  std::int64_t window_ns_ = 24LL * 3600 * 1'000'000'000;
  double sigma_m_ = 120.0;
  std::array<unsigned, 256> palette_{};

  QImage image_;
  double imageZoom_ = -1.0;
  QPointF imageCentre_;
  QSizeF imageSize_;
  int renderCount_ = 0;
};

} // namespace salvo
