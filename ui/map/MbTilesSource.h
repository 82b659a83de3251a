#pragma once

#include "TileSource.h"

#include <QString>

namespace salvo {

// Raster tiles from an offline MBTiles file (SQLite; spec 1.3). MBTiles stores rows in
// the TMS scheme (row 0 at the south), so a slippy-map row y is read as 2^z − 1 − y.
// Reads are local and quick, so tiles are answered at once, inside requestTiles().
// The file is opened read-only on its own QSqlDatabase connection.
class MbTilesSource : public TileSource {
  Q_OBJECT
public:
  explicit MbTilesSource(const QString &path, QObject *parent = nullptr);
  ~MbTilesSource() override;

  bool isOpen() const { return errorString_.isEmpty(); }
  QString errorString() const { return errorString_; } // names the file and what is wrong

  void requestTiles(const QList<TileKey> &wanted) override;
  QString attribution() const override { return attribution_; }
  int minZoom() const override { return minZoom_; }
  int maxZoom() const override { return maxZoom_; }

  // The tile's image, or a null image when the file has none (or it is not an image).
  QImage readTile(const TileKey &key) const;
  static int tmsRow(const TileKey &key) { return (1 << key.z) - 1 - key.y; }

private:
  void readMetadata();

  QString connectionName_;
  QString errorString_;
  QString attribution_;
  int minZoom_ = 0;
  int maxZoom_ = 19;
};

} // namespace salvo
