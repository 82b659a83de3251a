#include "sim/SensorRenderer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace salvo::sim {
namespace {

constexpr int kPreroll = 32; // samples before the arrival: room for the band limit's ringing
constexpr double kInaudible_pa = 2e-4; // 20 dB SPL, far below any city's background
// A copy whose peak stays 30 dB under the sensor's own background (traffic and self noise,
// RMS) changes what it records by less than the noise's own variation from block to block.
constexpr double kBelowBackground = 0.03;
// Sites whose paths (and per-bin gains) stay cached: an incident's shots or pops come from
// one site within seconds, so a few recent ones cover the overlaps; more only costs memory.
constexpr std::size_t kCachedSites = 16;
constexpr double kMicHighPass_hz = 25.0;
// Per-bin transfers kept per sensor (floats, two a bin): the sites' tables stay within
// this, so that twenty renderers side by side hold 10 MB however long-ringing the pulses
// are (as many tables as the 64 k real gains of before: recomputing a minimum-phase one
// costs two transforms).
constexpr std::size_t kTransferBudget = std::size_t{1} << 17;

constexpr std::size_t kMaxFft = std::size_t{1} << 16;
// Scratch kept between transforms: enough for every gunshot and pop at 48 kHz.
constexpr std::size_t kKeptScratch = std::size_t{1} << 13;
// Shared-spectrum keys of scheduled emissions (by their number in the stream), apart from
// the hand-placed ones' (their index).
constexpr std::uint64_t kScheduledKeys = std::uint64_t{1} << 62;

// Samples a pulse of this length needs in its transform: the pulse, the band limit's
// ringing on both sides and a margin for the absorption and diffraction filters' spread.
double samplesFor(double length_s, double rate_hz) {
  return (length_s + 0.006) * rate_hz + 2.0 * kPreroll;
}

std::size_t fftSizeFor(double length_s, double rate_hz) {
  const double samples = samplesFor(length_s, rate_hz);
  std::size_t size = 64;
  while (static_cast<double>(size) < samples && size < kMaxFft) {
    size <<= 1;
  }
  return size;
}

// nearbyint() in the default rounding mode (to nearest, ties to even) without the library
// call: adding and removing 1.5 x 2^52 leaves the rounded value for |x| < 2^51; beyond the
// converter's range the value only has to stay beyond it.
double roundToEven(double x) {
  constexpr double kMagic = 6755399441055744.0;
  const double bounded = std::clamp(x, -1e6, 1e6);
  return (bounded + kMagic) - kMagic;
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
  const double background_pa =
      std::hypot(peakPascal(sensor_.noise.traffic_db), peakPascal(sensor_.noise.self_noise_db));
  audible_pa_ = std::max(kInaudible_pa, kBelowBackground * background_pa);
}

const RealInverseFft &SensorRenderer::fft(std::size_t size) {
  auto &slot = ffts_[size];
  if (!slot) {
    slot = std::make_unique<RealInverseFft>(size);
  }
  return *slot;
}

const std::vector<double> &SensorRenderer::absorption(std::size_t size) {
  if (sharedSpectra_) {
    return sharedSpectra_->absorption(rate_hz_, size, scenario_.weather);
  }
  auto &table = absorption_[size];
  if (table.empty()) {
    table = absorptionTable(rate_hz_, size, scenario_.weather);
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

void SensorRenderer::insertTone(const ToneEmission &tone) {
  // After the tones that begin no later: the order the tones' sound is summed in.
  const auto at = std::upper_bound(
      tones_.begin(), tones_.end(), tone.offset_ns,
      [](std::int64_t offset, const ToneEmission &other) { return offset < other.offset_ns; });
  tones_.insert(at, tone);
}

double SensorRenderer::toneEnd_s(const ToneEmission &tone) const {
  const double distance = std::max((sensor_.enu_m - tone.position_m).norm(), 1.0);
  return static_cast<double>(tone.offset_ns) * 1e-9 + distance / c_mps_ + tone.duration_s;
}

void SensorRenderer::addScenarioSources(std::shared_ptr<EmissionStream> stream) {
  // Read in place, in time order, merged with any added ones: no copy of a whole
  // scenario's emissions per sensor.
  scenarioEmissions_ = true;
  scenarioCursor_ = 0;
  for (const auto &tone : scenario_.tones) {
    addTone(tone);
  }
  if (!stream && !scenario_.schedule.empty()) {
    stream = std::make_shared<EmissionStream>(scenario_);
  }
  stream_ = std::move(stream);
  if (stream_) {
    reader_ = stream_->addReader();
  }
}

const std::vector<std::complex<double>> &SensorRenderer::spectrum(const SourcePulse &pulse,
                                                                  std::size_t size) {
  if (sharedSpectra_ && sharedEmission_ != kNotShared) {
    return sharedSpectra_->get(sharedEmission_, pulse, rate_hz_, size);
  }
  if (spectrumPulse_ != &pulse) {
    spectraValid_ = 0;
    spectrumPulse_ = &pulse;
  }
  for (std::size_t i = 0; i < spectraValid_; ++i) {
    if (spectra_[i].size == size) {
      return spectra_[i].bins;
    }
  }
  if (spectraValid_ == spectra_.size()) {
    spectra_.emplace_back();
  }
  Spectrum &slot = spectra_[spectraValid_++];
  slot.size = size;
  slot.bins.resize(size / 2 + 1);
  pulseSpectrum(pulse, rate_hz_, size, slot.bins);
  return slot.bins;
}

const std::vector<std::complex<float>> &
SensorRenderer::transfer(const PathCopy &copy, std::size_t fftSize, SitePaths *site) {
  std::vector<std::complex<float>> *table = &transferScratch_;
  const std::size_t bins = fftSize / 2 + 1;
  if (site != nullptr) {
    auto &perPath = site->transfer[fftSize];
    if (perPath.empty()) {
      perPath.resize(site->paths.size());
    }
    if (!perPath[copy.index].empty()) {
      return perPath[copy.index];
    }
    // Within the budget the table is kept for the site's next pulses; past it (a few
    // long-ringing slams at once) it is computed for this copy only, to the same values.
    if (transferFloats_ + 2 * bins <= kTransferBudget) {
      table = &perPath[copy.index];
      transferFloats_ += 2 * bins;
      site->transferFloats += 2 * bins;
    }
  }
  // The magnitude of ISO 9613-1 absorption times ISO 9613-2 diffraction, made minimum
  // phase: a real absorbed or edge-diffracted wave is causal and starts at its travel
  // time (a zero-phase gain spread it symmetrically, ~90 us early at 12 kHz behind a
  // roof). On a grid twice as fine, so the folded cepstrum does not wrap round.
  const bool causal = scenario_.propagation.causal_filters;
  const std::size_t fine = causal ? std::max(fftSize, std::min(2 * fftSize, kMaxFft)) : fftSize;
  const std::size_t step = fine / fftSize;
  const std::vector<double> &alpha = absorption(fine);
  logMagnitude_.resize(fine / 2 + 1);
  for (std::size_t k = 0; k < logMagnitude_.size(); ++k) {
    double logGain = -alpha[k] * copy.length_m;
    if (copy.detour_m > 0.0) {
      const double f = rate_hz_ * static_cast<double>(k) / static_cast<double>(fine);
      logGain += std::log(barrierAmplitude(copy.detour_m, f, c_mps_, copy.obstacles));
    }
    logMagnitude_[k] = logGain;
  }
  fineTransfer_.resize(logMagnitude_.size());
  if (causal) {
    minimumPhaseSpectrum(logMagnitude_, fineTransfer_, cepstrumScratch_, cepstrumBins_);
  } else {
    for (std::size_t k = 0; k < fineTransfer_.size(); ++k) {
      fineTransfer_[k] = std::exp(logMagnitude_[k]);
    }
  }
  table->resize(bins);
  for (std::size_t k = 0; k < bins; ++k) {
    (*table)[k] = std::complex<float>(fineTransfer_[k * step]);
  }
  return *table;
}

void SensorRenderer::addArrivalGroup(const SourcePulse &pulse, std::span<const PathCopy> group,
                                     SitePaths *site) {
  const double first = group.front().arrival_s * rate_hz_;
  const double span_s = group.back().arrival_s - group.front().arrival_s;
  const std::size_t fftSize = fftSizeFor(pulse.length_s() + span_s, rate_hz_);
  const std::size_t bins = fftSize / 2 + 1;
  const std::vector<std::complex<double>> &source = spectrum(pulse, fftSize);
  const double whole = std::floor(first);
  scratch_.assign(bins, {});
  for (const PathCopy &copy : group) {
    const std::vector<std::complex<float>> &gains = transfer(copy, fftSize, site);
    // Phase ramp of the (sub-sample) delay from the group's start, by recurrence.
    const double shift = kPreroll + (copy.arrival_s * rate_hz_ - whole);
    const double step = -2.0 * std::numbers::pi * shift / static_cast<double>(fftSize);
    const std::complex<double> rotation(std::cos(step), std::sin(step));
    std::complex<double> phase(1.0, 0.0);
    for (std::size_t k = 0; k < bins; ++k) {
      // In reals: std::complex's operator* carries a NaN recovery branch (C99 Annex G).
      const double gr = copy.gain * static_cast<double>(gains[k].real());
      const double gi = copy.gain * static_cast<double>(gains[k].imag());
      const double sr = source[k].real() * gr - source[k].imag() * gi;
      const double si = source[k].real() * gi + source[k].imag() * gr;
      scratch_[k] += std::complex<double>(sr * phase.real() - si * phase.imag(),
                                          sr * phase.imag() + si * phase.real());
      phase = {phase.real() * rotation.real() - phase.imag() * rotation.imag(),
               phase.real() * rotation.imag() + phase.imag() * rotation.real()};
      if ((k & 63U) == 63U) { // keep the recurrence on the unit circle
        const double norm = std::sqrt(std::norm(phase));
        phase = {phase.real() / norm, phase.imag() / norm};
      }
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
  releaseLargeScratch();
}

void SensorRenderer::releaseLargeScratch() {
  // A long-ringing pulse needs a transform of up to kMaxFft; keeping its scratch would
  // make each sensor's memory the largest transform met so far, which grows with the
  // length. Past kKeptScratch it is given back (a rare, cheap allocation).
  if (scratch_.capacity() > kKeptScratch) {
    std::vector<std::complex<double>>().swap(scratch_);
  }
  if (waveScratch_.capacity() > kKeptScratch) {
    std::vector<double>().swap(waveScratch_);
  }
  if (transferScratch_.capacity() > kKeptScratch) {
    std::vector<std::complex<float>>().swap(transferScratch_);
  }
  if (logMagnitude_.capacity() > kKeptScratch) {
    std::vector<double>().swap(logMagnitude_);
    std::vector<std::complex<double>>().swap(fineTransfer_);
    std::vector<double>().swap(cepstrumScratch_);
    std::vector<std::complex<double>>().swap(cepstrumBins_);
  }
}

void SensorRenderer::renderCopies(const SourcePulse &pulse, std::vector<PathCopy> &copies,
                                  SitePaths *site) {
  if (copies.empty()) {
    return;
  }
  std::stable_sort(copies.begin(), copies.end(),
                   [](const PathCopy &a, const PathCopy &b) { return a.arrival_s < b.arrival_s; });
  // Copies that arrive close together share one inverse FFT, as long as it stays within
  // twice the size one copy needs (beyond that separate small transforms are cheaper).
  const double length_s = pulse.length_s();
  const std::size_t single = fftSizeFor(length_s, rate_hz_);
  // The group's transform must also hold all of it: never past the largest size.
  const double room = static_cast<double>(std::min(2 * single, kMaxFft));
  std::size_t from = 0;
  for (std::size_t i = 1; i <= copies.size(); ++i) {
    if (i == copies.size() ||
        samplesFor(length_s + copies[i].arrival_s - copies[from].arrival_s, rate_hz_) > room) {
      addArrivalGroup(pulse, std::span<const PathCopy>(copies.data() + from, copies.data() + i),
                      site);
      from = i;
    }
  }
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
    if (shape.peak_pa * reflection < audible_pa_) {
      continue;
    }
    SourcePulse nwave;
    PulseComponent component;
    component.kind = PulseComponent::Kind::NWave;
    component.peak_pa = shape.peak_pa;
    component.duration_s = shape.duration_s;
    nwave.components.push_back(component);
    PathCopy copy;
    copy.arrival_s = t0 + emitAlong / emission.bullet.speed_mps + (rayLength + detour) / c_mps_;
    copy.gain = reflection;
    copy.length_m = rayLength;
    copy.detour_m = detour;
    copy.obstacles = obstacles;
    std::vector<PathCopy> single{copy};
    const std::size_t emissionIndex = sharedEmission_;
    sharedEmission_ = kNotShared; // per sensor: its own N-wave
    renderCopies(nwave, single, nullptr);
    sharedEmission_ = emissionIndex;
    spectrumPulse_ = nullptr; // `nwave` goes out of scope
  }
}

const Emission *SensorRenderer::nextEmission(std::uint64_t &sharedKey, bool &live) {
  // The earliest of the hand-placed, the scheduled and the live emissions.
  const Emission *next = nullptr;
  live = false;
  sharedKey = kNotShared;
  if (scenarioEmissions_ && scenarioCursor_ < scenario_.emissions.size()) {
    next = &scenario_.emissions[scenarioCursor_];
    sharedKey = scenarioCursor_;
  }
  std::uint64_t sequence = 0;
  if (stream_) {
    const Emission *scheduled = stream_->peek(reader_, sequence);
    if (scheduled != nullptr && (next == nullptr || scheduled->offset_ns < next->offset_ns)) {
      next = scheduled;
      sharedKey = kScheduledKeys + sequence; // apart from the hand-placed ones' numbers
    }
  }
  if (!pending_.empty() && (next == nullptr || pending_.front().offset_ns < next->offset_ns)) {
    next = &pending_.front();
    sharedKey = kNotShared;
    live = true;
  }
  return next;
}

void SensorRenderer::expandEmissions(double untilSeconds) {
  while (true) {
    std::uint64_t key = kNotShared;
    bool live = false;
    const Emission *next = nextEmission(key, live);
    if (next == nullptr || static_cast<double>(next->offset_ns) * 1e-9 >= untilSeconds) {
      break;
    }
    if (live) {
      const Emission emission = std::move(pending_.front());
      pending_.pop_front();
      expandEmission(emission);
    } else if (key >= kScheduledKeys) {
      stream_->take(reader_);
      sharedEmission_ = static_cast<std::size_t>(key);
      expandEmission(*next);
      sharedEmission_ = kNotShared;
    } else {
      sharedEmission_ = scenarioCursor_++;
      expandEmission(*next);
      sharedEmission_ = kNotShared;
    }
  }
  if (stream_) {
    // Every incident begun before `untilSeconds` has been expanded: its whistle is here
    // before any block it sounds in.
    while (const ToneEmission *tone = stream_->nextTone(reader_)) {
      insertTone(*tone);
    }
    stream_->trim();
  }
}

void SensorRenderer::expandEmission(const Emission &emission) {
  const auto selfIndex = static_cast<int>(&sensor_ - scenario_.sensors.data());
  spectrumPulse_ = nullptr; // a new pulse, possibly at the old one's address
  const double t0 = static_cast<double>(emission.offset_ns) * 1e-9;
  if (emission.only_sensor >= 0) {
    if (emission.only_sensor == selfIndex) {
      std::vector<PathCopy> single{PathCopy{t0, 1.0, 0.0, 0.0, 0, 0}};
      renderCopies(emission.pulse, single, nullptr);
    }
    return;
  }
  auto cached = pathsBySite_.find(emission.site);
  if (cached == pathsBySite_.end() || emission.site < 0) {
    if (cached != pathsBySite_.end()) { // a site without a number (< 0): not shared
      transferFloats_ -= cached->second.transferFloats;
      pathsBySite_.erase(cached);
    }
    if (pathsBySite_.size() >= kCachedSites) {
      // The least recently used site: site numbers follow the order incidents were
      // drawn in, not their times, so the smallest may be the one still firing.
      const auto oldest = std::min_element(
          pathsBySite_.begin(), pathsBySite_.end(),
          [](const auto &a, const auto &b) { return a.second.used < b.second.used; });
      transferFloats_ -= oldest->second.transferFloats;
      pathsBySite_.erase(oldest);
    }
    SitePaths site;
    site.paths = findPaths(scenario_.city, scenario_.weather, emission.position_m, sensor_.enu_m,
                           scenario_.propagation);
    cached = pathsBySite_.insert_or_assign(emission.site, std::move(site)).first;
  }
  SitePaths &site = cached->second;
  site.used = ++siteUses_;
  const double peak = emission.pulse.peak_pa();
  copies_.clear();
  for (std::size_t i = 0; i < site.paths.size(); ++i) {
    const PropagationPath &path = site.paths[i];
    const double gain = path.spreading_gain * directivityGain(emission.pulse, path.departure);
    // Absorption and diffraction only weaken a copy further: a bound on its peak.
    if (peak * gain < audible_pa_) {
      continue;
    }
    copies_.push_back({t0 + path.travel_s, gain, path.length_m, path.detour_m, path.obstacles, i});
  }
  renderCopies(emission.pulse, copies_, &site);
  if (emission.supersonic) {
    addBulletArrivals(emission);
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

  // Tones heard to their end are done: the list holds only those still to sound.
  const double blockEnd_s = static_cast<double>(blockEnd) / rate_hz_;
  std::erase_if(tones_, [&](const ToneEmission &tone) { return toneEnd_s(tone) <= blockEnd_s; });

  // Microphone: first-order high-pass of the capsule's vent, then the converter.
  const double scale = 1.0 / sensor_.full_scale_pa;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double x = pressure_[i];
    highPassOut_ = highPassA_ * (highPassOut_ + x - highPassIn_);
    highPassIn_ = x;
    // Clipping at full scale and 16-bit steps of 1/32768, the converter's own grid (the
    // same as AudioFileWriter's, so writing is exact).
    const double code = std::clamp(roundToEven(highPassOut_ * scale * 32768.0), -32768.0, 32767.0);
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

void renderScenario(const SimScenario &scenario, std::size_t blockFrames,
                    const std::function<void(std::size_t, std::span<const float>)> &sink) {
  const auto cache = std::make_shared<SpectrumCache>();
  const auto stream = std::make_shared<EmissionStream>(scenario);
  std::vector<std::unique_ptr<SensorRenderer>> renderers;
  std::vector<std::int64_t> frames;
  for (std::size_t i = 0; i < scenario.sensors.size(); ++i) {
    renderers.push_back(std::make_unique<SensorRenderer>(scenario, i));
    renderers.back()->addScenarioSources(stream);
    renderers.back()->shareSpectra(cache);
    frames.push_back(static_cast<std::int64_t>(
        std::llround(scenario.duration_s * scenario.sensors[i].sample_rate_hz)));
  }
  std::vector<float> block(blockFrames);
  for (bool more = true; more;) {
    more = false;
    for (std::size_t i = 0; i < renderers.size(); ++i) {
      const std::int64_t left = frames[i] - renderers[i]->position();
      if (left <= 0) {
        continue;
      }
      const auto count = static_cast<std::size_t>(
          std::min<std::int64_t>(left, static_cast<std::int64_t>(blockFrames)));
      const std::span<float> out(block.data(), count);
      renderers[i]->render(out);
      sink(i, out);
      more = more || renderers[i]->position() < frames[i];
    }
  }
}

} // namespace salvo::sim
