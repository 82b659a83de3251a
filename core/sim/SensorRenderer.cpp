#include "sim/SensorRenderer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace salvo::sim {
namespace {

constexpr int kPreroll = 32; // samples before the arrival: room for the band limit's ringing
constexpr double kInaudible_pa = 2e-4; // 20 dB SPL, far below any city's background
constexpr double kMicHighPass_hz = 25.0;

std::size_t fftSizeFor(double length_s, double rate_hz) {
  const double samples = (length_s + 0.006) * rate_hz + 2.0 * kPreroll;
  std::size_t size = 64;
  while (static_cast<double>(size) < samples && size < (std::size_t{1} << 16)) {
    size <<= 1;
  }
  return size;
}

double directivityGain(const SourcePulse &pulse, const Eigen::Vector3d &departure) {
  if (pulse.directivity_db <= 0.0) {
    return 1.0;
  }
  const double cosTheta = departure.x() * pulse.axis_east + departure.y() * pulse.axis_north +
                          departure.z() * pulse.axis_up;
  return std::pow(10.0, -pulse.directivity_db * (1.0 - cosTheta) / 40.0);
}

} // namespace

SensorRenderer::SensorRenderer(const SimScenario &scenario, std::size_t sensorIndex)
    : scenario_(scenario), sensor_(scenario.sensors.at(sensorIndex)),
      rate_hz_(sensor_.sample_rate_hz), c_mps_(scenario.speedOfSound_mps()),
      noise_(sensor_.noise, sensor_.sample_rate_hz, sensor_.noise_seed) {
  const double rc = 1.0 / (2.0 * std::numbers::pi * kMicHighPass_hz);
  highPassA_ = rc / (rc + 1.0 / rate_hz_);
}

const RealInverseFft &SensorRenderer::fft(std::size_t size) {
  auto &slot = ffts_[size];
  if (!slot) {
    slot = std::make_unique<RealInverseFft>(size);
  }
  return *slot;
}

const std::vector<double> &SensorRenderer::absorption(std::size_t size) {
  auto &table = absorption_[size];
  if (table.empty()) {
    table.resize(size / 2 + 1);
    for (std::size_t k = 0; k < table.size(); ++k) {
      const double f = rate_hz_ * static_cast<double>(k) / static_cast<double>(size);
      // Natural-log amplitude decay per metre.
      table[k] = airAbsorption_dB_per_m(f, scenario_.weather) * std::log(10.0) / 20.0;
    }
  }
  return table;
}

void SensorRenderer::addEmission(const Emission &emission) {
  // Live incidents can be scheduled while an earlier one's later shots are pending.
  const auto at = std::upper_bound(
      pending_.begin(), pending_.end(), emission.offset_ns,
      [](std::int64_t offset, const Emission &other) { return offset < other.offset_ns; });
  pending_.insert(at, emission);
}

void SensorRenderer::addTone(const ToneEmission &tone) {
  tones_.push_back(tone);
}

void SensorRenderer::addScenarioSources() {
  for (const auto &emission : scenario_.emissions) {
    addEmission(emission);
  }
  for (const auto &tone : scenario_.tones) {
    addTone(tone);
  }
}

void SensorRenderer::addPathArrival(const Emission &,
                                    const std::vector<std::complex<double>> &spectrum,
                                    std::size_t fftSize, double arrival_s, double gain,
                                    double length_m, double detour_m, int obstacles) {
  const double position = arrival_s * rate_hz_;
  const double whole = std::floor(position);
  const double shift = kPreroll + (position - whole);
  const std::size_t bins = fftSize / 2 + 1;
  const std::vector<double> &alpha = absorption(fftSize);
  scratch_.resize(bins);
  // Phase ramp of the sub-sample delay, advanced by recurrence from bin to bin.
  const double step = -2.0 * std::numbers::pi * shift / static_cast<double>(fftSize);
  const std::complex<double> rotation(std::cos(step), std::sin(step));
  std::complex<double> phase(1.0, 0.0);
  for (std::size_t k = 0; k < bins; ++k) {
    double amplitude = gain * std::exp(-alpha[k] * length_m);
    if (detour_m > 0.0) {
      const double f = rate_hz_ * static_cast<double>(k) / static_cast<double>(fftSize);
      amplitude *= std::pow(10.0, -barrierAttenuation_db(detour_m, f, c_mps_, obstacles) / 20.0);
    }
    scratch_[k] = spectrum[k] * amplitude * phase;
    phase *= rotation;
    if ((k & 63U) == 63U) { // keep the recurrence on the unit circle
      phase /= std::abs(phase);
    }
  }
  // A real signal's Nyquist bin is real.
  scratch_[bins - 1] = {scratch_[bins - 1].real(), 0.0};
  waveScratch_.resize(fftSize);
  fft(fftSize).inverse(scratch_, waveScratch_);
  Arrival arrival;
  arrival.start_sample = static_cast<std::int64_t>(whole) - kPreroll;
  arrival.wave.assign(waveScratch_.begin(), waveScratch_.end());
  arrivals_.push_back(std::move(arrival));
}

void SensorRenderer::addBulletArrivals(const Emission &emission) {
  const double t0 = static_cast<double>(emission.offset_ns) * 1e-9;
  const double mach = emission.bullet.speed_mps / c_mps_;
  if (mach <= 1.0) {
    return;
  }
  const double cosBeta = 1.0 / mach; // the shock leaves the trajectory at this angle
  const double sinBeta = std::sqrt(1.0 - cosBeta * cosBeta);
  const Eigen::Vector3d &u = emission.trajectory;
  const double ground = scenario_.city.groundUp_m(sensor_.enu_m.x(), sensor_.enu_m.y());
  // The microphone and its image in the ground: the N-wave and its ground reflection.
  for (int image = 0; image < 2; ++image) {
    Eigen::Vector3d receiver = sensor_.enu_m;
    double reflection = 1.0;
    if (image == 1) {
      if (!scenario_.propagation.ground_reflection) {
        break;
      }
      receiver.z() = 2.0 * ground - receiver.z();
      reflection = scenario_.city.groundReflection();
    }
    const Eigen::Vector3d rel = receiver - emission.position_m;
    const double along = rel.dot(u);
    const double miss = (rel - along * u).norm();
    const double emitAlong = along - miss * cosBeta / sinBeta;
    if (emitAlong < 0.0 || emitAlong > emission.bullet.supersonic_range_m) {
      continue; // behind the Mach cone or beyond the supersonic flight
    }
    const Eigen::Vector3d emitPoint = emission.position_m + emitAlong * u;
    const double rayLength = miss / sinBeta;
    const NWaveShape shape =
        whithamNWave(emission.bullet, miss, c_mps_, scenario_.weather.pressure_kpa * 1000.0);
    double detour = 0.0;
    int obstacles = 0;
    if (image == 0) {
      const Obstruction obstruction = scenario_.city.obstruction(emitPoint, receiver);
      if (obstruction.blocked) {
        detour = obstruction.detour_m;
        obstacles = obstruction.obstacles;
      }
    }
    if (shape.peak_pa * reflection < kInaudible_pa) {
      continue;
    }
    SourcePulse nwave;
    PulseComponent component;
    component.kind = PulseComponent::Kind::NWave;
    component.peak_pa = shape.peak_pa;
    component.duration_s = shape.duration_s;
    nwave.components.push_back(component);
    const std::size_t size = fftSizeFor(nwave.length_s(), rate_hz_);
    spectrum_.resize(size / 2 + 1);
    pulseSpectrum(nwave, rate_hz_, size, spectrum_);
    const double arrival =
        t0 + emitAlong / emission.bullet.speed_mps + (rayLength + detour) / c_mps_;
    addPathArrival(emission, spectrum_, size, arrival, reflection, rayLength, detour, obstacles);
  }
}

void SensorRenderer::expandEmissions(double untilSeconds) {
  const auto selfIndex = static_cast<int>(&sensor_ - scenario_.sensors.data());
  while (!pending_.empty() &&
         static_cast<double>(pending_.front().offset_ns) * 1e-9 < untilSeconds) {
    const Emission emission = std::move(pending_.front());
    pending_.pop_front();
    const double t0 = static_cast<double>(emission.offset_ns) * 1e-9;
    if (emission.only_sensor >= 0) {
      if (emission.only_sensor == selfIndex) {
        const std::size_t size = fftSizeFor(emission.pulse.length_s(), rate_hz_);
        spectrum_.resize(size / 2 + 1);
        pulseSpectrum(emission.pulse, rate_hz_, size, spectrum_);
        addPathArrival(emission, spectrum_, size, t0, 1.0, 0.0, 0.0, 0);
      }
      continue;
    }
    auto cached = pathsBySite_.find(emission.site);
    if (cached == pathsBySite_.end() || emission.site < 0) {
      if (pathsBySite_.size() >= 64) {
        pathsBySite_.erase(pathsBySite_.begin()); // the oldest site
      }
      cached = pathsBySite_
                   .insert_or_assign(emission.site, findPaths(scenario_.city, scenario_.weather,
                                                              emission.position_m, sensor_.enu_m,
                                                              scenario_.propagation))
                   .first;
    }
    const std::vector<PropagationPath> &paths = cached->second;
    const double peak = emission.pulse.peak_pa();
    bool spectrumReady = false;
    std::size_t size = 0;
    for (const auto &path : paths) {
      const double gain = path.spreading_gain * directivityGain(emission.pulse, path.departure);
      if (peak * gain < kInaudible_pa) {
        continue;
      }
      if (!spectrumReady) {
        size = fftSizeFor(emission.pulse.length_s(), rate_hz_);
        spectrum_.resize(size / 2 + 1);
        pulseSpectrum(emission.pulse, rate_hz_, size, spectrum_);
        spectrumReady = true;
      }
      addPathArrival(emission, spectrum_, size, t0 + path.travel_s, gain, path.length_m,
                     path.detour_m, path.obstacles);
    }
    if (emission.supersonic) {
      addBulletArrivals(emission);
    }
  }
}

void SensorRenderer::render(std::span<float> out) {
  const auto count = static_cast<std::int64_t>(out.size());
  const std::int64_t blockEnd = sample_ + count;
  expandEmissions(static_cast<double>(blockEnd + kPreroll) / rate_hz_);

  pressure_.assign(out.size(), 0.0f);
  noise_.add(pressure_);

  for (const auto &arrival : arrivals_) {
    const std::int64_t from = std::max(arrival.start_sample, sample_);
    const std::int64_t to =
        std::min(arrival.start_sample + static_cast<std::int64_t>(arrival.wave.size()), blockEnd);
    for (std::int64_t n = from; n < to; ++n) {
      pressure_[static_cast<std::size_t>(n - sample_)] +=
          arrival.wave[static_cast<std::size_t>(n - arrival.start_sample)];
    }
  }
  std::erase_if(arrivals_, [&](const Arrival &a) {
    return a.start_sample + static_cast<std::int64_t>(a.wave.size()) <= blockEnd;
  });

  for (const auto &tone : tones_) {
    const Eigen::Vector3d rel = sensor_.enu_m - tone.position_m;
    const double distance = std::max(rel.norm(), 1.0);
    const double start = static_cast<double>(tone.offset_ns) * 1e-9 + distance / c_mps_;
    const double end = start + tone.duration_s;
    const double blockStart_s = static_cast<double>(sample_) / rate_hz_;
    const double blockEnd_s = static_cast<double>(blockEnd) / rate_hz_;
    if (end <= blockStart_s || start >= blockEnd_s) {
      continue;
    }
    const double mid = 0.5 * (tone.start_hz + tone.end_hz);
    double amplitude =
        std::sqrt(2.0) * peakPascal(tone.level_db) / distance *
        std::pow(10.0, -airAbsorption_dB_per_m(mid, scenario_.weather) * distance / 20.0);
    const Obstruction obstruction = scenario_.city.obstruction(tone.position_m, sensor_.enu_m);
    if (obstruction.blocked) {
      amplitude *= std::pow(
          10.0,
          -barrierAttenuation_db(obstruction.detour_m, mid, c_mps_, obstruction.obstacles) / 20.0);
    }
    const double glide = (tone.end_hz - tone.start_hz) / tone.duration_s;
    for (std::int64_t n = sample_; n < blockEnd; ++n) {
      const double tau = static_cast<double>(n) / rate_hz_ - start;
      if (tau < 0.0 || tau >= tone.duration_s) {
        continue;
      }
      const double fade = std::min({1.0, tau / 0.05, (tone.duration_s - tau) / 0.2});
      const double phase = 2.0 * std::numbers::pi * (tone.start_hz * tau + 0.5 * glide * tau * tau);
      pressure_[static_cast<std::size_t>(n - sample_)] +=
          static_cast<float>(amplitude * fade * std::sin(phase));
    }
  }

  // Microphone: first-order high-pass of the capsule's vent, then the converter.
  const double scale = 1.0 / sensor_.full_scale_pa;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double x = pressure_[i];
    highPassOut_ = highPassA_ * (highPassOut_ + x - highPassIn_);
    highPassIn_ = x;
    // Clipping at full scale and 16-bit steps of 1/32768, the converter's own grid (the
    // same as AudioFileWriter's, so writing is exact).
    const double code =
        std::clamp(std::nearbyint(highPassOut_ * scale * 32768.0), -32768.0, 32767.0);
    out[i] = static_cast<float>(code / 32768.0);
  }
  for (const auto &[from_s, to_s] : sensor_.dropouts_s) {
    const auto from = static_cast<std::int64_t>(from_s * rate_hz_);
    const auto to = static_cast<std::int64_t>(to_s * rate_hz_);
    for (std::int64_t n = std::max(from, sample_); n < std::min(to, blockEnd); ++n) {
      out[static_cast<std::size_t>(n - sample_)] = 0.0f;
    }
  }
  sample_ = blockEnd;
}

} // namespace salvo::sim
