#include "XyzTileSource.h"

#include "SalvoVersion.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStandardPaths>

namespace salvo {
namespace {

constexpr qint64 kDiskCacheBytes = 256LL * 1024 * 1024;
constexpr int kTransferTimeout_ms = 15'000;

} // namespace

QString XyzTileSource::defaultUrlTemplate() {
  return QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
}

QString XyzTileSource::defaultAttribution() {
  return tr("© OpenStreetMap contributors");
}

QString XyzTileSource::defaultUserAgent() {
  return QStringLiteral("Salvo/%1 (+https://example.invalid/salvo)")
      .arg(QStringLiteral(SALVO_VERSION_STRING));
}

QString XyzTileSource::defaultCacheDirectory() {
  return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/tiles");
}

XyzTileSource::XyzTileSource(Options options, QObject *parent)
    : TileSource(parent), options_(std::move(options)), network_(new QNetworkAccessManager(this)) {
  if (options_.cacheDirectory.isEmpty()) {
    options_.cacheDirectory = defaultCacheDirectory();
  }
  options_.maxConcurrentRequests = std::max(1, options_.maxConcurrentRequests);
  auto *cache = new QNetworkDiskCache(network_);
  QDir().mkpath(options_.cacheDirectory);
  cache->setCacheDirectory(options_.cacheDirectory);
  cache->setMaximumCacheSize(kDiskCacheBytes);
  network_->setCache(cache);
  network_->setTransferTimeout(kTransferTimeout_ms);
  connect(network_, &QNetworkAccessManager::finished, this, &XyzTileSource::onFinished);
}

XyzTileSource::~XyzTileSource() {
  // abort() makes the manager emit finished() at once: unhook onFinished first, or it
  // would edit inFlight_ while this loop walks it and start new requests from a
  // half-destroyed source (it corrupted the heap when the desk quit mid-download).
  network_->disconnect(this);
  queue_.clear();
  const QList<QNetworkReply *> replies = inFlight_.values();
  inFlight_.clear();
  for (QNetworkReply *reply : replies) {
    reply->abort();
  }
}

QUrl XyzTileSource::urlFor(const TileKey &key) const {
  QString url = options_.urlTemplate;
  url.replace(QStringLiteral("{z}"), QString::number(key.z));
  url.replace(QStringLiteral("{x}"), QString::number(key.x));
  url.replace(QStringLiteral("{y}"), QString::number(key.y));
  return QUrl(url);
}

void XyzTileSource::requestTiles(const QList<TileKey> &wanted) {
  queue_.clear();
  for (const TileKey &key : wanted) {
    if (key.isValid() && key.z <= options_.maxZoom && !inFlight_.contains(key.packed()) &&
        !queue_.contains(key)) {
      queue_.append(key);
    }
  }
  startQueued();
}

void XyzTileSource::startQueued() {
  while (!queue_.isEmpty() && inFlight_.size() < options_.maxConcurrentRequests) {
    const TileKey key = queue_.takeFirst();
    QNetworkRequest request(urlFor(key));
    request.setHeader(QNetworkRequest::UserAgentHeader, options_.userAgent);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = network_->get(request);
    reply->setProperty("salvoTileZ", key.z);
    reply->setProperty("salvoTileX", key.x);
    reply->setProperty("salvoTileY", key.y);
    inFlight_.insert(key.packed(), reply);
  }
}

void XyzTileSource::onFinished(QNetworkReply *reply) {
  reply->deleteLater();
  const TileKey key{reply->property("salvoTileZ").toInt(), reply->property("salvoTileX").toInt(),
                    reply->property("salvoTileY").toInt()};
  inFlight_.remove(key.packed());
  if (reply->error() != QNetworkReply::NoError) {
    emit tileFailed(key, reply->errorString());
  } else {
    QImage image;
    if (!image.loadFromData(reply->readAll())) {
      emit tileFailed(
          key, tr("the server's answer for %1 is not an image").arg(reply->url().toString()));
    } else {
      if (reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool()) {
        ++fromDiskCache_;
      } else {
        ++fromNetwork_;
      }
      emit tileReady(key, image.convertToFormat(QImage::Format_ARGB32_Premultiplied));
    }
  }
  startQueued();
}

} // namespace salvo
