#pragma once

#include "sim/Atmosphere.h"
#include "sim/CityModel.h"

#include <Eigen/Core>

#include <vector>

namespace salvo::sim {

// One way sound gets from a source to a microphone. The renderer turns it into a delayed,
// filtered copy of the source pulse: amplitude spreading_gain (1/r times the reflection
// coefficients, relative to the pulse at 1 m), ISO 9613-1 absorption over length_m and,
// for a diffracted path, the barrier attenuation of ISO 9613-2 for detour_m.
struct PropagationPath {
  enum class Kind { Direct, Diffracted, GroundReflected, FacadeEcho };
  Kind kind = Kind::Direct;
  double length_m = 0.0;
  double travel_s = 0.0;
  double spreading_gain = 0.0;
  double detour_m = 0.0; // > 0 only for a diffracted path
  int obstacles = 0;
  Eigen::Vector3d departure{1.0, 0.0, 0.0}; // unit vector leaving the source
};

struct PropagationOptions {
  bool ground_reflection = true;
  bool facade_echoes = true;
  double max_echo_extra_m = 700.0; // echoes longer than direct + this are ignored
  int max_echoes = 10;             // the strongest ones
  double min_echo_gain_ratio = 0.02;
  // Absorption and diffraction as causal, minimum-phase filters (physical: nothing arrives
  // before the travel time); false gives the earlier zero-phase gains, for comparisons.
  bool causal_filters = true;
};

// Barrier attenuation in dB of ISO 9613-2 eq. (14) with C2 = 20, C3 = 1 and the standard's
// caps (20 dB for one edge, 25 dB for more), for path difference `detour_m`.
double barrierAttenuation_db(double detour_m, double frequency_hz, double speed_of_sound_mps,
                             int obstacles);
// The same as an amplitude factor, 10^(-D/20) = (3 + 20 delta/lambda)^(-1/2) under the cap:
// a square root instead of a log and a power, for the per-bin tables.
double barrierAmplitude(double detour_m, double frequency_hz, double speed_of_sound_mps,
                        int obstacles);

// Every path from `source` to `receiver` (ENU, metres): the direct or diffracted one first,
// then the ground reflection and the facade echoes (image sources in vertical walls).
// `receiverBuilding` is the building a rooftop microphone stands on, if any.
std::vector<PropagationPath> findPaths(const CityModel &city, const Weather &weather,
                                       const Eigen::Vector3d &source_m,
                                       const Eigen::Vector3d &receiver_m,
                                       const PropagationOptions &options);

} // namespace salvo::sim
