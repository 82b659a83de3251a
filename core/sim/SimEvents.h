#pragma once

#include "contract/Truth.h"
#include "geo/LocalEnuFrame.h"
#include "sim/SimScenario.h"

#include <Eigen/Core>

#include <optional>
#include <string>
#include <vector>

namespace salvo::sim {

// Turns an incident (a shooting, a firecracker string, a slam) into the emissions the
// renderer plays and the truth event that describes it.
class EventFactory {
public:
  EventFactory(const CityModel &city, const LocalEnuFrame &frame, UtcNs start_utc_ns);

  // Every call appends emissions (unsorted; sortSources() orders them) and returns the
  // truth event; `at_m` is a ground position (east, north).
  TruthEvent gunfire(SimRng &rng, double time_s, const Eigen::Vector2d &at_m, WeaponClass weapon,
                     int rounds, bool automatic);
  TruthEvent firecrackers(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);
  TruthEvent aerialShell(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);
  TruthEvent mortarBattery(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);
  // subclass: backfire, door_slam, dumpster_slam, nail_gun, hammering
  TruthEvent other(SimRng &rng, double time_s, const Eigen::Vector2d &at_m,
                   const std::string &subclass);
  // A knock on one sensor's housing: no truth event (nothing happened in the city).
  void housingKnock(SimRng &rng, double time_s, int sensorIndex);

  // A random gunfire incident with a realistic weapon mix and cadence.
  TruthEvent randomGunfire(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);
  TruthEvent randomFireworks(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);
  TruthEvent randomOther(SimRng &rng, double time_s, const Eigen::Vector2d &at_m);

  // A ground point near `around` that is not inside a building.
  Eigen::Vector2d openGround(SimRng &rng, const Eigen::Vector2d &around, double radius_m) const;

  std::vector<Emission> &emissions() { return emissions_; }
  std::vector<ToneEmission> &tones() { return tones_; }
  // Moves the sources out in time order.
  void takeSources(std::vector<Emission> &emissions, std::vector<ToneEmission> &tones);

  // Site numbers continue from here: replaying an incident (IncidentSchedule) gives its
  // emissions the sites they had when it was first drawn.
  int nextSite() const { return nextSite_; }
  void setNextSite(int site) { nextSite_ = site; }

private:
  TruthEvent startEvent(IncidentClass incidentClass, const std::string &subclass,
                        const Eigen::Vector3d &position_m, double time_s);
  void addShot(TruthEvent &event, double time_s);
  static std::int64_t offsetNs(double time_s);
  Eigen::Vector3d onGround(const Eigen::Vector2d &at_m, double height_m) const;

  const CityModel &city_;
  const LocalEnuFrame &frame_;
  UtcNs start_utc_ns_;
  std::vector<Emission> emissions_;
  std::vector<ToneEmission> tones_;
  int nextSite_ = 0;
  int nextEvent_ = 1;
};

// Draws a scheduled incident's emissions into `factory` (its sites from
// incident.first_site on) from `rng`, the scenario's generator just before the incident's
// own draws; returns its truth event (none for a housing knock).
std::optional<TruthEvent> runIncident(EventFactory &factory, SimRng &rng,
                                      const ScheduledIncident &incident);

} // namespace salvo::sim
