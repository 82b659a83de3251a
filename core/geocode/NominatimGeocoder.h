#pragma once

#include "geocode/GeocodeCache.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QTimer>
#include <QUrl>

namespace salvo {

struct NominatimSettings {
  // Any Nominatim-compatible service; the public one allows at most one request a
  // second and needs an identifying User-Agent (operations.osmfoundation.org/policies/nominatim).
  QUrl baseUrl = QUrl(QStringLiteral("https://nominatim.openstreetmap.org/"));
  QByteArray userAgent = "Salvo gunfire-location desk";
  QString email; // sent as the policy asks, when set
  QString language = QStringLiteral("en");
  int minInterval_ms = 1000;
  int timeout_ms = 10000;
  QString cacheFile; // empty: memory only
};

// Reverse geocoding through a Nominatim-compatible HTTP service: an incident's
// position becomes the address a dispatcher reads out. Requests are deduplicated,
// queued and spaced by minInterval_ms; answers are cached (GeocodeCache). Lives on
// the GUI thread and never blocks it.
class NominatimGeocoder : public QObject {
  Q_OBJECT
public:
  explicit NominatimGeocoder(NominatimSettings settings, QObject *parent = nullptr);

  // The cached label, if this place was asked before (an empty label: no address).
  std::optional<QString> cached(double lat_deg, double lon_deg) const;
  // Asks the service unless the answer is cached or already on its way.
  void request(double lat_deg, double lon_deg);

  // "12 Main St, Mission, San Francisco" from a jsonv2 reply; empty when the reply
  // says there is no address here. Throws std::runtime_error for malformed replies.
  static QString labelFromReply(const QByteArray &json);

signals:
  void resolved(double lat_deg, double lon_deg, const QString &label);
  void failed(double lat_deg, double lon_deg, const QString &message);

private:
  struct Query {
    double lat_deg = 0.0;
    double lon_deg = 0.0;
  };
  void sendNext();
  QUrl reverseUrl(const Query &query) const;

  NominatimSettings settings_;
  GeocodeCache cache_;
  QNetworkAccessManager network_;
  QQueue<Query> queue_;
  QSet<QString> pending_;
  QTimer spacing_;
  bool busy_ = false;
};

} // namespace salvo
