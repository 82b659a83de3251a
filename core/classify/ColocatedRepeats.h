#pragma once

#include "classify/ClassFeatures.h"

namespace salvo {

// Impulses from the very spot of a shot that the locator did not group with it, found in
// the pulses of the shot's own sensors: a pulse at offset d from the shot's arrival on
// one sensor is a repeat from the same place when most of the shot's sensors hold a
// pulse at the same offset d, ±10 ms (the path from one spot to each sensor is the same,
// so its travel times cancel; an echo's extra delay differs from sensor to sensor).
// Physics that holds for real sound: a firecracker string fires 15..90 pops from one spot
// (a metre or two across) with irregular gaps of a few to a few hundred ms, so a located
// pop has repeats before and after it; a lone shot has none before it and after it only the
// source's own reverberation (a reflection near the source also arrives at one offset everywhere,
// which is why the two sides are counted apart). Pulses of the incident's other shots
// are not repeats (they are already its rounds).
struct ColocatedRepeats {
  double before = 0.0; // distinct repeats 2 ms .. kNeighbourWindow_s before the shot
  double after = 0.0;  // and after it
};

// NaN for both when the shot has fewer than three arrivals. A neighbour within 1 ms of
// the arrival of one of `incident`'s shots on the same sensor is that shot, not a repeat.
ColocatedRepeats colocatedRepeats(const ShotEvidence &shot, const IncidentEvidence &incident);

} // namespace salvo
