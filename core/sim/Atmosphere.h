#pragma once

namespace salvo::sim {

// The air the sound travels through: one homogeneous layer over the whole city.
struct Weather {
  double temperature_c = 15.0;
  double relative_humidity_pct = 60.0;
  double pressure_kpa = 101.325;
  // Wind at microphone height; moves the sound with it (effective sound speed along a
  // path is c + wind . direction) and blows on the microphones' windscreens.
  double wind_east_mps = 0.0;
  double wind_north_mps = 0.0;
};

// Speed of sound in humid air: the ideal-gas value of dry air, 20.0468 * sqrt(T/K)
// (gamma = 1.4, R = 287.05 J/(kg K)), raised by the water vapour through the virtual
// temperature T (1 + 0.61 q) (e.g. Cramer 1993, JASA 93(5) for the exact fit; the
// virtual-temperature form is within 0.1 m/s of it in outdoor conditions).
double speedOfSound_mps(const Weather &weather);

// Dry-air speed of sound at a temperature, for comparisons with the weather report.
double dryAirSpeedOfSound_mps(double temperature_c);

// Molar concentration of water vapour in percent (ISO 9613-1:1993, Annex B).
double waterVapourMolarPercent(const Weather &weather);

// Pure-tone atmospheric absorption coefficient in dB per metre, ISO 9613-1:1993
// equations (3) to (5): classical + rotational absorption and the vibrational relaxation
// of oxygen and nitrogen.
double airAbsorption_dB_per_m(double frequency_hz, const Weather &weather);

} // namespace salvo::sim
