#include "network/PixelImage.h"

#include <QByteArray>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace salvo::network {
namespace {

struct Glyph {
  char ch;
  const char *rows; // 5 rows of 3 pixels, '#' set
};

constexpr std::array<Glyph, 31> kFont{{
    {'0', "####.##.##.####"}, {'1', ".#.##..#..#.###"}, {'2', "###..#####..###"},
    {'3', "###..####..####"}, {'4', "#.##.####..#..#"}, {'5', "####..###..####"},
    {'6', "####..####.####"}, {'7', "###..#..#..#..#"}, {'8', "####.#####.####"},
    {'9', "####.####..####"}, {'.', ".............#."}, {'%', "#.#..#.#.#..#.#"},
    {'>', "#...#...#.#.#.."}, {'=', "...###...###..."}, {'(', "..#.#..#..#...#"},
    {')', "#...#..#..#.#.."}, {'-', "......###......"}, {'P', "####.#####..#.."},
    {'E', "####..####..###"}, {'R', "##.#.###.#.##.#"}, {'M', "#.########.##.#"},
    {'C', "####..#..#..###"}, {'O', "####.##.##.####"}, {'V', "#.##.##.##.#.#."},
    {'A', ".#.#.#####.##.#"}, {'G', "####..#.##.####"}, {'U', "#.##.##.##.####"},
    {'Y', "#.##.#.#..#..#."}, {'N', "##.#.##.##.##.#"}, {'S', "####..###..####"},
    {'<', "..#.#.#...#...#"},
}};

const char *glyphRows(char ch) {
  for (const Glyph &g : kFont) {
    if (g.ch == ch) {
      return g.rows;
    }
  }
  return nullptr; // space and anything unknown: blank
}

std::uint32_t crc32(const QByteArray &bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      }
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (const char byte : bytes) {
    c = table[(c ^ static_cast<std::uint8_t>(byte)) & 0xffu] ^ (c >> 8);
  }
  return c ^ 0xffffffffu;
}

void appendBigEndian(QByteArray &out, std::uint32_t value) {
  out.append(static_cast<char>(value >> 24));
  out.append(static_cast<char>(value >> 16));
  out.append(static_cast<char>(value >> 8));
  out.append(static_cast<char>(value));
}

void appendChunk(QByteArray &png, const char *type, const QByteArray &data) {
  appendBigEndian(png, static_cast<std::uint32_t>(data.size()));
  const QByteArray typed = QByteArray(type, 4) + data;
  png.append(typed);
  appendBigEndian(png, crc32(typed));
}

} // namespace

PixelImage::PixelImage(int width, int height, std::uint32_t fill)
    : width_(std::max(1, width)), height_(std::max(1, height)),
      pixels_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), fill) {}

void PixelImage::blend(int x, int y, std::uint32_t argb) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) {
    return;
  }
  std::uint32_t &dst = pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                               static_cast<std::size_t>(x)];
  const std::uint32_t a = argb >> 24;
  auto channel = [&](int shift) {
    const std::uint32_t s = (argb >> shift) & 0xffu;
    const std::uint32_t d = (dst >> shift) & 0xffu;
    return ((s * a + d * (255u - a)) / 255u) << shift;
  };
  dst = 0xff000000u | channel(16) | channel(8) | channel(0);
}

void PixelImage::fillRect(int x, int y, int w, int h, std::uint32_t argb) {
  for (int j = y; j < y + h; ++j) {
    for (int i = x; i < x + w; ++i) {
      blend(i, j, argb);
    }
  }
}

void PixelImage::drawText(int x, int y, std::string_view text, int scale, std::uint32_t argb) {
  for (std::size_t n = 0; n < text.size(); ++n) {
    const char *rows = glyphRows(text[n]);
    if (rows == nullptr) {
      continue;
    }
    const int left = x + static_cast<int>(n) * 4 * scale;
    for (int r = 0; r < 5; ++r) {
      for (int c = 0; c < 3; ++c) {
        if (rows[r * 3 + c] == '#') {
          fillRect(left + c * scale, y + r * scale, scale, scale, argb);
        }
      }
    }
  }
}

void PixelImage::writePng(const std::filesystem::path &path) const {
  QByteArray raw;
  raw.reserve(height_ * (1 + 4 * width_));
  for (int y = 0; y < height_; ++y) {
    raw.append('\0'); // filter: none
    for (int x = 0; x < width_; ++x) {
      const std::uint32_t p = pixel(x, y);
      raw.append(static_cast<char>(p >> 16)); // R
      raw.append(static_cast<char>(p >> 8));  // G
      raw.append(static_cast<char>(p));       // B
      raw.append(static_cast<char>(p >> 24)); // A
    }
  }
  // qCompress gives a zlib stream behind a 4-byte length: PNG's IDAT wants the stream.
  const QByteArray zlib = qCompress(raw, 6).mid(4);
  QByteArray header;
  appendBigEndian(header, static_cast<std::uint32_t>(width_));
  appendBigEndian(header, static_cast<std::uint32_t>(height_));
  header.append(QByteArray::fromHex("0806000000")); // 8 bit, RGBA, deflate, adaptive, none
  QByteArray png = QByteArray::fromHex("89504e470d0a1a0a");
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", zlib);
  appendChunk(png, "IEND", {});
  QSaveFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit()) {
    throw std::runtime_error("cannot write " + path.string() + ": " +
                             file.errorString().toStdString());
  }
}

} // namespace salvo::network
