#pragma once

#include "detect/Pulse.h"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace salvo {

struct LocatedShot;
struct PulseAssociatorOptions;

// Order-independent ghost rejection after association (docs/location.md, "Ghost rejection
// (session 8)"). In a field of sources (firecrackers, a burst among buildings) a chance set
// of pulses — a few direct arrivals of unlocated sources plus echoes — fits one place to a
// few hundredths of a ms, so the fit cannot tell it from a source. Its history can: a third
// or more of its arrivals (ghost_tail_fraction) sit in the reverberation tail of a located
// shot, each a few ms to 2 s after that shot's louder (>= echo_shadow_min_drop_db) arrival
// at the same sensor, the shot elsewhere and heard by at least as many sensors. A real
// source is louder than the echoes of the others where it is nearest. Tails alone also
// hold real quiet sources of a firework field, so a set is dropped only when its levels
// say it is no source either: its loudest arrival, taken back to the claimed place, reads
// ghost_loudest_excess_db or more above the set's median (a direct arrival of a nearer,
// louder source; buildings only take level away, so a real source's loudest, line-of-sight
// arrivals sit a few dB above a median that diffracted arrivals pull down).
//
// The echo shadow of PulseAssociator judges this while shots are accepted, so it depends on
// which came first; this check runs once a process() call's shots are all known, strongest
// first (sensors, then level): a shot is judged only against stronger shots already kept, so
// no search order and no weaker ghost can remove it. Keeps a short memory of the shots kept
// so the live pipeline (process() block by block) judges a shot against the ones just before.
class EchoTailCheck {
public:
  // Removes the ghosts from `shots` (the shots one process() call located). Does nothing
  // when options.ghost_tail_fraction > 1.
  void dropGhosts(std::vector<LocatedShot> &shots,
                  const std::vector<Eigen::Vector3d> &sensors_enu_m,
                  const PulseAssociatorOptions &options);

  std::size_t dropped() const { return dropped_; }

private:
  struct Arrival {
    std::size_t sensor = 0;
    std::int64_t arrival_utc_ns = 0;
    double peak_db_spl = 0.0;
    int sensors = 0; // of the shot it belongs to
    Eigen::Vector3d position_enu_m = Eigen::Vector3d::Zero();
  };
  int tailArrivals(const LocatedShot &shot, const PulseAssociatorOptions &options) const;
  void remember(const LocatedShot &shot);
  void forget(std::int64_t before_utc_ns);

  std::deque<Arrival> kept_; // arrivals of kept shots, stronger first within a call
  std::size_t dropped_ = 0;
};

// Mixtures borrowed from located sources (docs/location.md, "Borrowed-sound mixtures"). In a field
// of sources association can fit a set made of a few arrivals of its own and of other sources'
// sound at sensors where those sources' shots did not take it: their direct sound (at the arrival a
// located source predicts at that sensor) or their echoes (shortly after that prediction, quieter
// than the pulse heard there). Such a set is dropped when a share of its arrivals is explained that
// way by stronger located sources and its quietest arrival, taken back to the claimed place, reads
// far below the set's median: borrowed echoes arrive with less level than a source there would give
// them. A lone source (no other located source around) is never judged.
struct BorrowedSoundOptions {
  double direct_tolerance_s = 0.003; // a located source's predicted arrival holds to this
  double min_echo_delay_s = 0.005;   // sooner is the pulse's own ringing
  double max_echo_delay_s = 1.0;     // street-scale echo paths (to ~170 m and back)
  double min_drop_db = 3.0;          // an echo is this much quieter than the sound it follows
  double explained_fraction = 0.25;  // of the set's arrivals
  double quietest_below_median_db = 6.0;
  double absorption_db_per_m = 0.005; // as PulseAssociatorOptions::level_absorption_db_per_m
};

// The share of `shot`'s arrivals that are the sound of `sources` at their sensors: the
// direct sound their places predict there, or an echo of it (quieter than that pulse).
double shareOfSoundOf(const LocatedShot &shot, const std::vector<const LocatedShot *> &sources,
                      const std::vector<Eigen::Vector3d> &sensors_enu_m,
                      const std::vector<std::vector<Pulse>> *pulses,
                      const BorrowedSoundOptions &options);

// Whether `shot` is such a mixture of the sound of `references` (stronger located shots
// elsewhere). `pulses` (one list a sensor, onset order; may be null) give a reference's
// level at sensors it did not use.
bool isBorrowedSoundMixture(const LocatedShot &shot,
                            const std::vector<const LocatedShot *> &references,
                            const std::vector<Eigen::Vector3d> &sensors_enu_m,
                            const std::vector<std::vector<Pulse>> *pulses,
                            const BorrowedSoundOptions &options);

} // namespace salvo
