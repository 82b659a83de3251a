#include "detect/ImpulseDetector.h"

#include "common/Median.h"
#include "dsp/OnsetPicker.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <span>
#include <stdexcept>

namespace salvo {

namespace {

constexpr double kReferencePressure_pa = 20e-6;
constexpr double kSilence_db = -250.0;
constexpr std::size_t kMaxClipRuns = 64;
constexpr std::size_t kMaxRecentPulses = 64;

double powerDb(double mean_square) {
  return mean_square > 1e-25 ? 10.0 * std::log10(mean_square) : kSilence_db;
}

std::int64_t samplesOf(double seconds, double rate_hz) {
  return static_cast<std::int64_t>(std::llround(seconds * rate_hz));
}

// Largest normalised cross-correlation of two snippets over lags up to max_lag.
double waveformSimilarity(const std::vector<float> &a, const std::vector<float> &b,
                          std::size_t max_lag) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 4) {
    return 0.0;
  }
  double ea = 0.0;
  double eb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    ea += static_cast<double>(a[i]) * a[i];
    eb += static_cast<double>(b[i]) * b[i];
  }
  if (ea <= 0.0 || eb <= 0.0) {
    return 0.0;
  }
  double best = 0.0;
  const auto lag_limit = static_cast<std::ptrdiff_t>(std::min(max_lag, n / 2));
  for (std::ptrdiff_t lag = -lag_limit; lag <= lag_limit; ++lag) {
    double c = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + lag;
      if (j >= 0 && j < static_cast<std::ptrdiff_t>(n)) {
        c += static_cast<double>(a[i]) * b[static_cast<std::size_t>(j)];
      }
    }
    best = std::max(best, c / std::sqrt(ea * eb));
  }
  return best;
}

} // namespace

ImpulseDetector::ImpulseDetector(const ImpulseDetectorConfig &config, std::size_t sensor_index,
                                 double sample_rate_hz, double full_scale_pa, UtcNs start_utc_ns)
    : config_(config), sensor_index_(sensor_index), sample_rate_hz_(sample_rate_hz),
      full_scale_pa_(full_scale_pa), start_utc_ns_(start_utc_ns),
      spl_offset_db_(20.0 * std::log10(full_scale_pa / kReferencePressure_pa)),
      floor_(std::max<std::size_t>(
                 1, static_cast<std::size_t>(
                        config.floor_window_s * sample_rate_hz /
                        std::max(1.0, std::round(config.frame_s * sample_rate_hz / 2.0)))),
             config.floor_percentile, kSilence_db, 40.0, 0.25),
      spectrum_(std::bit_ceil(static_cast<std::size_t>(
          std::max(64.0, std::ceil(config.feature_window_s * sample_rate_hz))))) {
  if (!(sample_rate_hz >= 4000.0 && sample_rate_hz <= 384000.0)) {
    throw std::invalid_argument("ImpulseDetector: sample rate " + std::to_string(sample_rate_hz) +
                                " Hz is outside 4..384 kHz");
  }
  if (!(full_scale_pa > 0.0)) {
    throw std::invalid_argument("ImpulseDetector: full scale must be a positive pressure");
  }
  if (!(config.band_low_hz > 0.0) || !(config.band_high_hz > config.band_low_hz) ||
      !(config.frame_s > 0.0) || !(config.max_pulse_s > config.frame_s) ||
      !(config.release_db < config.trigger_db) || config.band_low_order < 1 ||
      config.band_high_order < 1) {
    throw std::invalid_argument("ImpulseDetector: inconsistent configuration");
  }
  const double nyquist = 0.5 * sample_rate_hz;
  const double low = std::min(config.band_low_hz, 0.25 * nyquist);
  const double high = std::min(config.band_high_hz, 0.84 * nyquist);
  band_ = makeButterworthHighPass(config.band_low_order, low, sample_rate_hz);
  if (high < 0.45 * sample_rate_hz) {
    BiquadCascade low_pass = makeButterworthLowPass(config.band_high_order, high, sample_rate_hz);
    for (const BiquadCoefficients &c : low_pass.sections()) {
      band_.addSection(c);
    }
  }
  onset_delay_samples_ = calibrateOnsetDelay();
  const double envelope_high = std::min(config.envelope_high_hz, 0.84 * nyquist);
  if (envelope_high < high) {
    envelope_ = makeButterworthLowPass(2, envelope_high, sample_rate_hz);
  }
  analysis_ = makeButterworthHighPass(2, std::min(config.analysis_high_pass_hz, 0.1 * nyquist),
                                      sample_rate_hz);

  hop_ = std::max<std::int64_t>(2, samplesOf(config.frame_s / 2.0, sample_rate_hz));
  const std::int64_t span = samplesOf(config.onset_search_s + config.retrigger_lookback_s +
                                          std::max(config.max_pulse_s, config.feature_window_s) +
                                          config.release_hold_s + 4.0 * config.frame_s + 0.05,
                                      sample_rate_hz);
  const std::size_t ring = std::bit_ceil(static_cast<std::size_t>(span));
  det_ring_.assign(ring, 0.0f);
  ana_ring_.assign(ring, 0.0f);
  ring_mask_ = ring - 1;
  warmup_frames_ = static_cast<std::size_t>(
      std::ceil(config.warmup_s * sample_rate_hz / static_cast<double>(hop_)));
  warmup_frames_ = std::min(std::max<std::size_t>(warmup_frames_, 1), floor_.window());
  rise_gap_frames_ = static_cast<std::size_t>(
      std::max<std::int64_t>(0, samplesOf(config.rise_gap_s, sample_rate_hz) / hop_));
  recent_energy_.assign(static_cast<std::size_t>(std::max<std::int64_t>(
                            2, samplesOf(config.retrigger_lookback_s, sample_rate_hz) / hop_ + 1)) +
                            rise_gap_frames_,
                        0.0);
  held_db_.reserve(
      static_cast<std::size_t>(samplesOf(config.max_pulse_s, sample_rate_hz) / hop_ + 8));
  pending_.reserve(16);
  clip_runs_.reserve(kMaxClipRuns);
  recent_.reserve(kMaxRecentPulses);
  scratch_.reserve(ring);
  stats_.noise_floor_db_spl = kSilence_db + spl_offset_db_;
}

double ImpulseDetector::calibrateOnsetDelay() const {
  // The band filter delays and rounds the leading edge. Rather than a formula for one
  // filter, measure what the onset refinement reports for ideal steps (as a converter
  // with a 0.45 fs anti-alias filter records them) at a few fractional positions.
  double sum = 0.0;
  int count = 0;
  for (const double fraction : {0.0, 0.25, 0.5, 0.75}) {
    BiquadCascade filter = band_;
    filter.reset();
    const double t0 = 96.0 + fraction;
    const std::vector<double> step = bandLimitedStepSeries(-t0, 192, 0.45);
    std::vector<float> y(step.size());
    for (std::size_t n = 0; n < y.size(); ++n) {
      y[n] = static_cast<float>(filter.process(step[n]));
    }
    std::size_t peak = 96;
    for (std::size_t n = 96;
         n < 96 + 8 + static_cast<std::size_t>(0.002 * sample_rate_hz_) && n < y.size(); ++n) {
      if (std::abs(y[n]) > std::abs(y[peak])) {
        peak = n;
      }
    }
    if (const std::optional<double> edge = leadingEdgeOnset(y, 96, peak, 0.0)) {
      sum += *edge - t0;
      ++count;
    }
  }
  return count > 0 ? sum / count : 0.0;
}

void ImpulseDetector::process(std::span<const float> block, std::vector<Pulse> &out) {
  const float clip = static_cast<float>(config_.clip_level);
  const std::int64_t settle = samplesOf(config_.dropout_settle_s, sample_rate_hz_);
  for (const float raw : block) {
    float x = raw;
    if (!std::isfinite(x)) {
      x = 0.0f;
      ++stats_.dropout_samples;
      if (!in_dropout_) {
        ++stats_.dropout_runs;
        in_dropout_ = true;
      }
      hop_dropout_ = true;
      blank_until_ = n_ + settle;
    } else {
      in_dropout_ = false;
      if (std::abs(x) >= clip) {
        ++stats_.clipped_samples;
        if (in_clip_ && !clip_runs_.empty()) {
          clip_runs_.back().end = n_ + 1;
        } else {
          if (clip_runs_.size() == kMaxClipRuns) {
            clip_runs_.erase(clip_runs_.begin());
          }
          clip_runs_.push_back({n_, n_ + 1});
        }
        in_clip_ = true;
      } else {
        in_clip_ = false;
      }
    }
    const double y = band_.process(static_cast<double>(x));
    const double a = analysis_.process(static_cast<double>(x));
    const std::size_t slot = static_cast<std::size_t>(n_) & ring_mask_;
    det_ring_[slot] = static_cast<float>(y);
    ana_ring_[slot] = static_cast<float>(a);
    const double e = envelope_.process(y);
    hop_energy_ += e * e;
    ++n_;
    if (++hop_fill_ == hop_) {
      onHalfFrame(out);
      // Pulses are analysed on a half-frame boundary, whatever the block size, so the
      // output does not depend on how the stream was cut.
      if (!pending_.empty() && pending_.front().ready_sample <= n_) {
        emitReady(out, false);
      }
      hop_fill_ = 0;
      hop_energy_ = 0.0;
      hop_dropout_ = false;
    }
  }
  stats_.samples = n_;
}

void ImpulseDetector::onHalfFrame(std::vector<Pulse> &out) {
  (void)out;
  const double mean_square = (previous_hop_energy_ + hop_energy_) / static_cast<double>(2 * hop_);
  const bool dropout = hop_dropout_ || previous_hop_dropout_ || n_ <= blank_until_;
  previous_hop_energy_ = hop_energy_;
  previous_hop_dropout_ = hop_dropout_;
  const std::int64_t frame_start = n_ - 2 * hop_;
  const double db = powerDb(mean_square);

  // Mean energy of the lookback before this frame: a new impulse must rise above it. A
  // mean, not a minimum, because a ringing tail dips between its cycles.
  const std::size_t lookback = recent_energy_.size() - rise_gap_frames_;
  const double recent_mean_db = powerDb(recentSum(0, lookback) / static_cast<double>(lookback));
  // The trigger's lookback ends rise_gap_s before the frame; within a pulse, a new impulse
  // is judged against the lookback up to it (the ring's newest frames included).
  const double trigger_mean_db = rise_gap_frames_ == 0
                                     ? recent_mean_db
                                     : powerDb(recentSum(rise_gap_frames_, recent_energy_.size()) /
                                               static_cast<double>(lookback));
  recent_energy_[recent_head_] = dropout ? 0.0 : mean_square;
  recent_head_ = (recent_head_ + 1) % recent_energy_.size();

  if (dropout) {
    if (open_) {
      endPulse(std::max(pulse_.last_loud_end, pulse_.trigger_sample + 1));
    }
    return;
  }
  const double floor_db = floor_.value();
  const bool warmed = floor_.size() >= warmup_frames_;
  stats_.warmed_up = warmed;
  stats_.noise_floor_db_spl = floor_db + spl_offset_db_;

  if (!open_) {
    // A rise, not just a level: the slowly decaying tail of a loud pulse can stay above
    // the trigger level after the pulse has ended and must not start another one.
    if (warmed && db >= floor_db + config_.trigger_db && db >= trigger_mean_db + config_.rise_db) {
      startPulse(frame_start,
                 std::max(last_end_sample_,
                          frame_start - samplesOf(config_.onset_search_s, sample_rate_hz_)),
                 floor_db);
      held_db_.push_back(db);
      pulse_.peak_frame_db = db;
      pulse_.last_loud_end = n_;
    } else {
      floor_.push(db);
    }
    return;
  }

  const std::int64_t age = n_ - pulse_.trigger_sample;
  // Once the lookback lies inside this pulse, a jump over it is a new impulse. Earlier, the
  // lookback still holds the quiet before this pulse, so only an impulse clearly louder than
  // anything in the pulse so far counts: the next round of automatic fire landing a few ms
  // into the previous round's echo must not be swallowed by it.
  const bool settled =
      age > samplesOf(config_.retrigger_lookback_s + config_.frame_s, sample_rate_hz_);
  const bool louder = age >= samplesOf(config_.early_retrigger_s, sample_rate_hz_) &&
                      pulse_.dip_db <= pulse_.peak_frame_db - config_.early_retrigger_dip_db &&
                      db >= pulse_.peak_frame_db + config_.early_retrigger_db;
  if ((settled || louder) && db >= recent_mean_db + config_.retrigger_rise_db &&
      db >= pulse_.floor_db + config_.trigger_db) {
    // A second impulse riding on the first one's tail: an echo or the next shot.
    endPulse(frame_start);
    startPulse(frame_start, frame_start - samplesOf(config_.retrigger_lookback_s, sample_rate_hz_),
               pulse_.floor_db);
    held_db_.push_back(db);
    pulse_.peak_frame_db = db;
    pulse_.last_loud_end = n_;
    return;
  }

  held_db_.push_back(db);
  if (db > pulse_.peak_frame_db) {
    pulse_.peak_frame_db = db;
    pulse_.dip_db = db;
  }
  pulse_.dip_db = std::min(pulse_.dip_db, db);
  if (db >= pulse_.floor_db + config_.release_db) {
    pulse_.quiet_frames = 0;
    pulse_.last_loud_end = n_;
  } else {
    ++pulse_.quiet_frames;
    if (static_cast<double>(pulse_.quiet_frames * hop_) >=
        config_.release_hold_s * sample_rate_hz_) {
      // The quiet tail is noise again: let the floor have it.
      const std::size_t quiet = static_cast<std::size_t>(pulse_.quiet_frames);
      for (std::size_t i = held_db_.size() - std::min(quiet, held_db_.size()); i < held_db_.size();
           ++i) {
        floor_.push(held_db_[i]);
      }
      held_db_.clear();
      endPulse(pulse_.last_loud_end);
      return;
    }
  }
  if (age >= samplesOf(config_.max_pulse_s, sample_rate_hz_)) {
    if (db > pulse_.peak_frame_db - config_.sustained_drop_db) {
      // Still as loud as it started: a truck, a siren, wind. Not an impulse; let the
      // floor learn the new level so it stops triggering.
      ++stats_.sustained_rejected;
      flushPendingFrames();
      open_ = false;
      last_end_sample_ = n_;
    } else {
      endPulse(n_);
    }
  }
}

double ImpulseDetector::recentSum(std::size_t newest_age, std::size_t oldest_age) const {
  // Age 0 is the newest frame, just before recent_head_.
  const std::size_t size = recent_energy_.size();
  double sum = 0.0;
  for (std::size_t age = newest_age; age < oldest_age && age < size; ++age) {
    sum += recent_energy_[(recent_head_ + size - 1 - age) % size];
  }
  return sum;
}

void ImpulseDetector::startPulse(std::int64_t trigger_sample, std::int64_t search_begin,
                                 double floor_db) {
  open_ = true;
  pulse_ = OpenPulse{};
  pulse_.trigger_sample = trigger_sample;
  pulse_.search_begin = std::max<std::int64_t>(0, search_begin);
  pulse_.floor_db = floor_db;
  held_db_.clear();
}

void ImpulseDetector::flushPendingFrames() {
  for (const double db : held_db_) {
    floor_.push(db);
  }
  held_db_.clear();
}

void ImpulseDetector::endPulse(std::int64_t end_sample) {
  open_ = false;
  held_db_.clear();
  PendingPulse pending;
  pending.trigger_sample = pulse_.trigger_sample;
  pending.search_begin = pulse_.search_begin;
  pending.end_sample = std::max(end_sample, pulse_.trigger_sample + 1);
  pending.floor_db = pulse_.floor_db;
  pending.ready_sample =
      std::max(pending.end_sample,
               pulse_.trigger_sample + samplesOf(config_.feature_window_s, sample_rate_hz_)) +
      hop_;
  pending_.push_back(pending);
  last_end_sample_ = pending.end_sample;
}

void ImpulseDetector::finish(std::vector<Pulse> &out) {
  if (open_) {
    endPulse(std::max(pulse_.last_loud_end, pulse_.trigger_sample + 1));
  }
  emitReady(out, true);
}

DetectorStats ImpulseDetector::stats() const {
  return stats_;
}

void ImpulseDetector::emitReady(std::vector<Pulse> &out, bool everything) {
  std::size_t done = 0;
  for (const PendingPulse &p : pending_) {
    if (!everything && p.ready_sample > n_) {
      break;
    }
    out.push_back(analyse(p));
    ++done;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
}

void ImpulseDetector::copyDet(std::int64_t begin, std::int64_t end, std::vector<float> &to) const {
  to.clear();
  for (std::int64_t i = begin; i < end; ++i) {
    to.push_back(det(i));
  }
}

double ImpulseDetector::hopEnergy(std::int64_t begin) const {
  double sum = 0.0;
  for (std::int64_t i = begin; i < begin + hop_; ++i) {
    sum += static_cast<double>(det(i)) * det(i);
  }
  return sum;
}

std::int64_t ImpulseDetector::risingEdgeBegin(std::int64_t search_begin,
                                              std::int64_t trigger_sample) {
  // The noise before the pulse, as the median half-frame energy of the search window.
  rise_energies_.clear();
  for (std::int64_t b = search_begin; b + hop_ <= trigger_sample; b += hop_) {
    rise_energies_.push_back(hopEnergy(b));
  }
  if (rise_energies_.size() < 4) {
    return search_begin;
  }
  // 3 dB over the median: noise, not the pulse's front
  const double quiet = 2.0 * upperMedianInPlace(std::span<double>(rise_energies_));
  // Walk back from the trigger frame while the envelope is still above the noise: a weak,
  // slow front opens the pulse there. Its onset lies after the last quiet half-frame, so the
  // picker gets that point plus one frame of noise, not the whole search window, where a
  // noise bump milliseconds earlier can look like an onset to it.
  std::int64_t b = trigger_sample;
  while (b - hop_ >= search_begin && hopEnergy(b - hop_) > quiet) {
    b -= hop_;
  }
  return std::max(search_begin, b - 2 * hop_);
}

Pulse ImpulseDetector::analyse(const PendingPulse &p) {
  Pulse pulse;
  pulse.sensor_index = sensor_index_;
  pulse.sequence = sequence_++;
  pulse.sample_rate_hz = sample_rate_hz_;

  const std::int64_t oldest = std::max<std::int64_t>(0, n_ - static_cast<std::int64_t>(ring_mask_));
  // With the lookback up to the frame (rise_gap_s = 0) a slow front triggers late, and the
  // picker keeps the whole search window (narrowing it there costs rounds and adds false
  // incidents on the shared scenarios, docs/detection.md).
  const std::int64_t search_begin =
      rise_gap_frames_ > 0 ? risingEdgeBegin(std::max(p.search_begin, oldest), p.trigger_sample)
                           : std::max(p.search_begin, oldest);
  // End of the AIC window: the biggest sample shortly after the trigger frame.
  const std::int64_t look_end =
      std::min({p.end_sample + hop_, n_,
                p.trigger_sample + 2 * 2 * hop_ + samplesOf(0.003, sample_rate_hz_)});
  std::int64_t peak = p.trigger_sample;
  for (std::int64_t i = p.trigger_sample; i < look_end; ++i) {
    if (std::abs(det(i)) > std::abs(det(peak))) {
      peak = i;
    }
  }
  const double noise_rms = std::pow(10.0, p.floor_db / 20.0);
  double onset = static_cast<double>(p.trigger_sample);
  copyDet(search_begin, peak + 1, scratch_);
  if (const std::optional<std::size_t> k = aicOnset(scratch_)) {
    const std::int64_t coarse = search_begin + static_cast<std::int64_t>(*k);
    const std::int64_t local_begin = std::max(search_begin, coarse - 8);
    copyDet(local_begin, std::min(peak + 2, n_), scratch_);
    if (const std::optional<double> edge =
            leadingEdgeOnset(scratch_, static_cast<std::size_t>(coarse - local_begin),
                             static_cast<std::size_t>(peak - local_begin), noise_rms)) {
      onset = static_cast<double>(local_begin) + *edge - onset_delay_samples_;
    } else {
      onset = static_cast<double>(coarse);
    }
    onset = std::clamp(onset, static_cast<double>(search_begin) - 1.0, static_cast<double>(peak));
  }
  pulse.onset_sample = onset;
  pulse.onset_utc_ns = start_utc_ns_ + secondsToNanos(onset / sample_rate_hz_);

  // Levels over the pulse, from its onset to its end.
  const auto first = std::max(search_begin, static_cast<std::int64_t>(std::floor(onset)));
  const std::int64_t last = std::min(std::max(p.end_sample, first + 1), n_);
  // Level and rise in the detection band: below 300 Hz a city's rumble and wind would
  // set the "peak" of a distant shot.
  std::int64_t ana_peak = first;
  for (std::int64_t i = first; i < last; ++i) {
    if (std::abs(det(i)) > std::abs(det(ana_peak))) {
      ana_peak = i;
    }
  }
  const double det_peak = std::abs(det(ana_peak));
  pulse.peak_pa = static_cast<double>(det(ana_peak)) * full_scale_pa_;
  pulse.peak_db_spl =
      20.0 * std::log10(std::max(std::abs(pulse.peak_pa), 1e-12) / kReferencePressure_pa);
  pulse.noise_floor_db_spl = p.floor_db + spl_offset_db_;
  pulse.snr_db = 20.0 * std::log10(std::max(det_peak, 1e-15) / std::max(noise_rms, 1e-15));
  // Rise time: onset to the crest of the first motion (the first sample past half the
  // pulse's peak, climbed to its local extremum), the shock front's own rise.
  std::int64_t crest = first;
  while (crest < last && std::abs(det(crest)) < 0.5 * det_peak) {
    ++crest;
  }
  const float crest_sign = det(crest) >= 0.0f ? 1.0f : -1.0f;
  while (crest + 1 < last && crest_sign * det(crest + 1) >= crest_sign * det(crest)) {
    ++crest;
  }
  pulse.rise_time_s = std::max(0.0, (static_cast<double>(crest) - onset) / sample_rate_hz_);
  pulse.duration_s = std::max(static_cast<double>(p.end_sample) - onset, 1.0) / sample_rate_hz_;

  // Decay: from the peak to the first half-frame whose largest sample is 20 dB down.
  const double decay_level = 0.1 * det_peak;
  std::int64_t decay_end = n_;
  for (std::int64_t block = ana_peak + 1; block < n_; block += hop_) {
    float loudest = 0.0f;
    for (std::int64_t i = block; i < std::min(block + hop_, n_); ++i) {
      loudest = std::max(loudest, std::abs(det(i)));
    }
    if (loudest < decay_level) {
      decay_end = block;
      break;
    }
  }
  pulse.decay_time_s = static_cast<double>(decay_end - ana_peak) / sample_rate_hz_;

  for (const ClipRun &run : clip_runs_) {
    if (run.end > first - 1 && run.begin < p.end_sample + hop_) {
      pulse.clipped = true;
    }
  }
  computeSpectralFeatures(pulse);
  markEcho(pulse, first);
  ++stats_.pulses;
  if (pulse.likely_echo) {
    ++stats_.likely_echoes;
  }
  return pulse;
}

void ImpulseDetector::computeSpectralFeatures(Pulse &pulse) {
  const std::int64_t oldest = std::max<std::int64_t>(0, n_ - static_cast<std::int64_t>(ring_mask_));
  const std::int64_t begin =
      std::max(oldest, static_cast<std::int64_t>(std::floor(pulse.onset_sample)) -
                           samplesOf(0.001, sample_rate_hz_));
  const std::int64_t length = std::min<std::int64_t>(
      static_cast<std::int64_t>(spectrum_.fftSize()),
      std::min(samplesOf(config_.feature_window_s, sample_rate_hz_), n_ - begin));
  scratch_.clear();
  for (std::int64_t i = 0; i < length; ++i) {
    // Raised-cosine fade over the last quarter so the cut does not splash energy upward.
    const double fade_start = 0.75 * static_cast<double>(length);
    double w = 1.0;
    if (static_cast<double>(i) > fade_start) {
      const double u = (static_cast<double>(i) - fade_start) / (0.25 * static_cast<double>(length));
      w = 0.5 * (1.0 + std::cos(std::numbers::pi * u));
    }
    scratch_.push_back(static_cast<float>(w * ana(begin + i)));
  }
  const std::span<const double> power = spectrum_.compute(scratch_);
  const std::size_t fft = spectrum_.fftSize();
  // Energy in Pa²·s: samples² × full scale² / fs.
  const double to_exposure = full_scale_pa_ * full_scale_pa_ / sample_rate_hz_;
  const double p0sq = kReferencePressure_pa * kReferencePressure_pa;
  const double nyquist = 0.5 * sample_rate_hz_;
  for (std::size_t b = 0; b < kPulseBandCentres_hz.size(); ++b) {
    const double centre = kPulseBandCentres_hz[b];
    if (centre >= nyquist) {
      pulse.band_energy_db[b] = kNoBandEnergy;
      continue;
    }
    const double e = bandEnergy(power, sample_rate_hz_, fft, centre / std::numbers::sqrt2,
                                std::min(centre * std::numbers::sqrt2, nyquist)) *
                     to_exposure;
    pulse.band_energy_db[b] = static_cast<float>(10.0 * std::log10(std::max(e / p0sq, 1e-20)));
  }
  // Shape over the band the analysis filter passes, up to 0.45 fs.
  const double bin_hz = sample_rate_hz_ / static_cast<double>(fft);
  const auto k_lo =
      static_cast<std::size_t>(std::ceil(1.5 * config_.analysis_high_pass_hz / bin_hz));
  const auto k_hi = std::min(power.size() - 1,
                             static_cast<std::size_t>(std::floor(0.45 * sample_rate_hz_ / bin_hz)));
  double total = 0.0;
  double weighted = 0.0;
  double log_sum = 0.0;
  std::size_t bins = 0;
  for (std::size_t k = k_lo; k <= k_hi; ++k) {
    total += power[k];
    weighted += power[k] * static_cast<double>(k) * bin_hz;
    log_sum += std::log(power[k] + 1e-30);
    ++bins;
  }
  if (total > 0.0 && bins > 0) {
    pulse.spectral_centroid_hz = weighted / total;
    double cumulative = 0.0;
    for (std::size_t k = k_lo; k <= k_hi; ++k) {
      cumulative += power[k];
      if (cumulative >= 0.85 * total) {
        pulse.spectral_rolloff_hz = static_cast<double>(k) * bin_hz;
        break;
      }
    }
    const double arithmetic = total / static_cast<double>(bins);
    const double geometric = std::exp(log_sum / static_cast<double>(bins));
    pulse.spectral_flatness = std::clamp(geometric / arithmetic, 0.0, 1.0);
  }
}

void ImpulseDetector::markEcho(Pulse &pulse, std::int64_t onset) {
  const std::int64_t length = samplesOf(0.008, sample_rate_hz_);
  RecentPulse mine;
  mine.onset_sample = pulse.onset_sample;
  mine.peak_db = pulse.peak_db_spl;
  mine.snippet.reserve(static_cast<std::size_t>(length));
  for (std::int64_t i = onset - 2; i < std::min(onset - 2 + length, n_); ++i) {
    mine.snippet.push_back(det(std::max<std::int64_t>(i, 0)));
  }
  const double window = config_.echo_window_s * sample_rate_hz_;
  std::erase_if(recent_,
                [&](const RecentPulse &r) { return pulse.onset_sample - r.onset_sample > window; });
  const auto max_lag = static_cast<std::size_t>(samplesOf(0.001, sample_rate_hz_));
  for (const RecentPulse &r : recent_) {
    if (r.likely_echo || r.peak_db < pulse.peak_db_spl + config_.echo_min_drop_db) {
      continue;
    }
    if (waveformSimilarity(r.snippet, mine.snippet, max_lag) >= config_.echo_min_similarity) {
      pulse.likely_echo = true;
      break;
    }
  }
  mine.likely_echo = pulse.likely_echo;
  if (recent_.size() == kMaxRecentPulses) {
    recent_.erase(recent_.begin());
  }
  recent_.push_back(std::move(mine));
}

} // namespace salvo
