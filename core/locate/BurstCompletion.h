#pragma once

#include "detect/Pulse.h"
#include "locate/PulseAssociator.h"
#include "locate/SourceReverb.h"
#include "locate/TdoaSolver.h"

#include <Eigen/Core>

#include <vector>

namespace salvo {

// Rounds of a burst that association missed. Once one round of a burst is located, the
// travel time from the shooter to each of its sensors is measured (arrival minus emission,
// blocked-path delays and clock offsets included), and the next round from the same place
// arrives after exactly those delays: every pulse on those sensors votes for an emission
// time (onset minus delay) and a round is where enough sensors agree. Echoes do not line
// up this way (their extra path differs from sensor to sensor), so this finds rounds that
// association lost in the previous round's reverberation or to the echo flag without
// letting echoes in. Reverberation at the source itself (a courtyard) does line up; it is
// recurs at the same delay after every round and is quieter (SourceReverb.h).
struct BurstCompletionOptions {
  bool enabled = true;
  int anchor_min_sensors = 5;  // a round whose delays are trusted
  double tolerance_s = 0.0015; // onsets this close to the predicted ones agree
  double min_fraction = 0.6;   // of the anchor's sensors must agree...
  int min_sensors = 4;         // ...and at least this many
  double max_gap_s = 1.0;      // rounds of one weapon are 50-1000 ms apart
  double duplicate_s = 0.003;  // a round this close to a located one is that round
  double max_drop_db = 12.0;   // median level below the anchor: too weak to be a round
  // Reverberation at the source (copies of each round at a fixed delay) is not a round.
  SourceReverbOptions reverb;
};

// Adds the rounds association missed at the places of located shots (see
// BurstCompletionOptions) and drops the other shots that had taken half or more of their
// arrivals from those rounds (mixtures of direct arrivals and echoes). Pulses: one list a
// sensor, manifest order. Returns how many rounds were added; `borrowers` counts drops.
int completeBursts(const std::vector<Eigen::Vector3d> &sensors_enu_m,
                   const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                   std::vector<LocatedShot> &shots, const TdoaSolverOptions &solver,
                   const BurstCompletionOptions &options, int *borrowers = nullptr);

} // namespace salvo
