#include "CircleRaster.h"

namespace salvo {
namespace {

QRgb sourceOver(QRgb source, QRgb destination) {
  const unsigned inverse = 255u - qAlpha(source);
  QRgb out = 0;
  for (int shift = 0; shift < 32; shift += 8) {
    const unsigned s = (source >> shift) & 0xffu;
    const unsigned d = (destination >> shift) & 0xffu;
    out |= (s + (d * inverse + 127u) / 255u) << shift;
  }
  return out;
}

class Plotter {
public:
  Plotter(QImage &image, const QRect &clip, QPoint centre, QRgb colour)
      : bits_(reinterpret_cast<QRgb *>(image.bits())),
        stride_(static_cast<int>(image.bytesPerLine() / 4)), clip_(clip), centre_(centre),
        colour_(colour) {}

  // The four mirror images of (a, b), without repeating a pixel on an axis.
  void plotMirrored(int a, int b) {
    plot(a, b);
    if (b != 0) {
      plot(a, -b);
    }
    if (a != 0) {
      plot(-a, b);
      if (b != 0) {
        plot(-a, -b);
      }
    }
  }

private:
  void plot(int dx, int dy) {
    const int x = centre_.x() + dx;
    const int y = centre_.y() + dy;
    if (clip_.contains(x, y)) {
      QRgb &pixel = bits_[static_cast<qsizetype>(y) * stride_ + x];
      pixel = sourceOver(colour_, pixel);
    }
  }

  QRgb *bits_;
  int stride_;
  QRect clip_;
  QPoint centre_;
  QRgb colour_;
};

} // namespace

void strokeCircle(QImage &image, QPoint centre, int radius_px, QRgb premultipliedColour,
                  const QRect &clip) {
  const QRect inside = clip & image.rect();
  const QRect box(centre - QPoint(radius_px, radius_px),
                  QSize(2 * radius_px + 1, 2 * radius_px + 1));
  if (radius_px <= 0 || image.format() != QImage::Format_ARGB32_Premultiplied ||
      !inside.intersects(box)) {
    return;
  }
  Plotter plotter(image, inside, centre, premultipliedColour);
  int x = 0;
  int y = radius_px;
  int decision = 1 - radius_px;
  while (x <= y) {
    plotter.plotMirrored(x, y);
    if (x != y) {
      plotter.plotMirrored(y, x);
    }
    ++x;
    if (decision < 0) {
      decision += 2 * x + 1;
    } else {
      --y;
      decision += 2 * (x - y) + 1;
    }
  }
}

} // namespace salvo
