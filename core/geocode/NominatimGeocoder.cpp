#include "geocode/NominatimGeocoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <stdexcept>

namespace salvo {
namespace {

QString firstOf(const QJsonObject &address, std::initializer_list<const char *> keys) {
  for (const char *key : keys) {
    const QString value = address.value(QLatin1String(key)).toString().trimmed();
    if (!value.isEmpty()) {
      return value;
    }
  }
  return {};
}

} // namespace

NominatimGeocoder::NominatimGeocoder(NominatimSettings settings, QObject *parent)
    : QObject(parent), settings_(std::move(settings)), cache_(settings_.cacheFile) {
  spacing_.setSingleShot(true);
  connect(&spacing_, &QTimer::timeout, this, [this] {
    busy_ = false;
    sendNext();
  });
}

std::optional<QString> NominatimGeocoder::cached(double lat_deg, double lon_deg) const {
  return cache_.find(lat_deg, lon_deg);
}

void NominatimGeocoder::request(double lat_deg, double lon_deg) {
  const QString key = GeocodeCache::key(lat_deg, lon_deg);
  if (cache_.find(lat_deg, lon_deg) || pending_.contains(key)) {
    return;
  }
  pending_.insert(key);
  queue_.enqueue({lat_deg, lon_deg});
  sendNext();
}

QUrl NominatimGeocoder::reverseUrl(const Query &query) const {
  QUrl url = settings_.baseUrl.resolved(QUrl(QStringLiteral("reverse")));
  QUrlQuery parameters;
  parameters.addQueryItem(QStringLiteral("format"), QStringLiteral("jsonv2"));
  parameters.addQueryItem(QStringLiteral("lat"), QString::number(query.lat_deg, 'f', 6));
  parameters.addQueryItem(QStringLiteral("lon"), QString::number(query.lon_deg, 'f', 6));
  parameters.addQueryItem(QStringLiteral("zoom"), QStringLiteral("18"));
  parameters.addQueryItem(QStringLiteral("addressdetails"), QStringLiteral("1"));
  parameters.addQueryItem(QStringLiteral("accept-language"), settings_.language);
  if (!settings_.email.isEmpty()) {
    parameters.addQueryItem(QStringLiteral("email"), settings_.email);
  }
  url.setQuery(parameters);
  return url;
}

void NominatimGeocoder::sendNext() {
  if (busy_ || queue_.isEmpty()) {
    return;
  }
  busy_ = true;
  const Query query = queue_.dequeue();
  QNetworkRequest request(reverseUrl(query));
  request.setHeader(QNetworkRequest::UserAgentHeader, settings_.userAgent);
  request.setTransferTimeout(settings_.timeout_ms);
  QNetworkReply *reply = network_.get(request);
  connect(reply, &QNetworkReply::finished, this, [this, reply, query] {
    reply->deleteLater();
    pending_.remove(GeocodeCache::key(query.lat_deg, query.lon_deg));
    spacing_.start(settings_.minInterval_ms);
    if (reply->error() != QNetworkReply::NoError) {
      emit failed(query.lat_deg, query.lon_deg,
                  tr("Reverse geocoding failed: %1").arg(reply->errorString()));
      return;
    }
    try {
      const QString label = labelFromReply(reply->readAll());
      cache_.insert(query.lat_deg, query.lon_deg, label);
      emit resolved(query.lat_deg, query.lon_deg, label);
    } catch (const std::exception &error) {
      emit failed(query.lat_deg, query.lon_deg,
                  tr("Reverse geocoding failed: %1").arg(QString::fromUtf8(error.what())));
    }
  });
}

QString NominatimGeocoder::labelFromReply(const QByteArray &json) {
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
    throw std::runtime_error("the service's reply is not a JSON object");
  }
  const QJsonObject root = document.object();
  if (root.contains(QLatin1String("error"))) {
    return {}; // "Unable to geocode": open water, a field, no address data
  }
  const QJsonObject address = root.value(QLatin1String("address")).toObject();
  const QString road = firstOf(address, {"road", "pedestrian", "footway", "path", "square"});
  const QString number = firstOf(address, {"house_number"});
  const QString area = firstOf(address, {"neighbourhood", "suburb", "quarter", "city_district"});
  const QString city = firstOf(address, {"city", "town", "village", "municipality"});
  QStringList parts;
  if (!road.isEmpty()) {
    parts << (number.isEmpty() ? road : number + QLatin1Char(' ') + road);
  }
  for (const QString &part : {area, city}) {
    if (!part.isEmpty()) {
      parts << part;
    }
  }
  if (parts.isEmpty()) {
    return root.value(QLatin1String("display_name")).toString();
  }
  return parts.join(QStringLiteral(", "));
}

} // namespace salvo
