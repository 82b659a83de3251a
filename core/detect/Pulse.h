#pragma once

#include "time/UtcTime.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace salvo {

// Octave bands used for pulse band energies (centre frequencies, Hz). Bands above a
// sensor's Nyquist frequency hold kNoBandEnergy.
inline constexpr std::array<double, 6> kPulseBandCentres_hz{125.0,  250.0,  500.0,
                                                            1000.0, 2000.0, 4000.0};
inline constexpr float kNoBandEnergy = -200.0f;

// One impulse detected in one sensor's audio: when it started (to a fraction of a
// sample), how loud it was and what it looked like. Produced by the per-sensor
// detector, consumed by association (which picks first arrivals across sensors) and
// by the classifier (features).
struct Pulse {
  std::size_t sensor_index = 0; // index into the scenario's sensor list
  std::uint64_t sequence = 0;   // per-sensor running number, in onset order
  UtcNs onset_utc_ns = 0;       // refined onset, on the sensor's own clock
  double onset_sample = 0.0;    // fractional sample index in the sensor's stream
  double sample_rate_hz = 0.0;

  double peak_pa = 0.0;     // signed peak pressure
  double peak_db_spl = 0.0; // 20 log10(|peak| / 20 µPa)
  double noise_floor_db_spl = 0.0;
  double snr_db = 0.0;       // peak over the adaptive noise floor
  double rise_time_s = 0.0;  // onset to peak
  double duration_s = 0.0;   // until the envelope falls back near the floor
  double decay_time_s = 0.0; // peak to -20 dB

  std::array<float, kPulseBandCentres_hz.size()> band_energy_db{};
  double spectral_centroid_hz = 0.0;
  double spectral_rolloff_hz = 0.0; // 85 % of energy below
  double spectral_flatness = 0.0;   // 0 (tonal) .. 1 (white)

  bool clipped = false;     // samples at full scale: level is a lower bound
  bool likely_echo = false; // arrived soon after a stronger pulse on this sensor
};

} // namespace salvo
