#pragma once

#include "locate/EchoTail.h"
#include "locate/PulseAssociator.h"
#include "locate/SourceReverb.h"
#include "time/UtcTime.h"

#include <Eigen/Core>

#include <deque>
#include <limits>
#include <vector>

namespace salvo {

struct IncidentGrouperOptions {
  double max_gap_s = 2.5;         // a longer silence closes an incident
  double min_same_place_m = 12.0; // shots closer than this are one place whatever the radii
  // Two shots this close in time at one place are one round (a pulse the detector split,
  // located twice); automatic fire is >= 60 ms between rounds.
  double duplicate_s = 0.05;
  // Sensor positions are surveyed to about a metre: no radius claims better.
  double min_radius_m = 1.0;
  double image_window_s = 0.03; // emission times of a source and its mirror image
  // Scatter ghosts: a building that re-radiates a shot is located as a source of its own,
  // emitting when the shot's sound reached it. Such a "source" further than this from the
  // shot, emitting within the tolerance of that moment, and quieter than the shot at most
  // of the sensors both were heard on, is the shot's echo.
  double scatter_min_distance_m = 25.0;
  double scatter_max_distance_m = 700.0;  // weaker reflections are lost in the noise
  double scatter_tolerance_s = 0.008;     // plus both positions' radii over c
  double scatter_min_drop_db = 1.0;       // an echo lost at least this much level...
  double scatter_quieter_fraction = 0.75; // ...on this fraction of the common sensors
  // Reverberation at the source: a reflection cannot locate at the shooter's place with a
  // later emission (a wall's image emits at the same time from the mirror position, a
  // scatterer later from the building); only an enclosure around the shooter (a courtyard)
  // can, with a quieter copy at the same delay after every round. Decided when the
  // incident closes, from all its shots (SourceReverb.h).
  SourceReverbOptions source_reverb;
  // Off where the closed incident is regrouped after burst completion (live), so that the
  // regrouping still sees every copy and finds their recurring delay.
  bool drop_source_reverb = true;
  // Reverberation ghosts: after a loud incident every sensor that heard it keeps receiving
  // its echoes for seconds (a city street is a reverberant enclosure; a rifle burst's tail
  // lasts two seconds), and association can fit a set of those echoes to a "source". An
  // incident whose every arrival came, at its sensor, inside the reverberation of a
  // stronger incident elsewhere (at or after that incident's first arrival there, within
  // this window after its last) and no louder than that incident's loudest arrival there
  // minus the drop, and that was heard on no more sensors than it, is fully explained as
  // that incident's echoes. A real second source is louder than the first one's echoes
  // where it is nearest, or heard where the first one was not.
  bool drop_reverb_ghosts = true;
  double reverb_tail_s = 2.5;
  double reverb_tail_min_drop_db = 0.0;
  // Borrowed-sound mixtures (EchoTail.h): an incident whose arrivals are in part the direct
  // sound or echoes of stronger located incidents elsewhere, at sensors those did not use,
  // and whose quietest arrival reads far below its median source level.
  // Only incidents of at most this many rounds are judged: a chance alignment of other
  // sources' sound does not recur at one place, a real source's next round does.
  bool drop_borrowed_mixtures = true;
  int borrowed_max_rounds = 1;
  BorrowedSoundOptions borrowed_sound;
};

// A burst of shots from one place, in the associator's ENU frame.
struct LocatedIncident {
  std::vector<LocatedShot> shots; // in emission order
  Eigen::Vector3d position_enu_m = Eigen::Vector3d::Zero();
  double horizontal_error_95_m = 0.0;
  UtcNs first_emission_utc_ns = 0;
  int rounds = 0;
  std::vector<std::size_t> sensor_indices; // union over the shots, sorted
};

// Turns located shots into incidents: shots from the same place (within their combined
// uncertainty) and separated by less than a short gap form one incident. It also drops
// mirror images: a strong façade reflection can be consistent across several sensors and
// locate a "source" behind the wall; such an image emits at the same time as the real
// source but reaches each of its sensors later than the real source's direct path. And it
// drops scatter ghosts: a building (or a tree line, a parked truck) hit by a shot re-radiates
// it, and the re-radiated pulse is consistent across sensors as if the building were a
// source emitting the moment the shot's sound reached it; it is quieter than the direct
// sound at the sensors that heard both.
class IncidentGrouper {
public:
  // `pulses` (optional, one list a sensor in onset order, kept alive by the caller): those
  // the shots were associated from, where the source-reverberation rule looks for copies
  // after every round (SourceReverb.h); without them it judges by level alone.
  IncidentGrouper(std::vector<Eigen::Vector3d> sensors_enu_m, IncidentGrouperOptions options = {},
                  const std::vector<std::vector<Pulse>> *pulses = nullptr);

  void addShot(LocatedShot shot);
  // Incidents whose last shot is more than max_gap before `horizon_utc_ns` (all of them
  // with the default), in order of first emission.
  std::vector<LocatedIncident> flush(UtcNs horizon_utc_ns = std::numeric_limits<UtcNs>::max());
  int droppedImages() const { return droppedImages_; }
  int droppedEchoes() const { return droppedEchoes_; }
  int droppedReverbGhosts() const { return droppedReverbGhosts_; }
  int droppedBorrowedMixtures() const { return droppedBorrowedMixtures_; }

private:
  bool isImageOf(const LocatedShot &candidate, const LocatedShot &real) const;
  bool isScatterOf(const LocatedShot &candidate, const LocatedShot &real) const;
  void dropSourceReverb(LocatedIncident &incident);
  void summarise(LocatedIncident &incident) const;
  bool canExplain(const LocatedIncident &real, const LocatedIncident &candidate) const;
  bool inReverberationOf(const LocatedIncident &real, std::size_t sensor, UtcNs t,
                         double level_db) const;
  bool isBorrowedMixture(const LocatedIncident &candidate,
                         const std::vector<const LocatedIncident *> &references) const;
  void dropReverbGhosts(std::vector<LocatedIncident> &done);

  std::vector<Eigen::Vector3d> sensors_;
  IncidentGrouperOptions options_;
  const std::vector<std::vector<Pulse>> *pulses_ = nullptr;
  std::vector<LocatedIncident> open_;
  std::deque<LocatedShot> recent_; // for the image check
  // Incidents already handed out whose reverberation may still explain later ones (live).
  std::deque<LocatedIncident> flushed_;
  int droppedReverbGhosts_ = 0;
  int droppedBorrowedMixtures_ = 0;
  int droppedImages_ = 0;
  int droppedEchoes_ = 0;
};

} // namespace salvo
