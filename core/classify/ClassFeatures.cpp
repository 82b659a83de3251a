#include "classify/ClassFeatures.h"
#include "classify/ColocatedRepeats.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

namespace salvo {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A lone shot's interval: the grouper closes an incident after 2.5 s of silence.
constexpr double kLoneShotInterval_s = 2.5;
// Broadband (1..2 kHz) air absorption at 15 °C, 70 % humidity, dB/m (ISO 9613-1).
constexpr double kAirAbsorption_db_per_m = 0.005;
// Below a weapon's fastest cycle (1500 rounds a minute).
constexpr double kShortGap_s = 0.04;

double median(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) {
    return kNaN;
  }
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  double m = values[mid];
  if (values.size() % 2 == 0) {
    m = 0.5 *
        (m + *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid)));
  }
  return m;
}

double medianAbsDeviation(const std::vector<double> &values) {
  const double m = median(values);
  if (!std::isfinite(m)) {
    return kNaN;
  }
  std::vector<double> dev;
  dev.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) {
      dev.push_back(std::abs(v - m));
    }
  }
  return median(dev);
}

// The least-blocked estimate of a per-sensor source level: the second highest of three
// or more finite values (one sensor's pulse may be a coincident louder impulse), else the
// highest; NaN when none.
double upperLevel(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) {
    return kNaN;
  }
  std::sort(values.begin(), values.end(), std::greater<>());
  return values[values.size() >= 3 ? 1 : 0];
}

double stddev(const std::vector<double> &values) {
  if (values.size() < 2) {
    return 0.0;
  }
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
  double ss = 0.0;
  for (double v : values) {
    ss += (v - mean) * (v - mean);
  }
  return std::sqrt(ss / double(values.size() - 1));
}

double logMs(double seconds) {
  return std::log10(std::max(seconds, 1e-5) * 1e3);
}

double log2Khz(double hz) {
  return hz > 0.0 ? std::log2(hz / 1000.0) : kNaN;
}

double band(const Pulse &pulse, std::size_t index) {
  const float e = pulse.band_energy_db[index];
  // A band above the sensor's Nyquist frequency carries no information.
  if (e <= kNoBandEnergy + 1.0f ||
      kPulseBandCentres_hz[index] * std::sqrt(2.0) > 0.5 * pulse.sample_rate_hz) {
    return kNaN;
  }
  return double(e);
}

PulseFeatures medianPulseFeatures(const std::vector<PulseFeatures> &all) {
  auto pick = [&](double PulseFeatures::*member) {
    std::vector<double> v;
    v.reserve(all.size());
    for (const auto &f : all) {
      v.push_back(f.*member);
    }
    return median(std::move(v));
  };
  PulseFeatures m;
  m.log_rise_ms = pick(&PulseFeatures::log_rise_ms);
  m.log_decay_ms = pick(&PulseFeatures::log_decay_ms);
  m.log_duration_ms = pick(&PulseFeatures::log_duration_ms);
  m.log2_centroid_khz = pick(&PulseFeatures::log2_centroid_khz);
  m.log2_rolloff_khz = pick(&PulseFeatures::log2_rolloff_khz);
  m.flatness = pick(&PulseFeatures::flatness);
  m.low_tilt_db = pick(&PulseFeatures::low_tilt_db);
  m.high_tilt_db = pick(&PulseFeatures::high_tilt_db);
  return m;
}

void appendPulse(std::vector<double> &v, const PulseFeatures &p) {
  v.insert(v.end(), {p.log_rise_ms, p.log_decay_ms, p.log_duration_ms, p.log2_centroid_khz,
                     p.log2_rolloff_khz, p.flatness, p.low_tilt_db, p.high_tilt_db});
}

void appendCadence(std::vector<double> &v, const CadenceFeatures &c) {
  v.insert(v.end(), {std::log2(std::max(c.rounds, 1.0)), c.log_median_interval_s, c.interval_cv,
                     c.log_burst_s, c.log_first_gap_s, c.log_min_interval_s, c.short_gap_fraction});
}

const std::vector<std::string> kPulseNames{"pulse.log_rise_ms",      "pulse.log_decay_ms",
                                           "pulse.log_duration_ms",  "pulse.log2_centroid_khz",
                                           "pulse.log2_rolloff_khz", "pulse.flatness",
                                           "pulse.low_tilt_db",      "pulse.high_tilt_db"};
// Non-linear physics the linear model cannot draw itself: muzzle blasts sit in a band
// of source levels (slams and backfires fall below it, large shells above), aerial
// shells burst well above any roof, automatic fire has a machine-regular cyclic rate and
// trigger pulls come a few a second. The band is of the level as measured: the
// detector's peak is in its 300 Hz+ band and a sub-millisecond blast's crest is not
// sampled at 8..24 kHz, so 155..163 dB handgun blasts (off-axis a further 8..12 dB less)
// read 128..150 dB at 1 m (5..95 % of simulated gunfire incidents).
constexpr double kMuzzleBlastMin_db = 128.0;
constexpr double kMuzzleBlastMax_db = 150.0;
constexpr double kAerialMin_m = 40.0;
constexpr double kCyclicMax_s = 0.16;
constexpr double kCyclicMaxCv = 0.35;
constexpr double kTriggerMax_s = 1.5;
const std::vector<std::string> kDerivedNames{
    "shot.level_below_muzzle_db", "shot.level_above_muzzle_db", "shot.aerial_height_m",
    "incident.cyclic_cadence",    "incident.lone_impulse",      "incident.trigger_cadence"};

const std::vector<std::string> kCadenceNames{
    "incident.log2_rounds",       "incident.log_median_interval_s", "incident.interval_cv",
    "incident.log_burst_s",       "incident.log_first_gap_s",       "incident.log_min_interval_s",
    "incident.short_gap_fraction"};

// The pulse that describes the source at a sensor: the muzzle blast when the first
// arrival is a bullet's crack followed by its blast.
const Pulse &blastOf(const ShotArrival &arrival) {
  for (const Pulse &n : arrival.neighbours) {
    if (isCrackBeforeBlast(arrival.pulse, n)) {
      return n;
    }
  }
  return arrival.pulse;
}

bool hasCrack(const ShotArrival &arrival) {
  for (const Pulse &n : arrival.neighbours) {
    if (isCrackBeforeBlast(arrival.pulse, n) || isCrackBeforeBlast(n, arrival.pulse)) {
      return true;
    }
  }
  return false;
}

Eigen::VectorXd toVector(const std::vector<double> &v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), Eigen::Index(v.size()));
}

} // namespace

PulseFeatures pulseFeatures(const Pulse &pulse) {
  PulseFeatures f;
  f.log_rise_ms = logMs(pulse.rise_time_s);
  f.log_decay_ms = logMs(pulse.decay_time_s);
  f.log_duration_ms = logMs(pulse.duration_s);
  f.log2_centroid_khz = log2Khz(pulse.spectral_centroid_hz);
  f.log2_rolloff_khz = log2Khz(pulse.spectral_rolloff_hz);
  f.flatness = pulse.spectral_flatness;
  const double b125 = band(pulse, 0);
  const double b250 = band(pulse, 1);
  const double b1k = band(pulse, 3);
  const double b2k = band(pulse, 4);
  f.low_tilt_db = 0.5 * (b125 + b250) - b1k;
  f.high_tilt_db = b2k - b1k;
  return f;
}

bool isCrackBeforeBlast(const Pulse &crack, const Pulse &blast) {
  const double dt_s = nanosToSeconds(blast.onset_utc_ns - crack.onset_utc_ns);
  return dt_s >= 0.002 && dt_s <= 0.25 && crack.duration_s < 0.7 * blast.duration_s &&
         crack.rise_time_s <= blast.rise_time_s &&
         crack.spectral_centroid_hz > 1.2 * blast.spectral_centroid_hz;
}

BandSourceExposure bandSourceExposure(const Pulse &pulse, double range_m) {
  // ISO 9613-1 at 15 °C, 70 % humidity, dB/m, for the 250 Hz .. 2 kHz octaves.
  constexpr std::array<double, 4> kAbsorption_db_per_m{0.0011, 0.0024, 0.0045, 0.0087};
  const double r = std::max(range_m, 1.0);
  auto pairAt1m = [&](std::size_t first) {
    double energy = 0.0;
    for (std::size_t b = first; b < first + 2; ++b) {
      const double e = band(pulse, b);
      if (!std::isfinite(e)) {
        return kNaN;
      }
      energy += std::pow(10.0, 0.1 * (e + kAbsorption_db_per_m[b - 1] * r));
    }
    return 10.0 * std::log10(energy) + 20.0 * std::log10(r);
  };
  return {pairAt1m(1), pairAt1m(3)};
}

double sourceLevelDb(double received_peak_db_spl, double range_m) {
  const double r = std::max(range_m, 1.0);
  return received_peak_db_spl + 20.0 * std::log10(r) + kAirAbsorption_db_per_m * r;
}

ShotFeatures shotFeatures(const ShotEvidence &shot) {
  ShotFeatures f;
  std::vector<PulseFeatures> pulses;
  std::vector<double> levels, clippedLevels, heights, lowBand, midBand;
  int cracks = 0;
  for (const ShotArrival &a : shot.arrivals) {
    const Pulse &blast = blastOf(a);
    pulses.push_back(pulseFeatures(blast));
    const BandSourceExposure exposure = bandSourceExposure(blast, a.range_m);
    lowBand.push_back(exposure.low_db);
    midBand.push_back(exposure.mid_db);
    const double level = sourceLevelDb(blast.peak_db_spl, a.range_m);
    (blast.clipped ? clippedLevels : levels).push_back(level);
    heights.push_back(a.sensor_enu_m.z());
    cracks += hasCrack(a) ? 1 : 0;
  }
  f.pulse = medianPulseFeatures(pulses);
  if (levels.empty()) {
    levels = clippedLevels; // all clipped: lower bounds are the best there is
  }
  f.source_level_db = median(levels);
  f.level_spread_db = levels.size() >= 2 ? medianAbsDeviation(levels) : kNaN;
  const double sensorHeight = median(heights);
  f.height_m = std::isfinite(sensorHeight) ? shot.source_enu_m.z() - sensorHeight : kNaN;
  f.sensors = double(shot.arrivals.size());
  f.crack_fraction = shot.arrivals.empty() ? 0.0 : double(cracks) / double(shot.arrivals.size());
  f.top_source_level_db = upperLevel(levels);
  f.top_low_band_source_db = upperLevel(lowBand);
  f.low_band_source_db = median(std::move(lowBand));
  f.mid_band_source_db = median(std::move(midBand));
  return f;
}

CadenceFeatures cadenceFeatures(std::span<const double> shot_times_s) {
  CadenceFeatures c;
  c.rounds = double(shot_times_s.size());
  std::vector<double> intervals;
  for (std::size_t i = 1; i < shot_times_s.size(); ++i) {
    intervals.push_back(std::max(shot_times_s[i] - shot_times_s[i - 1], 1e-3));
  }
  if (intervals.empty()) {
    c.log_median_interval_s = std::log10(kLoneShotInterval_s);
    c.interval_cv = 0.0;
    c.log_burst_s = std::log10(0.01);
    c.log_first_gap_s = std::log10(kLoneShotInterval_s);
    c.log_min_interval_s = std::log10(kLoneShotInterval_s);
    c.short_gap_fraction = 0.0;
    return c;
  }
  const double mean =
      std::accumulate(intervals.begin(), intervals.end(), 0.0) / double(intervals.size());
  c.log_median_interval_s = std::log10(median(intervals));
  c.interval_cv = intervals.size() >= 2 ? stddev(intervals) / mean : 0.0;
  c.log_burst_s = std::log10(std::max(shot_times_s.back() - shot_times_s.front(), 0.01));
  c.log_first_gap_s = std::log10(intervals.front());
  c.log_min_interval_s = std::log10(*std::min_element(intervals.begin(), intervals.end()));
  c.short_gap_fraction = double(std::count_if(intervals.begin(), intervals.end(),
                                              [](double dt) { return dt < kShortGap_s; })) /
                         double(intervals.size());
  return c;
}

const std::vector<std::string> &incidentBaseFeatureNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = kPulseNames;
    n.insert(n.end(),
             {"shot.source_level_db", "shot.max_source_level_db", "shot.level_spread_db",
              "shot.height_m", "shot.max_height_m", "shot.log2_sensors", "shot.crack_fraction",
              "incident.shot_level_std_db", "shot.low_band_source_db", "shot.mid_band_source_db"});
    n.insert(n.end(), kCadenceNames.begin(), kCadenceNames.end());
    n.insert(n.end(), {"shot.top_source_level_db", "shot.top_low_band_source_db",
                       "incident.log2_context_shots", "shot.log2_repeats_before",
                       "shot.log2_repeats_after"});
    return n;
  }();
  return names;
}

const std::vector<std::string> &incidentFeatureNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = incidentBaseFeatureNames();
    n.insert(n.end(), kDerivedNames.begin(), kDerivedNames.end());
    return n;
  }();
  return names;
}

Eigen::VectorXd withDerivedIncidentFeatures(const Eigen::VectorXd &base) {
  const auto &names = incidentBaseFeatureNames();
  auto at = [&](const char *name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return base[Eigen::Index(it - names.begin())];
  };
  const double level = at("shot.source_level_db");
  const double height = at("shot.height_m");
  const double rounds = std::exp2(at("incident.log2_rounds"));
  const double interval_s = std::pow(10.0, at("incident.log_median_interval_s"));
  const double cv = at("incident.interval_cv");
  // NaN (unknown) stays unknown: the standardiser turns it into no evidence.
  auto keepNaN = [](double input, double value) { return std::isfinite(input) ? value : kNaN; };
  Eigen::VectorXd v(base.size() + Eigen::Index(kDerivedNames.size()));
  v << base, keepNaN(level, std::max(0.0, kMuzzleBlastMin_db - level)),
      keepNaN(level, std::max(0.0, level - kMuzzleBlastMax_db)),
      keepNaN(height, std::clamp(height - kAerialMin_m, 0.0, 300.0)),
      rounds >= 3 && interval_s <= kCyclicMax_s && cv <= kCyclicMaxCv ? 1.0 : 0.0,
      rounds < 1.5 ? 1.0 : 0.0,
      rounds >= 2 && interval_s > kCyclicMax_s && interval_s <= kTriggerMax_s ? 1.0 : 0.0;
  return v;
}

const std::vector<std::string> &clipFeatureNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = kPulseNames;
    n.insert(n.end(), {"clip.crack_fraction", "clip.peak_level_std_db"});
    n.insert(n.end(), kCadenceNames.begin(), kCadenceNames.end());
    return n;
  }();
  return names;
}

Eigen::VectorXd incidentFeatureVector(const IncidentEvidence &incident) {
  return withDerivedIncidentFeatures(incidentBaseFeatureVector(incident));
}

Eigen::VectorXd incidentBaseFeatureVector(const IncidentEvidence &incident) {
  std::vector<PulseFeatures> pulses;
  std::vector<double> levels, spreads, heights, sensors, cracks, times, lowBand, midBand;
  std::vector<double> topLevels, topLowBand, repeatsBefore, repeatsAfter;
  for (const ShotEvidence &shot : incident.shots) {
    const ColocatedRepeats repeats = colocatedRepeats(shot, incident);
    repeatsBefore.push_back(std::log2(1.0 + repeats.before)); // NaN stays unknown
    repeatsAfter.push_back(std::log2(1.0 + repeats.after));
    const ShotFeatures s = shotFeatures(shot);
    topLevels.push_back(s.top_source_level_db);
    topLowBand.push_back(s.top_low_band_source_db);
    lowBand.push_back(s.low_band_source_db);
    midBand.push_back(s.mid_band_source_db);
    pulses.push_back(s.pulse);
    levels.push_back(s.source_level_db);
    spreads.push_back(s.level_spread_db);
    heights.push_back(s.height_m);
    sensors.push_back(s.sensors);
    cracks.push_back(s.crack_fraction);
    times.push_back(nanosToSeconds(shot.emission_utc_ns - incident.shots.front().emission_utc_ns));
  }
  std::vector<double> v;
  appendPulse(v, medianPulseFeatures(pulses));
  std::vector<double> finiteLevels = levels;
  std::erase_if(finiteLevels, [](double x) { return !std::isfinite(x); });
  const double maxHeight =
      heights.empty() ? kNaN : *std::max_element(heights.begin(), heights.end());
  v.insert(
      v.end(),
      {median(levels),
       finiteLevels.empty() ? kNaN : *std::max_element(finiteLevels.begin(), finiteLevels.end()),
       median(spreads), median(heights), maxHeight, std::log2(std::max(median(sensors), 1.0)),
       cracks.empty() ? 0.0
                      : std::accumulate(cracks.begin(), cracks.end(), 0.0) / double(cracks.size()),
       stddev(finiteLevels), median(lowBand), median(midBand)});
  appendCadence(v, cadenceFeatures(times));
  v.insert(v.end(), {median(topLevels), median(topLowBand),
                     std::log2(1.0 + incident.context_shots), // NaN stays unknown
                     median(std::move(repeatsBefore)), median(std::move(repeatsAfter))});
  return toVector(v);
}

std::vector<ClipImpulse> clipImpulses(std::span<const Pulse> pulses) {
  std::vector<ClipImpulse> impulses;
  for (std::size_t i = 0; i < pulses.size(); ++i) {
    const Pulse &p = pulses[i];
    if (p.likely_echo && !impulses.empty() && !isCrackBeforeBlast(impulses.back().pulse, p)) {
      continue;
    }
    if (!impulses.empty() && isCrackBeforeBlast(impulses.back().pulse, p) &&
        !impulses.back().has_crack) {
      impulses.back() = ClipImpulse{p, true};
      continue;
    }
    impulses.push_back(ClipImpulse{p, false});
  }
  return impulses;
}

Eigen::VectorXd clipFeatureVector(std::span<const Pulse> pulses) {
  const std::vector<ClipImpulse> impulses = clipImpulses(pulses);
  std::vector<PulseFeatures> shapes;
  std::vector<double> levels, times;
  int cracks = 0;
  for (const ClipImpulse &imp : impulses) {
    shapes.push_back(pulseFeatures(imp.pulse));
    levels.push_back(imp.pulse.peak_db_spl);
    times.push_back(nanosToSeconds(imp.pulse.onset_utc_ns - impulses.front().pulse.onset_utc_ns));
    cracks += imp.has_crack ? 1 : 0;
  }
  std::vector<double> v;
  appendPulse(v, medianPulseFeatures(shapes));
  v.push_back(impulses.empty() ? 0.0 : double(cracks) / double(impulses.size()));
  v.push_back(stddev(levels));
  appendCadence(v, cadenceFeatures(times));
  return toVector(v);
}

} // namespace salvo
