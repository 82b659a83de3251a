#include "geocode/GeocodeCache.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace salvo {

GeocodeCache::GeocodeCache(QString file) : file_(std::move(file)) {
  load();
}

QString GeocodeCache::key(double lat_deg, double lon_deg) {
  return QString::number(std::round(lat_deg * 1e4) / 1e4, 'f', 4) + QLatin1Char(',') +
         QString::number(std::round(lon_deg * 1e4) / 1e4, 'f', 4);
}

std::optional<QString> GeocodeCache::find(double lat_deg, double lon_deg) const {
  const auto found = labels_.constFind(key(lat_deg, lon_deg));
  if (found == labels_.constEnd()) {
    return std::nullopt;
  }
  return *found;
}

void GeocodeCache::insert(double lat_deg, double lon_deg, const QString &label) {
  labels_.insert(key(lat_deg, lon_deg), label);
  save();
}

void GeocodeCache::load() {
  QFile in(file_);
  if (file_.isEmpty() || !in.open(QIODevice::ReadOnly)) {
    return;
  }
  // A damaged cache is only a cache: start empty rather than refuse to run.
  const QJsonObject entries = QJsonDocument::fromJson(in.readAll()).object();
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    labels_.insert(it.key(), it.value().toString());
  }
}

void GeocodeCache::save() const {
  if (file_.isEmpty()) {
    return;
  }
  QJsonObject entries;
  for (auto it = labels_.constBegin(); it != labels_.constEnd(); ++it) {
    entries.insert(it.key(), it.value());
  }
  // QSaveFile writes a temporary and renames it: a crash never leaves half a cache.
  QSaveFile out(file_);
  if (out.open(QIODevice::WriteOnly)) {
    out.write(QJsonDocument(entries).toJson(QJsonDocument::Compact));
    out.commit();
  }
}

} // namespace salvo
