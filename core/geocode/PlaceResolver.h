#pragma once

#include "geocode/AddressPoint.h"
#include "geocode/AddressPointIndex.h"
#include "geocode/NominatimGeocoder.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace salvo {

// The place column of the alert queue: what a dispatcher reads out for an incident.
// The admin's address points win when one is close enough (they work offline and
// are the city's own data); otherwise the reverse geocoder's cached answer; the
// coordinates always follow, since an address is only the nearest one.
class PlaceResolver : public QObject {
  Q_OBJECT
public:
  explicit PlaceResolver(QObject *parent = nullptr);

  void setAddressPoints(std::vector<AddressPoint> points);
  // Takes ownership; pass nullptr to stop asking the network.
  void setReverseGeocoder(std::unique_ptr<NominatimGeocoder> geocoder);
  void setMaxAddressDistance_m(double distance_m) { maxAddressDistance_m_ = distance_m; }
  std::size_t addressPointCount() const { return addressPoints_ ? addressPoints_->size() : 0; }

  // Answers at once from what is known; when only the network could do better, asks
  // it and emits placeChanged when the answer arrives.
  Place place(double lat_deg, double lon_deg);
  // "1420 Mission St (37.77493, -122.41942)" or just the coordinates.
  QString describe(double lat_deg, double lon_deg);

  static QString coordinates(double lat_deg, double lon_deg);

signals:
  void placeChanged(double lat_deg, double lon_deg);
  void lookupFailed(const QString &message);

private:
  std::unique_ptr<AddressPointIndex> addressPoints_;
  std::unique_ptr<NominatimGeocoder> geocoder_;
  double maxAddressDistance_m_ = 150.0;
};

} // namespace salvo
