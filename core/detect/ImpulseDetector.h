#pragma once

#include "detect/Pulse.h"
#include "dsp/Biquad.h"
#include "dsp/PowerSpectrum.h"
#include "dsp/RunningPercentile.h"
#include "time/UtcTime.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace salvo {

// Tuning of the per-sensor impulse detector. Defaults are chosen from the physics of
// outdoor gunfire, not from any one recording: muzzle blasts carry most energy from a
// few hundred Hz to a few kHz, distance and obstacles take the top off, and city noise
// (traffic rumble, wind on the microphone) lives mostly below 300 Hz.
struct ImpulseDetectorConfig {
  // Detection band. The high cut is clamped to 0.42 fs so the band stays valid at 8 kHz.
  double band_low_hz = 300.0;
  double band_high_hz = 4000.0;
  // The trigger envelope uses a narrower band: distant, partly blocked shots keep little
  // above 2 kHz, and the noise there only dilutes their energy.
  double envelope_high_hz = 2000.0;
  int band_low_order = 4;  // steep: rumble and wind are 20-40 dB above the shots there
  int band_high_order = 2; // gentle: a small, known delay that onset picking takes off
  // Features (peak level, band energies, spectral shape) use a mild high-pass only.
  double analysis_high_pass_hz = 60.0;

  double frame_s = 0.002;        // energy frame; frames hop by half a frame
  double floor_window_s = 2.0;   // noise floor: percentile of frame energies...
  double floor_percentile = 0.5; // (median) over this window, frames inside pulses left out
  double warmup_s = 0.25;        // no triggers until this much floor history exists
  double trigger_db = 9.0;       // frame energy over the floor that starts a pulse,
  double rise_db = 8.0;          // and over the mean energy of the lookback before it,
  // a lookback that ends this long before the frame. 0.002 s: a front that distance and
  // diffraction spread over a millisecond or two is still a rise (with the lookback up to
  // the frame, its own first frames raise the mean and a weak diffracted arrival never
  // triggers; bench_hearing: +6 % first arrivals on urban, +10 % on hilly). Off by default:
  // on the shared scenarios it adds false incidents on celebration-303 and on hilly it no
  // longer locates more shots within 25 m than the lookback up to the frame
  // (docs/detection.md, 2026-11-25 11:05).
  double rise_gap_s = 0.0;
  double release_db = 4.0;        // a pulse ends once below floor + release_db...
  double release_hold_s = 0.015;  // ...for this long
  double retrigger_rise_db = 9.0; // a jump this big within a pulse starts a new pulse
  double retrigger_lookback_s = 0.008;
  // Before the lookback has moved past a pulse's own onset, a new impulse must also be
  // this much louder than the pulse's loudest frame so far, after the pulse has fallen
  // this much from it (a slowly rising front is one pulse), and this far in.
  double early_retrigger_s = 0.003;
  double early_retrigger_db = 4.0;
  double early_retrigger_dip_db = 3.0;
  double max_pulse_s = 0.3;         // longer is cut here (bounded latency)
  double sustained_drop_db = 10.0;  // a cut pulse that has not decayed this much is noise
  double onset_search_s = 0.03;     // how far before the trigger frame the onset may be
  double feature_window_s = 0.05;   // spectrum and band energies from onset on
  double echo_window_s = 0.5;       // likely echoes: within this after a direct pulse,
  double echo_min_drop_db = 3.0;    // this much weaker,
  double echo_min_similarity = 0.5; // and waveforms this correlated (0..1)
  double clip_level = 0.999;        // |sample| at or above this (full scale 1) is clipped
  double dropout_settle_s = 0.02;   // after NaN/Inf, no triggers while filters settle
};

struct DetectorStats {
  std::int64_t samples = 0;
  std::int64_t dropout_samples = 0; // NaN or Inf, replaced by silence
  std::int64_t dropout_runs = 0;
  std::int64_t clipped_samples = 0;
  std::uint64_t pulses = 0;
  std::uint64_t likely_echoes = 0;
  std::uint64_t sustained_rejected = 0; // cut at max_pulse_s without decaying: not impulses
  double noise_floor_db_spl = 0.0;      // current floor in the detection band
  bool warmed_up = false;
};

// Streaming impulse detector for one sensor channel. Feed any block sizes with
// process(); each pulse is appended to `out` once its features are complete, at most
// max(max_pulse_s, feature_window_s + onset_search_s) + release_hold_s + frame_s after
// its onset (about 0.32 s with the defaults), in onset order. finish() flushes a pulse
// still open at the end of the stream.
//
// How it works: the samples are band-passed; short frame energies are compared with a
// noise floor (a running percentile of frame energies that ignores frames inside
// pulses, so it does not follow gunfire); a pulse starts at floor + trigger_db and
// ends after release_hold_s below floor + release_db. Its onset is picked with an AIC
// picker on the band-passed samples before the trigger, then refined to a fraction of
// a sample on the leading edge (its half-height crossing, extrapolated toward the
// baseline when the edge is slower than the converter's own rise, minus the band
// filter's delay). NaN/Inf samples are dropouts: counted, replaced by silence, kept out
// of the floor, and no pulse is triggered until the filters have settled.
//
// Not for the real-time audio callback (it allocates when it emits pulses); run it on
// a worker fed from the ring buffer. One instance per channel, one thread at a time.
class ImpulseDetector {
public:
  // Throws std::invalid_argument for a sample rate outside 4..384 kHz, a full scale
  // that is not positive or an inconsistent config.
  ImpulseDetector(const ImpulseDetectorConfig &config, std::size_t sensor_index,
                  double sample_rate_hz, double full_scale_pa, UtcNs start_utc_ns);

  void process(std::span<const float> block, std::vector<Pulse> &out);
  void finish(std::vector<Pulse> &out);
  DetectorStats stats() const;

  double sampleRate_hz() const { return sample_rate_hz_; }
  // Delay of the band filter that onset refinement takes off, in samples.
  double onsetDelayCompensation_samples() const { return onset_delay_samples_; }

private:
  struct OpenPulse {
    std::int64_t trigger_sample = 0;
    std::int64_t search_begin = 0;
    std::int64_t last_loud_end = 0;
    double floor_db = 0.0;
    double peak_frame_db = -400.0;
    double dip_db = 400.0; // quietest frame since the loudest one
    int quiet_frames = 0;
  };
  struct PendingPulse {
    std::int64_t trigger_sample = 0;
    std::int64_t search_begin = 0;
    std::int64_t end_sample = 0;
    std::int64_t ready_sample = 0;
    double floor_db = 0.0;
  };
  struct RecentPulse {
    double onset_sample = 0.0;
    double peak_db = 0.0;
    bool likely_echo = false;
    std::vector<float> snippet;
  };
  struct ClipRun {
    std::int64_t begin = 0;
    std::int64_t end = 0; // exclusive
  };

  void onHalfFrame(std::vector<Pulse> &out);
  // Sum of the frame energies of ages [newest_age, oldest_age) (age 0: the newest frame).
  double recentSum(std::size_t newest_age, std::size_t oldest_age) const;
  void startPulse(std::int64_t trigger_sample, std::int64_t search_begin, double floor_db);
  void endPulse(std::int64_t end_sample);
  void flushPendingFrames();
  void emitReady(std::vector<Pulse> &out, bool everything);
  Pulse analyse(const PendingPulse &pending);
  // Start of the onset picker's window: one frame before the rise out of the noise that
  // leads up to the trigger frame, within [search_begin, trigger_sample].
  std::int64_t risingEdgeBegin(std::int64_t search_begin, std::int64_t trigger_sample);
  double hopEnergy(std::int64_t begin) const; // sum of squares of the half-frame at begin
  double calibrateOnsetDelay() const;
  void computeSpectralFeatures(Pulse &pulse);
  void markEcho(Pulse &pulse, std::int64_t onset);
  float det(std::int64_t n) const { return det_ring_[static_cast<std::size_t>(n) & ring_mask_]; }
  float ana(std::int64_t n) const { return ana_ring_[static_cast<std::size_t>(n) & ring_mask_]; }
  void copyDet(std::int64_t begin, std::int64_t end, std::vector<float> &to) const;

  ImpulseDetectorConfig config_;
  std::size_t sensor_index_;
  double sample_rate_hz_;
  double full_scale_pa_;
  UtcNs start_utc_ns_;
  double spl_offset_db_; // dB SPL = dBFS + this

  BiquadCascade band_;
  BiquadCascade envelope_;
  BiquadCascade analysis_;
  double onset_delay_samples_ = 0.0;

  std::vector<float> det_ring_;
  std::vector<float> ana_ring_;
  std::size_t ring_mask_ = 0;
  std::int64_t n_ = 0; // absolute index of the next sample

  std::int64_t hop_ = 0;
  std::int64_t hop_fill_ = 0;
  double hop_energy_ = 0.0;
  bool hop_dropout_ = false;
  double previous_hop_energy_ = 0.0;
  bool previous_hop_dropout_ = true;
  bool in_dropout_ = false;
  std::int64_t blank_until_ = 0;

  RunningPercentile floor_;
  std::size_t warmup_frames_ = 0;
  std::vector<double> recent_energy_; // ring of the last frames, for rise checks
  std::size_t recent_head_ = 0;       // the oldest frame, overwritten next
  std::size_t rise_gap_frames_ = 0;   // newest frames left out of the trigger's lookback
  std::vector<double> held_db_;       // frames of the open pulse, kept out of the floor
  bool open_ = false;
  OpenPulse pulse_;
  std::int64_t last_end_sample_ = 0;
  std::vector<PendingPulse> pending_;

  std::vector<ClipRun> clip_runs_; // most recent last, bounded
  bool in_clip_ = false;

  std::vector<RecentPulse> recent_;
  PowerSpectrum spectrum_;
  std::vector<float> scratch_;
  std::vector<double> rise_energies_; // risingEdgeBegin's half-frame energies, reused
  std::uint64_t sequence_ = 0;
  DetectorStats stats_;
};

} // namespace salvo
