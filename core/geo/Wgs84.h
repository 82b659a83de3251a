#pragma once

#include <Eigen/Core>

namespace salvo {

// A point on or above the WGS84 ellipsoid. alt_m is height above the ellipsoid,
// as GPS receivers and the scenario contract give it (not above mean sea level).
struct GeodeticPosition {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;
};

// Earth-centred, earth-fixed cartesian coordinates in metres.
using EcefPosition = Eigen::Vector3d;

namespace wgs84 {
inline constexpr double kSemiMajorAxis_m = 6378137.0;
inline constexpr double kFlattening = 1.0 / 298.257223563;
inline constexpr double kSemiMinorAxis_m = kSemiMajorAxis_m * (1.0 - kFlattening);
inline constexpr double kEccentricitySquared = kFlattening * (2.0 - kFlattening);
} // namespace wgs84

bool isValidGeodetic(const GeodeticPosition &position);

EcefPosition geodeticToEcef(const GeodeticPosition &position);

// Exact closed form (Heikkinen 1982, as in Zhu 1994): no iteration, sub-millimetre
// everywhere from the centre of the earth to orbit.
GeodeticPosition ecefToGeodetic(const EcefPosition &ecef_m);

// Straight-line (chord) distance between two points through ECEF: what sound travels.
double slantDistance_m(const GeodeticPosition &a, const GeodeticPosition &b);

// Distance along the ellipsoid surface between the footprints of two points
// (Vincenty's inverse formula; accurate to a fraction of a millimetre).
double ellipsoidDistance_m(const GeodeticPosition &a, const GeodeticPosition &b);

} // namespace salvo
