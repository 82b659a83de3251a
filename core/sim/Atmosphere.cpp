#include "sim/Atmosphere.h"

#include <cmath>

namespace salvo::sim {
namespace {
constexpr double kKelvin = 273.15;
constexpr double kReferencePressure_kpa = 101.325;
constexpr double kReferenceTemperature_k = 293.15;
constexpr double kTriplePoint_k = 273.16;
} // namespace

double waterVapourMolarPercent(const Weather &weather) {
  const double t_k = weather.temperature_c + kKelvin;
  const double c = -6.8346 * std::pow(kTriplePoint_k / t_k, 1.261) + 4.6151;
  const double saturation_ratio = std::pow(10.0, c); // psat / pr
  return weather.relative_humidity_pct * saturation_ratio /
         (weather.pressure_kpa / kReferencePressure_kpa);
}

double dryAirSpeedOfSound_mps(double temperature_c) {
  return 20.0468 * std::sqrt(temperature_c + kKelvin);
}

double speedOfSound_mps(const Weather &weather) {
  const double molar_fraction = waterVapourMolarPercent(weather) / 100.0;
  // Specific humidity from the molar fraction (molar masses 18.015 and 28.965 g/mol).
  const double q = molar_fraction * 0.62198 / (1.0 - 0.37802 * molar_fraction);
  const double virtual_k = (weather.temperature_c + kKelvin) * (1.0 + 0.61 * q);
  return 20.0468 * std::sqrt(virtual_k);
}

double airAbsorption_dB_per_m(double frequency_hz, const Weather &weather) {
  const double t_k = weather.temperature_c + kKelvin;
  const double pa = weather.pressure_kpa / kReferencePressure_kpa;
  const double tr = t_k / kReferenceTemperature_k;
  const double h = waterVapourMolarPercent(weather);
  const double fr_o = pa * (24.0 + 4.04e4 * h * (0.02 + h) / (0.391 + h));
  const double fr_n = pa * std::pow(tr, -0.5) *
                      (9.0 + 280.0 * h * std::exp(-4.170 * (std::pow(tr, -1.0 / 3.0) - 1.0)));
  const double f2 = frequency_hz * frequency_hz;
  return 8.686 * f2 *
         (1.84e-11 / pa * std::sqrt(tr) +
          std::pow(tr, -2.5) * (0.01275 * std::exp(-2239.1 / t_k) / (fr_o + f2 / fr_o) +
                                0.1068 * std::exp(-3352.0 / t_k) / (fr_n + f2 / fr_n)));
}

} // namespace salvo::sim
