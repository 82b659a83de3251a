#include "MapScale.h"

#include <QLocale>

#include <array>
#include <cmath>

namespace salvo {

double niceScaleLength_m(double metresPerPixel, double maxLength_px) {
  const double maxLength_m = metresPerPixel * maxLength_px;
  if (!(maxLength_m > 0.0) || !std::isfinite(maxLength_m)) {
    return 0.0;
  }
  const double decade = std::pow(10.0, std::floor(std::log10(maxLength_m)));
  constexpr std::array<double, 3> kSteps{5.0, 2.0, 1.0};
  for (const double step : kSteps) {
    if (step * decade <= maxLength_m) {
      return step * decade;
    }
  }
  return decade;
}

QString formatDistance(double distance_m) {
  const QLocale locale;
  if (distance_m >= 1000.0) {
    const double km = distance_m / 1000.0;
    const int decimals = std::abs(km - std::round(km)) < 1e-9 ? 0 : 1;
    return QStringLiteral("%1 km").arg(locale.toString(km, 'f', decimals));
  }
  if (distance_m >= 1.0) {
    return QStringLiteral("%1 m").arg(locale.toString(distance_m, 'f', 0));
  }
  return QStringLiteral("%1 m").arg(locale.toString(distance_m, 'g', 2));
}

} // namespace salvo
