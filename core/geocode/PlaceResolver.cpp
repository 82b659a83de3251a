#include "geocode/PlaceResolver.h"

namespace salvo {

PlaceResolver::PlaceResolver(QObject *parent) : QObject(parent) {}

void PlaceResolver::setAddressPoints(std::vector<AddressPoint> points) {
  addressPoints_ =
      points.empty() ? nullptr : std::make_unique<AddressPointIndex>(std::move(points));
}

void PlaceResolver::setReverseGeocoder(std::unique_ptr<NominatimGeocoder> geocoder) {
  geocoder_ = std::move(geocoder);
  if (geocoder_) {
    connect(geocoder_.get(), &NominatimGeocoder::resolved, this,
            [this](double lat_deg, double lon_deg, const QString &) {
              emit placeChanged(lat_deg, lon_deg);
            });
    connect(geocoder_.get(), &NominatimGeocoder::failed, this,
            [this](double, double, const QString &message) { emit lookupFailed(message); });
  }
}

QString PlaceResolver::coordinates(double lat_deg, double lon_deg) {
  // Five decimals: about a metre, finer than any location error.
  return QStringLiteral("%1, %2").arg(lat_deg, 0, 'f', 5).arg(lon_deg, 0, 'f', 5);
}

Place PlaceResolver::place(double lat_deg, double lon_deg) {
  if (addressPoints_) {
    if (auto nearest = addressPoints_->nearest(lat_deg, lon_deg, maxAddressDistance_m_)) {
      return *nearest;
    }
  }
  if (geocoder_) {
    if (const auto label = geocoder_->cached(lat_deg, lon_deg)) {
      if (!label->isEmpty()) {
        return Place{label->toStdString(), 0.0, PlaceSource::ReverseGeocoder};
      }
    } else {
      geocoder_->request(lat_deg, lon_deg);
    }
  }
  return Place{coordinates(lat_deg, lon_deg).toStdString(), 0.0, PlaceSource::Coordinates};
}

QString PlaceResolver::describe(double lat_deg, double lon_deg) {
  const Place found = place(lat_deg, lon_deg);
  if (found.source == PlaceSource::Coordinates) {
    return QString::fromStdString(found.label);
  }
  return QStringLiteral("%1 (%2)").arg(QString::fromStdString(found.label),
                                       coordinates(lat_deg, lon_deg));
}

} // namespace salvo
