#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace salvo::network {

// A small RGBA canvas for the CLI's PNG (the core has no QtGui): filled rectangles,
// alpha blending, a 3×5 pixel font (digits, '.', '%', '>', '=', '(', ')', '-', ' ' and
// the capitals of the map titles), and an uncompressed-filter PNG writer over zlib.
class PixelImage {
public:
  PixelImage(int width, int height, std::uint32_t fill = 0xffffffffu);

  int width() const { return width_; }
  int height() const { return height_; }
  std::uint32_t pixel(int x, int y) const {
    return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                   static_cast<std::size_t>(x)];
  }
  void blend(int x, int y, std::uint32_t argb);
  void fillRect(int x, int y, int w, int h, std::uint32_t argb);
  // Text with its top-left at (x, y), each font pixel `scale` pixels wide.
  void drawText(int x, int y, std::string_view text, int scale, std::uint32_t argb);
  static int textWidth(std::string_view text, int scale) {
    return static_cast<int>(text.size()) * 4 * scale;
  }

  void writePng(const std::filesystem::path &path) const; // throws std::runtime_error

private:
  int width_;
  int height_;
  std::vector<std::uint32_t> pixels_;
};

} // namespace salvo::network
