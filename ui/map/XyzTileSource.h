#pragma once

#include "TileSource.h"

#include <QHash>
#include <QList>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

namespace salvo {

// Raster tiles from a web tile server by URL template ("…/{z}/{x}/{y}.png"), through a
// QNetworkDiskCache so a tile is downloaded once and revisits work offline. It follows
// the OpenStreetMap tile usage policy: an identifying User-Agent, at most two
// connections, no prefetching beyond what is on screen, honouring the server's cache
// headers (a cached tile is used without asking the server again).
class XyzTileSource : public TileSource {
  Q_OBJECT
public:
  struct Options {
    QString urlTemplate = defaultUrlTemplate();
    QString attribution = defaultAttribution();
    QString cacheDirectory; // empty: <app cache>/tiles
    QString userAgent = defaultUserAgent();
    int maxConcurrentRequests = 2;
    int maxZoom = 19;
  };

  explicit XyzTileSource(Options options, QObject *parent = nullptr);
  ~XyzTileSource() override;

  void requestTiles(const QList<TileKey> &wanted) override;
  QString attribution() const override { return options_.attribution; }
  int maxZoom() const override { return options_.maxZoom; }

  QUrl urlFor(const TileKey &key) const;
  int tilesFromNetwork() const { return fromNetwork_; }
  int tilesFromDiskCache() const { return fromDiskCache_; }

  static QString defaultUrlTemplate();
  static QString defaultAttribution();
  static QString defaultUserAgent(); // "Salvo/<version> (+<homepage>)"
  static QString defaultCacheDirectory();

private:
  void startQueued();
  void onFinished(QNetworkReply *reply);

  Options options_;
  QNetworkAccessManager *network_ = nullptr;
  QList<TileKey> queue_;
  QHash<quint64, QNetworkReply *> inFlight_;
  int fromNetwork_ = 0;
  int fromDiskCache_ = 0;
};

} // namespace salvo
