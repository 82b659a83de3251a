#pragma once

#include "detect/Pulse.h"
#include "time/UtcTime.h"

#include <Eigen/Core>

#include <limits>
#include <span>
#include <string>
#include <vector>

namespace salvo {

// What the classifier gets about one incident from the locate pipeline: the incident's
// shots, and for each shot the first arrival it used on every sensor with that sensor's
// distance from the located source. Everything is in the associator's ENU frame.
struct ShotArrival {
  Pulse pulse;          // the first arrival used in the location
  double range_m = 0.0; // located source to this sensor
  Eigen::Vector3d sensor_enu_m = Eigen::Vector3d::Zero();
  // The same sensor's other pulses with onsets within ±kNeighbourWindow_s of `pulse`
  // (in onset order). They carry the N-wave: a supersonic bullet's crack reaches a
  // sensor before the muzzle blast, so the first arrival may be the crack and the blast
  // a later pulse; leave empty when not at hand (the crack feature is then 0).
  std::vector<Pulse> neighbours;
};

struct ShotEvidence {
  Eigen::Vector3d source_enu_m = Eigen::Vector3d::Zero();
  UtcNs emission_utc_ns = 0;
  std::vector<ShotArrival> arrivals; // one a sensor
};

struct IncidentEvidence {
  std::vector<ShotEvidence> shots; // in emission order
  // Shots of the run's other located incidents within 200 m and 5 s of this one
  // (incidentContextShots); NaN when unknown (no run history, truth-gathered examples).
  double context_shots = std::numeric_limits<double>::quiet_NaN();
};

inline constexpr double kNeighbourWindow_s = 0.3;

// Per-pulse features: how the impulse looks at one sensor, independent of its level
// (so of the unknown distance). Physics: a muzzle blast is a sub-millisecond-rise
// overpressure a few ms long with a broad spectrum; a firecracker is sharper and
// brighter, an aerial shell's burst longer and boomier, a door slam or backfire
// slower and bass-heavy.
struct PulseFeatures {
  double log_rise_ms = 0.0;
  double log_decay_ms = 0.0;
  double log_duration_ms = 0.0;
  double log2_centroid_khz = 0.0;
  double log2_rolloff_khz = 0.0;
  double flatness = 0.0;
  double low_tilt_db = 0.0;  // mean(125, 250 Hz) - 1 kHz band
  double high_tilt_db = 0.0; // 2 kHz - 1 kHz band
};
PulseFeatures pulseFeatures(const Pulse &pulse);

// True when `crack` looks like a bullet's N-wave preceding the muzzle blast `blast` on
// the same sensor: shorter, brighter, 2..250 ms earlier.
bool isCrackBeforeBlast(const Pulse &crack, const Pulse &blast);

// Level at 1 m from the received peak and the distance: spherical spreading plus a
// broadband air absorption term. Muzzle blasts are 140..170 dB SPL at 1 m.
double sourceLevelDb(double received_peak_db_spl, double range_m);

// Sound exposure at 1 m in two octave-band pairs of the blast (250 + 500 Hz, 1 + 2 kHz),
// from the pulse's band energies, the distance and per-band air absorption; NaN when a
// band is missing (above Nyquist). Unlike the peak, the exposure does not depend on
// whether a sub-millisecond crest was sampled, and it measures the charge: a muzzle
// blast's positive phase lasts ~0.5-1.5 ms and carries its energy at 150-700 Hz, a
// firecracker's (0.1-0.4 ms, ~10 dB less peak) far less below 1 kHz, a backfire's or
// slam's long, weak pulse less above 1 kHz.
struct BandSourceExposure {
  double low_db = 0.0; // 250 + 500 Hz octaves, dB re (20 µPa)² s at 1 m
  double mid_db = 0.0; // 1 + 2 kHz octaves
};
BandSourceExposure bandSourceExposure(const Pulse &pulse, double range_m);

struct ShotFeatures {
  PulseFeatures pulse;             // medians over the shot's arrivals
  double source_level_db = 0.0;    // median over unclipped arrivals (all when all clipped)
  double level_spread_db = 0.0;    // median absolute deviation of the per-sensor levels
  double height_m = 0.0;           // source above the median height of its sensors
  double sensors = 0.0;            // how many sensors heard it
  double crack_fraction = 0.0;     // arrivals with an N-wave crack before the blast
  double low_band_source_db = 0.0; // medians over the arrivals of bandSourceExposure
  double mid_band_source_db = 0.0;
  // The same at the least-blocked sensors (upperLevel: the second highest of three or
  // more arrivals, else the highest): buildings and hills only ever take level away
  // (diffraction costs 10-20 dB), so the loudest consistent arrivals are the nearest to
  // the free-field source level, where the median mixes in every blocked path.
  double top_source_level_db = 0.0;
  double top_low_band_source_db = 0.0;
};
ShotFeatures shotFeatures(const ShotEvidence &shot);

// Timing of a run of impulses from one source.
struct CadenceFeatures {
  double rounds = 0.0;
  double log_median_interval_s = 0.0; // of consecutive shots; 2.5 s (a gap) when one shot
  double interval_cv = 0.0;           // regularity: std / mean of the intervals
  double log_burst_s = 0.0;           // first to last shot, floored at 10 ms
  double log_first_gap_s = 0.0;       // a launch thump precedes a shell's burst by seconds
  // Firecracker strings crackle with gaps of a few ms next to long ones; a weapon's
  // cycle never brings two rounds within 40 ms (1500 rpm).
  double log_min_interval_s = 0.0;
  double short_gap_fraction = 0.0; // intervals under 40 ms
};
CadenceFeatures cadenceFeatures(std::span<const double> shot_times_s);

// Feature vectors. The order and names are part of the model file: a model whose
// names differ from the build's is refused.
const std::vector<std::string> &incidentFeatureNames();
const std::vector<std::string> &clipFeatureNames();

// The incident vector is the measured (base) features followed by non-linear ones
// derived from them (level outside the muzzle-blast band, height above the roofs,
// cadence bands), so cached base vectors can be re-derived without re-simulating.
const std::vector<std::string> &incidentBaseFeatureNames();
Eigen::VectorXd incidentBaseFeatureVector(const IncidentEvidence &incident);
Eigen::VectorXd withDerivedIncidentFeatures(const Eigen::VectorXd &base);
Eigen::VectorXd incidentFeatureVector(const IncidentEvidence &incident);

// One recording, no location: pulse shape and cadence only. `pulses` are one sensor's
// detections in onset order; echoes and cracks are folded into the impulses they
// belong to (see clipImpulses).
Eigen::VectorXd clipFeatureVector(std::span<const Pulse> pulses);

// The pulses of a clip that are separate impulses (rounds): echoes dropped, and a
// crack followed by its muzzle blast counted once (the blast is kept, the crack is
// flagged in `has_crack`).
struct ClipImpulse {
  Pulse pulse;
  bool has_crack = false;
};
std::vector<ClipImpulse> clipImpulses(std::span<const Pulse> pulses);

} // namespace salvo
