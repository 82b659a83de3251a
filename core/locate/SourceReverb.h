#pragma once

#include "detect/Pulse.h"
#include "locate/PulseAssociator.h"

#include <vector>

namespace salvo {

// Reverberation at the shooter's place (a courtyard, an enclosure around the shooter)
// follows every round at the same delay, because the geometry does not change between
// rounds. So a quieter shot at the place `d` after a round is that round's copy only if the
// other rounds are followed by a quieter arrival `d` later too; a genuine round that happens
// to be quieter (in a burst the rounds' measured levels differ by up to ~9 dB: each lands in
// the previous rounds' echoes) has no such followers: nothing arrives `d` after the other
// rounds. The followers are sought among the detected pulses (association locates only a
// few of the copies as shots). Without other rounds to check, or without pulses, only a
// much quieter shot is taken for reverberation.
struct SourceReverbOptions {
  double window_s = 0.15;         // an enclosure around the shooter rings this long
  double recurring_drop_db = 5.0; // a copy is at least this much quieter than its round...
  double match_s = 0.0015;        // ...a follower arrives at the copy's delay within this
  // A round is followed when a quieter pulse comes at the candidate's delay on this
  // fraction of the sensors that heard the candidate (copies 8-14 dB down: 60-100 % of
  // them; by chance, under 25 %).
  double follower_fraction = 0.5;
  // Rounds checked for followers: those whose copy would be about as loud as the
  // candidate (the round at most this much quieter than the candidate's round)...
  double comparable_db = 3.0;
  // ...and whose slot is not taken by another round (its onset within this of the slot
  // hides a copy there).
  double masked_s = 0.004;
  int min_recurrences = 1;       // rounds checked before the followers decide
  double fallback_drop_db = 7.0; // nothing to check: copies this much quieter
};

// Peak level differences (a minus b) at each sensor both used, with levels on both.
std::vector<double> levelDifferences_db(const LocatedShot &a, const LocatedShot &b);

// Median level difference (a minus b) over the sensors both used; NaN under three.
double medianLevelDifference_db(const LocatedShot &a, const LocatedShot &b);

// Whether `candidate` is the source reverberation of one of `shots` (one place, the
// candidate may be among them). `pulses` (may be null: level rule only) are those the shots
// were associated from.
bool isSourceReverbCopy(const LocatedShot &candidate, const std::vector<const LocatedShot *> &shots,
                        const std::vector<std::vector<Pulse>> *pulses,
                        const SourceReverbOptions &options);

} // namespace salvo
