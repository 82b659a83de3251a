#pragma once

#include "locate/PulseAssociator.h"
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
// source but reaches each of its sensors later than the real source's direct path.
class IncidentGrouper {
public:
  IncidentGrouper(std::vector<Eigen::Vector3d> sensors_enu_m, IncidentGrouperOptions options = {});

  void addShot(LocatedShot shot);
  // Incidents whose last shot is more than max_gap before `horizon_utc_ns` (all of them
  // with the default), in order of first emission.
  std::vector<LocatedIncident> flush(UtcNs horizon_utc_ns = std::numeric_limits<UtcNs>::max());
  int droppedImages() const { return droppedImages_; }

private:
  bool isImageOf(const LocatedShot &candidate, const LocatedShot &real) const;
  void summarise(LocatedIncident &incident) const;

  std::vector<Eigen::Vector3d> sensors_;
  IncidentGrouperOptions options_;
  std::vector<LocatedIncident> open_;
  std::deque<LocatedShot> recent_; // for the image check
  int droppedImages_ = 0;
};

} // namespace salvo
