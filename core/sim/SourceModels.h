#pragma once

#include "sim/SimRandom.h"

#include <complex>
#include <span>
#include <string>
#include <vector>

namespace salvo::sim {

// One analytic piece of a source waveform, as sound pressure at 1 m from the source
// (the effective linear-acoustics source level, i.e. far-field levels extrapolated back
// by spherical spreading). Each has a closed-form Fourier transform, so the simulator
// renders it band-limited at any sample rate without aliasing.
struct PulseComponent {
  enum class Kind {
    // Friedlander pulse p(t) = P (1 - t/T) exp(-b t/T), t >= 0: an instantaneous rise to
    // the peak P, a positive phase of length T and a negative phase (b = 1 gives zero
    // net impulse, as a radiated far-field pulse must have).
    Friedlander,
    // Ballistic N-wave p(t) = P (1 - 2 t/T), 0 <= t <= T (Whitham 1952).
    NWave,
    // Damped mode p(t) = P exp(-t/tau) sin(2 pi f t + phase), t >= 0: the ring of a
    // struck panel, a car door, a dumpster lid, a nail.
    DampedMode,
  };
  Kind kind = Kind::Friedlander;
  double peak_pa = 0.0;
  double duration_s = 0.0; // T for Friedlander and N-wave, tau for a mode
  double shape = 1.0;      // b of a Friedlander pulse
  double frequency_hz = 0.0;
  double phase_rad = 0.0;
  double delay_s = 0.0; // start relative to the pulse's emission time
};

// A short pulse radiated from one point: a muzzle blast, a pop, a slam.
struct SourcePulse {
  std::vector<PulseComponent> components;
  // Directivity: level at angle theta from `axis` (ENU unit vector) is
  // -directivity_db * (1 - cos theta) / 2 relative to the on-axis level (a cardioid-like
  // fall to the rear, as measured for muzzle blasts).
  double directivity_db = 0.0;
  double axis_east = 1.0, axis_north = 0.0, axis_up = 0.0;

  // Time after which every component has decayed by at least 60 dB.
  double length_s() const;
  // Largest |p| at 1 m on the source's axis, estimated from the components.
  double peak_pa() const;
};

// The spectrum of the pulse as the DFT of its samples at `sample_rate_hz` would be
// without aliasing: bins[k] = fs * P(k fs / N) for k = 0..N/2 (P the continuous
// Fourier transform). `bins` must hold fft_size / 2 + 1 values.
void pulseSpectrum(const SourcePulse &pulse, double sample_rate_hz, std::size_t fft_size,
                   std::span<std::complex<double>> bins);

// Sound pressure level in dB re 20 uPa, both ways.
double peakPascal(double level_db);
double levelDb(double pressure_pa);

enum class WeaponClass { Handgun, Rifle, Shotgun };
std::string weaponName(WeaponClass weapon);

// Ballistics of a supersonic bullet for the N-wave (Whitham 1952; Stoughton 1997).
struct Bullet {
  double speed_mps = 0.0; // muzzle speed; constant along the modelled range
  double diameter_m = 0.0;
  double length_m = 0.0;
  double supersonic_range_m = 0.0; // beyond it the bullet is treated as subsonic
};

// Per-shot source parameters of a weapon class, drawn within the published ranges
// (docs/simulator.md lists them with their references).
struct WeaponShot {
  SourcePulse blast;
  bool supersonic = false;
  Bullet bullet;
};
WeaponShot makeWeaponShot(WeaponClass weapon, SimRng &rng);

// Whitham's far-field N-wave at miss distance b: peak overpressure and duration.
struct NWaveShape {
  double peak_pa = 0.0;
  double duration_s = 0.0;
};
NWaveShape whithamNWave(const Bullet &bullet, double miss_distance_m, double speed_of_sound_mps,
                        double ambient_pressure_pa);

SourcePulse makeFirecrackerPop(SimRng &rng);
SourcePulse makeShellLaunch(SimRng &rng, bool consumerMortar);
SourcePulse makeShellBurst(SimRng &rng, bool consumerMortar);
SourcePulse makeBackfire(SimRng &rng);
SourcePulse makeCarDoorSlam(SimRng &rng);
SourcePulse makeDumpsterSlam(SimRng &rng);
SourcePulse makeNailGunShot(SimRng &rng);
SourcePulse makeHammerBlow(SimRng &rng);
// A knock on one sensor's own housing or mast (a bird, a branch): heard by that sensor only.
SourcePulse makeHousingKnock(SimRng &rng);

} // namespace salvo::sim
