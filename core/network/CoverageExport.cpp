#include "network/CoverageExport.h"

#include "network/MapColours.h"
#include "network/PixelImage.h"

#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace salvo::network {
namespace {

void appendNumber(std::string &out, const char *pattern, double value) {
  char text[40];
  std::snprintf(text, sizeof text, pattern, value);
  out += text;
}

void appendCell(std::string &out, const GridSpec &grid,
                const std::vector<GeodeticPosition> &corners, int col, int row) {
  const auto corner = [&](int c, int r) -> const GeodeticPosition & {
    return corners[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols + 1) +
                   static_cast<std::size_t>(c)];
  };
  const GeodeticPosition *ring[5] = {&corner(col, row), &corner(col + 1, row),
                                     &corner(col + 1, row + 1), &corner(col, row + 1),
                                     &corner(col, row)};
  out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[";
  for (int k = 0; k < 5; ++k) {
    out += k ? ",[" : "[";
    appendNumber(out, "%.7f,", ring[k]->lon_deg);
    appendNumber(out, "%.7f]", ring[k]->lat_deg);
  }
  out += "]]},\"properties\":{";
}

std::vector<GeodeticPosition> cellCorners(const GridSpec &grid) {
  const LocalEnuFrame frame(grid.origin);
  std::vector<GeodeticPosition> corners;
  corners.reserve(static_cast<std::size_t>(grid.cols + 1) *
                  static_cast<std::size_t>(grid.rows + 1));
  for (int r = 0; r <= grid.rows; ++r) {
    for (int c = 0; c <= grid.cols; ++c) {
      corners.push_back(frame.toGeodetic(
          Eigen::Vector3d(grid.west_m + c * grid.cell_m, grid.south_m + r * grid.cell_m, 0.0)));
    }
  }
  return corners;
}

void writeText(const std::filesystem::path &path, const std::string &text) {
  QSaveFile file(QString::fromStdString(path.string()));
  const auto size = static_cast<qint64>(text.size());
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), size) != size || !file.commit()) {
    throw std::runtime_error("cannot write " + path.string() + ": " +
                             file.errorString().toStdString());
  }
}

// One map panel: cells at `scale` pixels each, north up, sensors as dots.
template <typename Colour>
void drawPanel(PixelImage &image, int left, int top, int scale, const GridSpec &grid,
               const std::vector<float> &values, Colour colour,
               std::span<const NetworkSensor> sensors) {
  image.fillRect(left, top, grid.cols * scale, grid.rows * scale, 0xffe8e8e8u);
  for (int row = 0; row < grid.rows; ++row) {
    for (int col = 0; col < grid.cols; ++col) {
      const std::uint32_t argb = colour(values[grid.index(col, row)]);
      if (argb != 0u) {
        image.fillRect(left + col * scale, top + (grid.rows - 1 - row) * scale, scale, scale,
                       argb | 0xff000000u);
      }
    }
  }
  const LocalEnuFrame frame(grid.origin);
  for (const NetworkSensor &s : sensors) {
    if (!isListening(s)) {
      continue;
    }
    const Eigen::Vector3d enu = frame.toEnu(s.position);
    const int x = left + static_cast<int>((enu.x() - grid.west_m) / grid.cell_m * scale);
    const int y =
        top + static_cast<int>((grid.rows - (enu.y() - grid.south_m) / grid.cell_m) * scale);
    image.fillRect(x - 3, y - 3, 7, 7, 0xff000000u);
    image.fillRect(x - 1, y - 1, 3, 3, 0xffffffffu);
  }
}

template <typename Colour>
void drawLegend(PixelImage &image, int left, int top, int width, Colour colour, double v0,
                double v1, bool logScale, const char *const labels[], int labelCount) {
  for (int x = 0; x < width; ++x) {
    const double f = static_cast<double>(x) / (width - 1);
    const double v = logScale ? v0 * std::pow(v1 / v0, f) : v0 + (v1 - v0) * f;
    image.fillRect(left + x, top, 1, 14, colour(v) | 0xff000000u);
  }
  for (int k = 0; k < labelCount; ++k) {
    const int x = left + (width - 1) * k / (labelCount - 1);
    image.fillRect(x, top + 14, 1, 5, 0xff000000u);
    const std::string_view label = labels[k];
    const int textW = PixelImage::textWidth(label, 2);
    const int textX = std::clamp(x - textW / 2, left, left + width - textW);
    image.drawText(textX, top + 22, label, 2, 0xff000000u);
  }
}

} // namespace

void writeCoverageGeoJson(const std::filesystem::path &path, const NetworkMaps &maps) {
  const GridSpec &grid = maps.coverage.grid;
  const std::vector<GeodeticPosition> corners = cellCorners(grid);
  std::string out;
  out.reserve(grid.cellCount() * 260);
  out += "{\"type\":\"FeatureCollection\",";
  appendNumber(out, "\"cell_m\":%g,", grid.cell_m);
  out += "\"cols\":" + std::to_string(grid.cols) + ",\"rows\":" + std::to_string(grid.rows) +
         ",\"features\":[\n";
  for (int row = 0; row < grid.rows; ++row) {
    for (int col = 0; col < grid.cols; ++col) {
      const std::size_t i = grid.index(col, row);
      if (i > 0) {
        out += ",\n";
      }
      appendCell(out, grid, corners, col, row);
      appendNumber(out, "\"p3\":%.4f,", maps.coverage.p3[i]);
      appendNumber(out, "\"p4\":%.4f,", maps.coverage.p4[i]);
      const float e = maps.accuracy.error95_m[i];
      if (std::isfinite(e)) {
        appendNumber(out, "\"error95_m\":%.3f}}", e);
      } else {
        out += "\"error95_m\":null}}";
      }
    }
  }
  out += "\n]}\n";
  writeText(path, out);
}

void writeCoveragePng(const std::filesystem::path &path, const NetworkMaps &maps,
                      std::span<const NetworkSensor> sensors) {
  const GridSpec &grid = maps.coverage.grid;
  const int scale = std::max(1, 480 / std::max(grid.cols, grid.rows));
  const int panelW = grid.cols * scale;
  const int panelH = grid.rows * scale;
  const int margin = 16;
  const int titleH = 30;
  const int legendH = 50;
  PixelImage image(3 * margin + 2 * panelW, 2 * margin + titleH + panelH + legendH);
  const int top = margin + titleH;
  const int right = 2 * margin + panelW;
  image.drawText(margin, margin, "P(>=3)", 4, 0xff000000u);
  image.drawText(right, margin, "ERROR 95 (M)", 4, 0xff000000u);
  drawPanel(
      image, margin, top, scale, grid, maps.coverage.p3,
      [](double p) { return probabilityColour(p); }, sensors);
  drawPanel(
      image, right, top, scale, grid, maps.accuracy.error95_m,
      [](double e) { return errorColour(e); }, sensors);
  const int legendW = std::min(panelW, 300);
  const char *const pLabels[] = {"0", "50%", "100%"};
  drawLegend(
      image, margin, top + panelH + 10, legendW,
      [](double p) { return probabilityColour(std::max(p, 0.1)); }, 0.0, 1.0, false, pLabels, 3);
  const char *const eLabels[] = {"0.1", "1", "10", "100"};
  drawLegend(
      image, right, top + panelH + 10, legendW, [](double e) { return errorColour(e); },
      kErrorMin_m, kErrorMax_m, true, eLabels, 4);
  image.writePng(path);
}

} // namespace salvo::network
