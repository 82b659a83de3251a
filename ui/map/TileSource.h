#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>

namespace salvo {

// One 256 px raster tile in the XYZ (slippy map) scheme: row 0 at the north.
struct TileKey {
  int z = 0;
  int x = 0;
  int y = 0;

  bool isValid() const {
    const int n = 1 << z;
    return z >= 0 && z <= 30 && x >= 0 && x < n && y >= 0 && y < n;
  }
  TileKey parent() const { return {z - 1, x >> 1, y >> 1}; }
  std::uint64_t packed() const {
    return (static_cast<std::uint64_t>(z) << 58) | (static_cast<std::uint64_t>(x) << 29) |
           static_cast<std::uint64_t>(y);
  }
  friend bool operator==(const TileKey &, const TileKey &) = default;
};

// Where the map's raster tiles come from: a web tile server, an offline file. The map
// asks for the tiles it lacks, most wanted first; the source answers each with
// tileReady() or tileFailed(), possibly later, possibly at once (inside requestTiles).
// A source never blocks the GUI thread for more than a local read.
class TileSource : public QObject {
  Q_OBJECT
public:
  using QObject::QObject;
  ~TileSource() override = default;

  // Replaces the wish list: tiles in `wanted` (ordered, first most wanted) are fetched;
  // earlier wishes not in it and not yet started are dropped.
  virtual void requestTiles(const QList<TileKey> &wanted) = 0;

  // The credit the data's licence requires, shown on the map at all times.
  virtual QString attribution() const = 0;
  virtual int minZoom() const { return 0; }
  virtual int maxZoom() const { return 19; }

signals:
  void tileReady(salvo::TileKey key, QImage image);
  void tileFailed(salvo::TileKey key, QString reason);
};

} // namespace salvo

Q_DECLARE_METATYPE(salvo::TileKey)
