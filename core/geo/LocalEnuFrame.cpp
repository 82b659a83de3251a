#include "geo/LocalEnuFrame.h"

#include <cmath>
#include <numbers>

namespace salvo {

LocalEnuFrame::LocalEnuFrame(const GeodeticPosition &origin)
    : origin_(origin), originEcef_m_(geodeticToEcef(origin)) {
  const double lat = origin.lat_deg * std::numbers::pi / 180.0;
  const double lon = origin.lon_deg * std::numbers::pi / 180.0;
  const double sinLat = std::sin(lat), cosLat = std::cos(lat);
  const double sinLon = std::sin(lon), cosLon = std::cos(lon);
  ecefToEnuRotation_ << -sinLon, cosLon, 0.0,     //
      -sinLat * cosLon, -sinLat * sinLon, cosLat, //
      cosLat * cosLon, cosLat * sinLon, sinLat;
}

Eigen::Vector3d LocalEnuFrame::toEnu(const GeodeticPosition &position) const {
  return ecefToEnu(geodeticToEcef(position));
}

Eigen::Vector3d LocalEnuFrame::ecefToEnu(const EcefPosition &ecef_m) const {
  return ecefToEnuRotation_ * (ecef_m - originEcef_m_);
}

EcefPosition LocalEnuFrame::enuToEcef(const Eigen::Vector3d &enu_m) const {
  return originEcef_m_ + ecefToEnuRotation_.transpose() * enu_m;
}

GeodeticPosition LocalEnuFrame::toGeodetic(const Eigen::Vector3d &enu_m) const {
  return ecefToGeodetic(enuToEcef(enu_m));
}

} // namespace salvo
