#pragma once

#include "locate/PulseAssociator.h"

#include <vector>

namespace salvo {

// Reverberation at the shooter's place (a courtyard, the wall behind the shooter) follows
// every round at the same delay, because the geometry does not change between rounds; the
// rounds of a weapon do not keep a fixed, much quieter follower. So once that delay is seen
// after two or more rounds, a quieter copy is told from the next round by its delay, not by
// its level (in a burst the rounds' measured levels differ by up to ~9 dB: each lands in
// the previous rounds' echoes). Until a delay recurs, a much quieter copy soon after a round
// is taken for reverberation.
struct SourceReverbOptions {
  double window_s = 0.15;         // an enclosure around the shooter rings this long
  double recurring_drop_db = 5.0; // a copy is at least this much quieter than its round...
  double match_s = 0.0015;        // ...at the recurring delay within this
  int min_recurrences = 2;        // rounds followed by a copy at that delay
  double fallback_drop_db = 7.0;  // no recurring delay: copies this much quieter
};

// Peak level differences (a minus b) at each sensor both used, with levels on both.
std::vector<double> levelDifferences_db(const LocatedShot &a, const LocatedShot &b);

// Median level difference (a minus b) over the sensors both used; NaN under three.
double medianLevelDifference_db(const LocatedShot &a, const LocatedShot &b);

// The delay after a round at which a quieter copy recurs among `shots` (one place), or a
// negative value when none recurs.
double recurringReverbDelay_s(const std::vector<const LocatedShot *> &shots,
                              const SourceReverbOptions &options);

// Whether `candidate` is the source reverberation of one of `shots` (one place), given the
// recurring delay (negative: none).
bool isSourceReverbCopy(const LocatedShot &candidate, const std::vector<const LocatedShot *> &shots,
                        double recurring_delay_s, const SourceReverbOptions &options);

} // namespace salvo
