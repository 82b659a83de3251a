#include "sim/SourceModels.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace salvo::sim {
namespace {

using cd = std::complex<double>;
constexpr double kReferencePressure_pa = 20e-6;

// 1 / a without the library's overflow-guarded complex division (the values here are far
// from overflow, and this is the inner loop of every pulse's spectrum).
cd reciprocal(cd a) {
  const double n = a.real() * a.real() + a.imag() * a.imag();
  return {a.real() / n, -a.imag() / n};
}

// a b as std::complex forms it for finite values, without its NaN-recovery branch.
cd times(cd a, cd b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

cd friedlanderTransform(const PulseComponent &c, cd s) {
  const cd inverse = reciprocal(c.shape / c.duration_s + s);
  return c.peak_pa * (inverse - times(inverse, inverse) / c.duration_s);
}

cd nWaveTransform(const PulseComponent &c, cd s) {
  const double t = c.duration_s;
  const cd st = s * t;
  if (std::abs(st) < 0.05) {
    // Series of the integral: the closed form cancels catastrophically at low frequency.
    return c.peak_pa * (st * t / 6.0 - st * st * t / 12.0 + st * st * st * t / 40.0);
  }
  const cd e = std::exp(-st);
  return c.peak_pa * ((1.0 - e) / s - 2.0 / t * (1.0 - e * (1.0 + st)) / (s * s));
}

// cos and sin of the mode's phase come in precomputed: they are the same for every bin.
cd modeTransform(const PulseComponent &c, cd s, double cosPhase, double sinPhase) {
  const double omega = 2.0 * std::numbers::pi * c.frequency_hz;
  const cd a = s + 1.0 / c.duration_s;
  // (peak X) R, in std::complex's order of evaluation.
  return times(c.peak_pa * (omega * cosPhase + a * sinPhase),
               reciprocal(times(a, a) + omega * omega));
}

PulseComponent friedlander(double level_db, double duration_s, double shape, double delay_s = 0) {
  PulseComponent c;
  c.kind = PulseComponent::Kind::Friedlander;
  c.peak_pa = peakPascal(level_db);
  c.duration_s = duration_s;
  c.shape = shape;
  c.delay_s = delay_s;
  return c;
}

PulseComponent mode(double level_db, double frequency_hz, double tau_s, double phase_rad,
                    double delay_s = 0) {
  PulseComponent c;
  c.kind = PulseComponent::Kind::DampedMode;
  c.peak_pa = peakPascal(level_db);
  c.frequency_hz = frequency_hz;
  c.duration_s = tau_s;
  c.phase_rad = phase_rad;
  c.delay_s = delay_s;
  return c;
}

double randomPhase(SimRng &rng) {
  return rng.uniform(0.0, 2.0 * std::numbers::pi);
}

} // namespace

double peakPascal(double level_db) {
  return kReferencePressure_pa * std::pow(10.0, level_db / 20.0);
}
double levelDb(double pressure_pa) {
  return 20.0 * std::log10(pressure_pa / kReferencePressure_pa);
}

double SourcePulse::length_s() const {
  double length = 0.0;
  for (const auto &c : components) {
    double span = 0.0;
    switch (c.kind) {
    case PulseComponent::Kind::Friedlander:
      span = c.duration_s * (1.0 + 8.0 / c.shape); // (1 - x) e^{-bx} below -60 dB
      break;
    case PulseComponent::Kind::NWave:
      span = c.duration_s;
      break;
    case PulseComponent::Kind::DampedMode:
      span = 6.9 * c.duration_s; // e^{-6.9} = -60 dB
      break;
    }
    length = std::max(length, c.delay_s + span);
  }
  return length;
}

double SourcePulse::peak_pa() const {
  double peak = 0.0;
  for (const auto &c : components) {
    peak = std::max(peak, c.peak_pa);
  }
  return peak;
}

void pulseSpectrum(const SourcePulse &pulse, double sample_rate_hz, std::size_t fft_size,
                   std::span<std::complex<double>> bins) {
  const std::size_t count = fft_size / 2 + 1;
  std::fill(bins.begin(), bins.begin() + static_cast<std::ptrdiff_t>(count), cd{});
  const double binHz = sample_rate_hz / static_cast<double>(fft_size);
  for (const auto &c : pulse.components) {
    // The component's delay as a phase ramp, advanced by recurrence from bin to bin.
    const double step = -2.0 * std::numbers::pi * binHz * c.delay_s;
    const cd rotation(std::cos(step), std::sin(step));
    cd delay(1.0, 0.0);
    const double cosPhase = std::cos(c.phase_rad);
    const double sinPhase = std::sin(c.phase_rad);
    for (std::size_t k = 0; k < count; ++k) {
      const cd s(0.0, 2.0 * std::numbers::pi * binHz * static_cast<double>(k));
      cd value;
      switch (c.kind) {
      case PulseComponent::Kind::Friedlander:
        value = friedlanderTransform(c, s);
        break;
      case PulseComponent::Kind::NWave:
        value = nWaveTransform(c, s);
        break;
      case PulseComponent::Kind::DampedMode:
        value = modeTransform(c, s, cosPhase, sinPhase);
        break;
      }
      if (c.delay_s != 0.0) {
        value = times(value, delay);
        delay = times(delay, rotation);
        if ((k & 63U) == 63U) { // keep the recurrence on the unit circle
          delay /= std::sqrt(std::norm(delay));
        }
      }
      bins[k] += sample_rate_hz * value;
    }
  }
  // The Nyquist bin of a real signal is real; keep the inverse transform consistent.
  bins[count - 1] = {bins[count - 1].real(), 0.0};
}

std::string weaponName(WeaponClass weapon) {
  switch (weapon) {
  case WeaponClass::Handgun:
    return "handgun";
  case WeaponClass::Rifle:
    return "rifle";
  case WeaponClass::Shotgun:
    return "shotgun";
  }
  return "handgun";
}

WeaponShot makeWeaponShot(WeaponClass weapon, SimRng &rng) {
  WeaponShot shot;
  // Peak levels at 1 m and positive-phase durations: see docs/simulator.md (Rasmussen et
  // al. 2009; Beck, Nakasone & Marr 2011; Maher 2007).
  switch (weapon) {
  case WeaponClass::Handgun:
    shot.blast.components.push_back(
        friedlander(rng.uniform(155.0, 163.0), rng.uniform(0.6e-3, 1.2e-3), rng.uniform(1.0, 1.4)));
    shot.blast.directivity_db = rng.uniform(8.0, 12.0);
    break;
  case WeaponClass::Rifle:
    shot.blast.components.push_back(
        friedlander(rng.uniform(162.0, 170.0), rng.uniform(1.0e-3, 2.0e-3), rng.uniform(1.0, 1.4)));
    shot.blast.directivity_db = rng.uniform(12.0, 18.0);
    shot.supersonic = true;
    if (rng.chance(0.5)) { // 5.56x45 mm
      shot.bullet = {rng.uniform(880.0, 960.0), 5.7e-3, 23e-3, rng.uniform(500.0, 700.0)};
    } else { // 7.62x39 mm
      shot.bullet = {rng.uniform(690.0, 740.0), 7.9e-3, 27e-3, rng.uniform(350.0, 500.0)};
    }
    break;
  case WeaponClass::Shotgun:
    shot.blast.components.push_back(
        friedlander(rng.uniform(158.0, 166.0), rng.uniform(1.5e-3, 2.8e-3), rng.uniform(1.0, 1.3)));
    shot.blast.directivity_db = rng.uniform(8.0, 12.0);
    break;
  }
  return shot;
}

NWaveShape whithamNWave(const Bullet &bullet, double miss_distance_m, double speed_of_sound_mps,
                        double ambient_pressure_pa) {
  const double mach = bullet.speed_mps / speed_of_sound_mps;
  const double m2 = mach * mach - 1.0;
  const double b = std::max(miss_distance_m, 0.5);
  NWaveShape shape;
  shape.peak_pa = 0.53 * ambient_pressure_pa * std::pow(m2, 0.125) * bullet.diameter_m /
                  (std::pow(b, 0.75) * std::pow(bullet.length_m, 0.25));
  shape.duration_s = 1.82 * mach * std::pow(b, 0.25) * bullet.diameter_m /
                     (speed_of_sound_mps * std::pow(m2, 0.375) * std::pow(bullet.length_m, 0.25));
  return shape;
}

SourcePulse makeFirecrackerPop(SimRng &rng) {
  SourcePulse pulse;
  pulse.components.push_back(
      friedlander(rng.uniform(138.0, 152.0), rng.uniform(0.15e-3, 0.4e-3), rng.uniform(1.0, 1.6)));
  // Paper casing and the ground it lies on ring briefly.
  pulse.components.push_back(mode(rng.uniform(110.0, 122.0), rng.uniform(1500.0, 4000.0),
                                  rng.uniform(1e-3, 3e-3), randomPhase(rng),
                                  rng.uniform(0.1e-3, 0.5e-3)));
  return pulse;
}

SourcePulse makeShellLaunch(SimRng &rng, bool consumerMortar) {
  SourcePulse pulse;
  // Lift charge venting from a mortar tube: a blunt low-frequency thump.
  pulse.components.push_back(
      friedlander(rng.uniform(consumerMortar ? 135.0 : 145.0, consumerMortar ? 145.0 : 155.0),
                  rng.uniform(2.0e-3, 4.5e-3), rng.uniform(1.0, 1.2)));
  pulse.components.push_back(mode(rng.uniform(115.0, 125.0), rng.uniform(60.0, 140.0),
                                  rng.uniform(8e-3, 20e-3), randomPhase(rng)));
  pulse.directivity_db = 4.0;
  pulse.axis_east = 0.0;
  pulse.axis_north = 0.0;
  pulse.axis_up = 1.0;
  return pulse;
}

SourcePulse makeShellBurst(SimRng &rng, bool consumerMortar) {
  SourcePulse pulse;
  const double level = consumerMortar ? rng.uniform(148.0, 158.0) : rng.uniform(160.0, 172.0);
  const double duration =
      consumerMortar ? rng.uniform(2.0e-3, 4.0e-3) : rng.uniform(4.0e-3, 9.0e-3);
  pulse.components.push_back(friedlander(level, duration, rng.uniform(1.0, 1.3)));
  // Stars igniting just after the break: a few weak, spread pops.
  const int stars = rng.uniformInt(3, 8);
  for (int i = 0; i < stars; ++i) {
    pulse.components.push_back(friedlander(level - rng.uniform(22.0, 32.0),
                                           rng.uniform(0.3e-3, 0.8e-3), 1.2,
                                           rng.uniform(5e-3, 60e-3)));
  }
  return pulse;
}

SourcePulse makeBackfire(SimRng &rng) {
  SourcePulse pulse;
  pulse.components.push_back(
      friedlander(rng.uniform(135.0, 148.0), rng.uniform(1.5e-3, 4.0e-3), rng.uniform(1.0, 1.3)));
  // Exhaust pipe resonance.
  pulse.components.push_back(mode(rng.uniform(118.0, 130.0), rng.uniform(60.0, 130.0),
                                  rng.uniform(10e-3, 30e-3), randomPhase(rng)));
  pulse.directivity_db = 6.0;
  return pulse;
}

SourcePulse makeCarDoorSlam(SimRng &rng) {
  SourcePulse pulse;
  pulse.components.push_back(
      friedlander(rng.uniform(108.0, 118.0), rng.uniform(2.0e-3, 5.0e-3), rng.uniform(1.0, 1.5)));
  pulse.components.push_back(mode(rng.uniform(108.0, 118.0), rng.uniform(60.0, 140.0),
                                  rng.uniform(25e-3, 60e-3), randomPhase(rng)));
  pulse.components.push_back(mode(rng.uniform(98.0, 108.0), rng.uniform(180.0, 400.0),
                                  rng.uniform(10e-3, 30e-3), randomPhase(rng)));
  // The latch.
  pulse.components.push_back(friedlander(rng.uniform(100.0, 110.0), rng.uniform(0.2e-3, 0.5e-3),
                                         1.2, rng.uniform(1e-3, 6e-3)));
  return pulse;
}

SourcePulse makeDumpsterSlam(SimRng &rng) {
  SourcePulse pulse;
  pulse.components.push_back(
      friedlander(rng.uniform(122.0, 134.0), rng.uniform(1.5e-3, 4.0e-3), rng.uniform(1.0, 1.4)));
  const int modes = rng.uniformInt(3, 5);
  for (int i = 0; i < modes; ++i) {
    pulse.components.push_back(mode(rng.uniform(112.0, 124.0), rng.uniform(80.0, 600.0),
                                    rng.uniform(60e-3, 180e-3), randomPhase(rng)));
  }
  return pulse;
}

SourcePulse makeNailGunShot(SimRng &rng) {
  SourcePulse pulse;
  // Pneumatic exhaust and the driver's impact, then the nail and board ringing.
  pulse.components.push_back(
      friedlander(rng.uniform(115.0, 126.0), rng.uniform(0.3e-3, 0.8e-3), rng.uniform(1.0, 1.5)));
  pulse.components.push_back(mode(rng.uniform(105.0, 115.0), rng.uniform(1800.0, 4500.0),
                                  rng.uniform(4e-3, 12e-3), randomPhase(rng)));
  pulse.components.push_back(mode(rng.uniform(100.0, 110.0), rng.uniform(300.0, 900.0),
                                  rng.uniform(10e-3, 25e-3), randomPhase(rng)));
  return pulse;
}

SourcePulse makeHammerBlow(SimRng &rng) {
  SourcePulse pulse;
  pulse.components.push_back(
      friedlander(rng.uniform(112.0, 124.0), rng.uniform(0.15e-3, 0.4e-3), rng.uniform(1.0, 1.5)));
  pulse.components.push_back(mode(rng.uniform(104.0, 116.0), rng.uniform(1000.0, 4000.0),
                                  rng.uniform(8e-3, 30e-3), randomPhase(rng)));
  pulse.components.push_back(mode(rng.uniform(98.0, 108.0), rng.uniform(200.0, 700.0),
                                  rng.uniform(10e-3, 30e-3), randomPhase(rng)));
  return pulse;
}

SourcePulse makeHousingKnock(SimRng &rng) {
  SourcePulse pulse;
  // Structure-borne: at the capsule it is as loud as a near shot, but rings like plastic.
  pulse.components.push_back(
      friedlander(rng.uniform(120.0, 142.0), rng.uniform(0.1e-3, 0.3e-3), rng.uniform(1.5, 3.0)));
  pulse.components.push_back(mode(rng.uniform(115.0, 135.0), rng.uniform(600.0, 3000.0),
                                  rng.uniform(2e-3, 8e-3), randomPhase(rng)));
  return pulse;
}

} // namespace salvo::sim
