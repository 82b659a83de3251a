#include "locate/EchoTail.h"

#include "common/Median.h"
#include "locate/PulseAssociator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

namespace salvo {
namespace {

constexpr double kSamePlace_m = 25.0; // the next round of a burst, not a ghost
// Sooner than this after a louder arrival is the same pulse's own ringing (the detector's
// business), not a room-scale echo path.
constexpr double kMinTailDelay_s = 0.005;

double medianLevel_db(const LocatedShot &shot) {
  return shot.arrival_peak_db_spl.empty() ? 0.0 : upperMedian(shot.arrival_peak_db_spl);
}

// Strongest first: heard by more sensors, then louder, then earlier (a total order that
// does not depend on the order the search accepted the shots in).
bool stronger(const LocatedShot &a, const LocatedShot &b) {
  if (a.sensor_indices.size() != b.sensor_indices.size()) {
    return a.sensor_indices.size() > b.sensor_indices.size();
  }
  const double la = medianLevel_db(a);
  const double lb = medianLevel_db(b);
  if (la != lb) {
    return la > lb;
  }
  return a.emission_utc_ns < b.emission_utc_ns;
}

// How far the loudest arrival, taken back to 1 m from the claimed place (spherical
// spreading and air absorption), reads above the set's median source level, and how far the
// quietest reads below it; zero under three levels. Buildings and distance only take level
// away, so about a real source the loudest (line-of-sight) arrivals sit a few dB above a
// median that diffracted arrivals pull down; a direct arrival borrowed from a nearer,
// louder source reads far above it, and a borrowed echo far below.
struct LevelSpread {
  double above_db = 0.0;
  double below_db = 0.0;
};
LevelSpread sourceLevelSpread(const LocatedShot &shot, const std::vector<Eigen::Vector3d> &sensors,
                              double absorption_db_per_m) {
  std::vector<double> source_db;
  for (std::size_t k = 0; k < shot.sensor_indices.size() && k < shot.arrival_peak_db_spl.size();
       ++k) {
    const std::size_t m = shot.sensor_indices[k];
    if (m >= sensors.size() || shot.arrival_peak_db_spl[k] <= 0.0) {
      continue;
    }
    const double d = std::max((sensors[m] - shot.solution.position_enu_m).norm(), 1.0);
    source_db.push_back(shot.arrival_peak_db_spl[k] + 20.0 * std::log10(d) +
                        absorption_db_per_m * d);
  }
  if (source_db.size() < 3) {
    return {};
  }
  const auto [quietest, loudest] = std::minmax_element(source_db.begin(), source_db.end());
  const double low = *quietest;
  const double high = *loudest;
  const double median = upperMedianInPlace(std::span<double>(source_db));
  return {high - median, median - low};
}

bool inTail(std::int64_t arrival_utc_ns, double level_db, std::int64_t caster_utc_ns,
            double caster_db, double tail_s, double min_drop_db) {
  const double after_s = nanosToSeconds(arrival_utc_ns - caster_utc_ns);
  return after_s >= kMinTailDelay_s && after_s <= tail_s && caster_db >= level_db + min_drop_db;
}

// Level of the loudest pulse at `sensor` within `tolerance_s` of `t`; -inf when none.
double pulseLevelNear_db(const std::vector<std::vector<Pulse>> *pulses, std::size_t sensor, UtcNs t,
                         double tolerance_s) {
  double level = -std::numeric_limits<double>::infinity();
  if (pulses == nullptr || sensor >= pulses->size()) {
    return level;
  }
  const std::vector<Pulse> &list = (*pulses)[sensor];
  const UtcNs from = t - secondsToNanos(tolerance_s);
  auto it = std::lower_bound(list.begin(), list.end(), from,
                             [](const Pulse &p, UtcNs v) { return p.onset_utc_ns < v; });
  for (; it != list.end() && it->onset_utc_ns <= t + secondsToNanos(tolerance_s); ++it) {
    level = std::max(level, it->peak_db_spl);
  }
  return level;
}

// Whether the arrival (sensor, t, level) is the sound of `ref`: its direct sound at the
// arrival its place predicts there, or an echo of it, quieter than what was heard there.
bool isSoundOf(const LocatedShot &ref, std::size_t sensor, UtcNs t, double level_db,
               const std::vector<Eigen::Vector3d> &sensors,
               const std::vector<std::vector<Pulse>> *pulses, const BorrowedSoundOptions &o) {
  const double range_m = (sensors[sensor] - ref.solution.position_enu_m).norm();
  const UtcNs predicted =
      ref.emission_utc_ns + secondsToNanos(range_m / ref.solution.speed_of_sound_mps);
  const double after_s = nanosToSeconds(t - predicted);
  if (std::abs(after_s) <= o.direct_tolerance_s) {
    return true;
  }
  if (after_s < o.min_echo_delay_s || after_s > o.max_echo_delay_s) {
    return false;
  }
  double heard_db = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < ref.sensor_indices.size(); ++j) {
    if (ref.sensor_indices[j] == sensor && j < ref.arrival_peak_db_spl.size()) {
      heard_db = ref.arrival_peak_db_spl[j];
    }
  }
  if (heard_db == -std::numeric_limits<double>::infinity()) {
    heard_db = pulseLevelNear_db(pulses, sensor, predicted, o.direct_tolerance_s);
  }
  return heard_db >= level_db + o.min_drop_db;
}

} // namespace

double shareOfSoundOf(const LocatedShot &shot, const std::vector<const LocatedShot *> &sources,
                      const std::vector<Eigen::Vector3d> &sensors_enu_m,
                      const std::vector<std::vector<Pulse>> *pulses,
                      const BorrowedSoundOptions &options) {
  if (shot.sensor_indices.empty() ||
      shot.arrival_peak_db_spl.size() != shot.sensor_indices.size()) {
    return 0.0;
  }
  int explained = 0;
  for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
    const std::size_t m = shot.sensor_indices[k];
    if (m >= sensors_enu_m.size()) {
      continue;
    }
    const bool found = std::any_of(sources.begin(), sources.end(), [&](const LocatedShot *r) {
      return isSoundOf(*r, m, shot.arrival_utc_ns[k], shot.arrival_peak_db_spl[k], sensors_enu_m,
                       pulses, options);
    });
    explained += found ? 1 : 0;
  }
  return static_cast<double>(explained) / static_cast<double>(shot.sensor_indices.size());
}

bool isBorrowedSoundMixture(const LocatedShot &shot,
                            const std::vector<const LocatedShot *> &references,
                            const std::vector<Eigen::Vector3d> &sensors_enu_m,
                            const std::vector<std::vector<Pulse>> *pulses,
                            const BorrowedSoundOptions &options) {
  const double share = shareOfSoundOf(shot, references, sensors_enu_m, pulses, options);
  return share > 0.0 && share >= options.explained_fraction &&
         sourceLevelSpread(shot, sensors_enu_m, options.absorption_db_per_m).below_db >=
             options.quietest_below_median_db;
}

int EchoTailCheck::tailArrivals(const LocatedShot &shot,
                                const PulseAssociatorOptions &options) const {
  int tail = 0;
  for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
    const bool found = std::any_of(kept_.begin(), kept_.end(), [&](const Arrival &a) {
      return a.sensor == shot.sensor_indices[k] &&
             a.sensors >= static_cast<int>(shot.sensor_indices.size()) &&
             (a.position_enu_m - shot.solution.position_enu_m).norm() > kSamePlace_m &&
             inTail(shot.arrival_utc_ns[k], shot.arrival_peak_db_spl[k], a.arrival_utc_ns,
                    a.peak_db_spl, options.echo_shadow_s, options.echo_shadow_min_drop_db);
    });
    tail += found ? 1 : 0;
  }
  return tail;
}

void EchoTailCheck::remember(const LocatedShot &shot) {
  for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
    kept_.push_back({shot.sensor_indices[k], shot.arrival_utc_ns[k], shot.arrival_peak_db_spl[k],
                     static_cast<int>(shot.sensor_indices.size()), shot.solution.position_enu_m});
  }
}

void EchoTailCheck::forget(std::int64_t before_utc_ns) {
  std::erase_if(kept_, [&](const Arrival &a) { return a.arrival_utc_ns < before_utc_ns; });
}

void EchoTailCheck::dropGhosts(std::vector<LocatedShot> &shots,
                               const std::vector<Eigen::Vector3d> &sensors_enu_m,
                               const PulseAssociatorOptions &options) {
  const double fraction = options.ghost_tail_fraction;
  if (shots.empty() || fraction > 1.0) {
    return;
  }
  std::int64_t first = shots.front().emission_utc_ns;
  for (const LocatedShot &s : shots) {
    first = std::min(first, s.emission_utc_ns);
  }
  forget(first - secondsToNanos(options.echo_shadow_s));
  std::vector<std::size_t> order(shots.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return stronger(shots[a], shots[b]); });
  std::vector<bool> keep(shots.size(), true);
  for (const std::size_t i : order) {
    const double n = static_cast<double>(shots[i].sensor_indices.size());
    if (static_cast<double>(tailArrivals(shots[i], options)) >= fraction * n &&
        sourceLevelSpread(shots[i], sensors_enu_m, options.level_absorption_db_per_m).above_db >=
            options.ghost_loudest_excess_db) {
      keep[i] = false;
      ++dropped_;
      continue;
    }
    remember(shots[i]);
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    if (keep[i]) {
      if (out != i) {
        shots[out] = std::move(shots[i]);
      }
      ++out;
    }
  }
  shots.resize(out);
}

} // namespace salvo
