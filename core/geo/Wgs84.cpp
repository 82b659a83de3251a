#include "geo/Wgs84.h"

#include <cmath>
#include <numbers>

namespace salvo {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

} // namespace

bool isValidGeodetic(const GeodeticPosition &position) {
  return std::isfinite(position.lat_deg) && std::isfinite(position.lon_deg) &&
         std::isfinite(position.alt_m) && std::abs(position.lat_deg) <= 90.0 &&
         std::abs(position.lon_deg) <= 180.0;
}

EcefPosition geodeticToEcef(const GeodeticPosition &position) {
  using namespace wgs84;
  const double lat = position.lat_deg * kDegToRad;
  const double lon = position.lon_deg * kDegToRad;
  const double sinLat = std::sin(lat);
  const double cosLat = std::cos(lat);
  const double primeVerticalRadius_m =
      kSemiMajorAxis_m / std::sqrt(1.0 - kEccentricitySquared * sinLat * sinLat);
  const double horizontal_m = (primeVerticalRadius_m + position.alt_m) * cosLat;
  return {horizontal_m * std::cos(lon), horizontal_m * std::sin(lon),
          (primeVerticalRadius_m * (1.0 - kEccentricitySquared) + position.alt_m) * sinLat};
}

GeodeticPosition ecefToGeodetic(const EcefPosition &ecef_m) {
  using namespace wgs84;
  const double a = kSemiMajorAxis_m;
  const double b = kSemiMinorAxis_m;
  const double e2 = kEccentricitySquared;
  const double x = ecef_m.x();
  const double y = ecef_m.y();
  const double z = ecef_m.z();
  const double p = std::hypot(x, y);

  // On the polar axis the longitude is undefined and the formula divides by p.
  if (p < 1e-9) {
    const double lat_deg = z >= 0.0 ? 90.0 : -90.0;
    return {lat_deg, 0.0, std::abs(z) - b};
  }

  const double secondEcc2 = (a * a - b * b) / (b * b);
  const double f54 = 54.0 * b * b * z * z;
  const double g = p * p + (1.0 - e2) * z * z - e2 * (a * a - b * b);
  const double c = e2 * e2 * f54 * p * p / (g * g * g);
  const double s = std::cbrt(1.0 + c + std::sqrt(c * c + 2.0 * c));
  const double k = s + 1.0 + 1.0 / s;
  const double bigP = f54 / (3.0 * k * k * g * g);
  const double q = std::sqrt(1.0 + 2.0 * e2 * e2 * bigP);
  const double r0 = -(bigP * e2 * p) / (1.0 + q) +
                    std::sqrt(0.5 * a * a * (1.0 + 1.0 / q) -
                              bigP * (1.0 - e2) * z * z / (q * (1.0 + q)) - 0.5 * bigP * p * p);
  const double pe = p - e2 * r0;
  const double u = std::sqrt(pe * pe + z * z);
  const double v = std::sqrt(pe * pe + (1.0 - e2) * z * z);
  const double z0 = b * b * z / (a * v);

  GeodeticPosition out;
  out.alt_m = u * (1.0 - b * b / (a * v));
  out.lat_deg = std::atan((z + secondEcc2 * z0) / p) * kRadToDeg;
  out.lon_deg = std::atan2(y, x) * kRadToDeg;
  return out;
}

double slantDistance_m(const GeodeticPosition &a, const GeodeticPosition &b) {
  return (geodeticToEcef(a) - geodeticToEcef(b)).norm();
}

double ellipsoidDistance_m(const GeodeticPosition &from, const GeodeticPosition &to) {
  using namespace wgs84;
  const double a = kSemiMajorAxis_m;
  const double b = kSemiMinorAxis_m;
  const double f = kFlattening;
  const double reducedLat1 = std::atan((1.0 - f) * std::tan(from.lat_deg * kDegToRad));
  const double reducedLat2 = std::atan((1.0 - f) * std::tan(to.lat_deg * kDegToRad));
  const double lonDiff = (to.lon_deg - from.lon_deg) * kDegToRad;
  const double sinU1 = std::sin(reducedLat1), cosU1 = std::cos(reducedLat1);
  const double sinU2 = std::sin(reducedLat2), cosU2 = std::cos(reducedLat2);

  double lambda = lonDiff;
  double sinSigma = 0.0, cosSigma = 1.0, sigma = 0.0, cos2Alpha = 1.0, cos2SigmaM = 0.0;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double sinLambda = std::sin(lambda);
    const double cosLambda = std::cos(lambda);
    const double t1 = cosU2 * sinLambda;
    const double t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = std::sqrt(t1 * t1 + t2 * t2);
    if (sinSigma == 0.0) {
      return 0.0; // coincident points
    }
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = std::atan2(sinSigma, cosSigma);
    const double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
    cos2Alpha = 1.0 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha != 0.0 ? cosSigma - 2.0 * sinU1 * sinU2 / cos2Alpha : 0.0;
    const double c = f / 16.0 * cos2Alpha * (4.0 + f * (4.0 - 3.0 * cos2Alpha));
    const double previous = lambda;
    lambda = lonDiff +
             (1.0 - c) * f * sinAlpha *
                 (sigma + c * sinSigma *
                              (cos2SigmaM + c * cosSigma * (-1.0 + 2.0 * cos2SigmaM * cos2SigmaM)));
    if (std::abs(lambda - previous) < 1e-13) {
      break;
    }
  }
  const double u2 = cos2Alpha * (a * a - b * b) / (b * b);
  const double bigA = 1.0 + u2 / 16384.0 * (4096.0 + u2 * (-768.0 + u2 * (320.0 - 175.0 * u2)));
  const double bigB = u2 / 1024.0 * (256.0 + u2 * (-128.0 + u2 * (74.0 - 47.0 * u2)));
  const double deltaSigma =
      bigB * sinSigma *
      (cos2SigmaM + bigB / 4.0 *
                        (cosSigma * (-1.0 + 2.0 * cos2SigmaM * cos2SigmaM) -
                         bigB / 6.0 * cos2SigmaM * (-3.0 + 4.0 * sinSigma * sinSigma) *
                             (-3.0 + 4.0 * cos2SigmaM * cos2SigmaM)));
  return b * bigA * (sigma - deltaSigma);
}

} // namespace salvo
