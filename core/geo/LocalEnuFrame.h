#pragma once

#include "geo/Wgs84.h"

#include <Eigen/Core>

namespace salvo {

// A local East-North-Up tangent frame anchored at an origin on WGS84. Location
// algorithms work in this frame (metres, flat, right-handed) and convert back to
// WGS84 only at the edges; the conversion goes through ECEF, so it is exact
// (no flat-earth approximation) at any distance from the origin.
class LocalEnuFrame {
public:
  explicit LocalEnuFrame(const GeodeticPosition &origin);

  const GeodeticPosition &origin() const { return origin_; }

  Eigen::Vector3d toEnu(const GeodeticPosition &position) const;
  Eigen::Vector3d ecefToEnu(const EcefPosition &ecef_m) const;
  GeodeticPosition toGeodetic(const Eigen::Vector3d &enu_m) const;
  EcefPosition enuToEcef(const Eigen::Vector3d &enu_m) const;

private:
  GeodeticPosition origin_;
  EcefPosition originEcef_m_;
  Eigen::Matrix3d ecefToEnuRotation_; // rows: east, north, up unit vectors in ECEF
};

} // namespace salvo
