#include "sim/SimEvents.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace salvo::sim {
namespace {

Eigen::Vector3d horizontalAxis(SimRng &rng, double elevationSigma_rad) {
  const double azimuth = rng.uniform(0.0, 2.0 * std::numbers::pi);
  const double elevation = rng.normal(0.0, elevationSigma_rad);
  return {std::cos(elevation) * std::cos(azimuth), std::cos(elevation) * std::sin(azimuth),
          std::sin(elevation)};
}

void aim(SourcePulse &pulse, const Eigen::Vector3d &axis) {
  pulse.axis_east = axis.x();
  pulse.axis_north = axis.y();
  pulse.axis_up = axis.z();
}

} // namespace

EventFactory::EventFactory(const CityModel &city, const LocalEnuFrame &frame, UtcNs start_utc_ns)
    : city_(city), frame_(frame), start_utc_ns_(start_utc_ns) {}

std::int64_t EventFactory::offsetNs(double time_s) {
  return secondsToNanos(time_s);
}

Eigen::Vector3d EventFactory::onGround(const Eigen::Vector2d &at_m, double height_m) const {
  return {at_m.x(), at_m.y(), city_.groundUp_m(at_m.x(), at_m.y()) + height_m};
}

Eigen::Vector2d EventFactory::openGround(SimRng &rng, const Eigen::Vector2d &around,
                                         double radius_m) const {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const double r = radius_m * std::sqrt(rng.uniform());
    const double a = rng.uniform(0.0, 2.0 * std::numbers::pi);
    const Eigen::Vector2d p = around + r * Eigen::Vector2d(std::cos(a), std::sin(a));
    if (city_.buildingAt(p.x(), p.y()) == nullptr) {
      return p;
    }
  }
  return around;
}

TruthEvent EventFactory::startEvent(IncidentClass incidentClass, const std::string &subclass,
                                    const Eigen::Vector3d &position_m, double time_s) {
  TruthEvent event;
  char id[16];
  std::snprintf(id, sizeof id, "E%03d", nextEvent_++);
  event.id = id;
  event.eventClass = incidentClass;
  event.subclass = subclass;
  event.position = frame_.toGeodetic(position_m);
  event.time_utc_ns = start_utc_ns_ + offsetNs(time_s);
  return event;
}

void EventFactory::addShot(TruthEvent &event, double time_s) {
  event.shot_times_utc_ns.push_back(start_utc_ns_ + offsetNs(time_s));
}

TruthEvent EventFactory::gunfire(SimRng &rng, double time_s, const Eigen::Vector2d &at_m,
                                 WeaponClass weapon, int rounds, bool automatic) {
  // The sample truth files name the class in `subclass` and the weapon in `weapon`.
  const Eigen::Vector3d muzzle = onGround(at_m, rng.uniform(1.1, 1.6));
  TruthEvent event = startEvent(IncidentClass::Gunfire, "gunfire", muzzle, time_s);
  event.weapon = weaponName(weapon);
  event.automatic = automatic;
  event.rounds = rounds;
  const int site = nextSite_++;
  Eigen::Vector3d axis = horizontalAxis(rng, 0.05);
  // Cadence: automatic fire at the weapon's cyclic rate (600-900 rounds a minute); aimed
  // semi-automatic fire at human trigger rates; a pump shotgun's cycle is slower.
  const double cyclic_s = 60.0 / rng.uniform(600.0, 900.0);
  double t = time_s;
  for (int round = 0; round < rounds; ++round) {
    if (round > 0) {
      if (automatic) {
        t += cyclic_s * rng.uniform(0.95, 1.05);
      } else if (weapon == WeaponClass::Shotgun) {
        t += rng.uniform(0.55, 1.3);
      } else {
        t += rng.uniform(0.12, 0.5) + (rng.chance(0.12) ? rng.uniform(0.4, 1.5) : 0.0);
      }
      // The muzzle wanders a little between rounds (recoil, a moving shooter).
      axis = (axis + Eigen::Vector3d(rng.normal(0, 0.03), rng.normal(0, 0.03), rng.normal(0, 0.01)))
                 .normalized();
    }
    WeaponShot shot = makeWeaponShot(weapon, rng);
    Emission emission;
    emission.offset_ns = offsetNs(t);
    emission.position_m = muzzle;
    emission.site = site;
    aim(shot.blast, axis);
    emission.pulse = shot.blast;
    emission.supersonic = shot.supersonic;
    emission.bullet = shot.bullet;
    emission.trajectory = axis;
    emissions_.push_back(emission);
    addShot(event, t);
  }
  return event;
}

TruthEvent EventFactory::firecrackers(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  const Eigen::Vector3d ground = onGround(at_m, 0.05);
  TruthEvent event = startEvent(IncidentClass::Fireworks, "firecrackers", ground, time_s);
  const int pops = rng.uniformInt(15, 90);
  const int site = nextSite_++;
  double t = time_s;
  for (int i = 0; i < pops; ++i) {
    if (i > 0) {
      // Fuses burn at uneven speed and crackers fire in clumps: an irregular crackle.
      t += 0.002 + rng.exponential(0.045) + (rng.chance(0.06) ? rng.uniform(0.1, 0.35) : 0.0);
    }
    Emission emission;
    emission.offset_ns = offsetNs(t);
    emission.position_m = ground;
    emission.site = site;
    emission.pulse = makeFirecrackerPop(rng);
    emissions_.push_back(emission);
    addShot(event, t);
  }
  event.rounds = pops;
  return event;
}

TruthEvent EventFactory::aerialShell(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  const Eigen::Vector3d launch = onGround(at_m, 0.3);
  TruthEvent event = startEvent(IncidentClass::Fireworks, "aerial_shell", launch, time_s);
  Emission thump;
  thump.offset_ns = offsetNs(time_s);
  thump.position_m = launch;
  thump.site = nextSite_++;
  thump.pulse = makeShellLaunch(rng, false);
  emissions_.push_back(thump);
  addShot(event, time_s);
  // Display shells break near the top of their climb: 80-300 m after 2.5-6 s.
  const double height = rng.uniform(80.0, 300.0);
  const double climb_s = height / rng.uniform(45.0, 60.0);
  if (rng.chance(0.4)) {
    ToneEmission whistle;
    whistle.offset_ns = offsetNs(time_s + 0.05);
    whistle.duration_s = std::min(climb_s * 0.8, rng.uniform(1.0, 2.5));
    whistle.position_m = launch + Eigen::Vector3d(0, 0, 0.3 * height);
    whistle.start_hz = rng.uniform(2500.0, 4000.0);
    whistle.end_hz = whistle.start_hz * rng.uniform(0.5, 0.8);
    whistle.level_db = rng.uniform(100.0, 112.0);
    tones_.push_back(whistle);
  }
  Emission burst;
  burst.offset_ns = offsetNs(time_s + climb_s);
  burst.position_m = launch + Eigen::Vector3d(rng.normal(0, 8), rng.normal(0, 8), height);
  burst.site = nextSite_++;
  burst.pulse = makeShellBurst(rng, false);
  emissions_.push_back(burst);
  addShot(event, time_s + climb_s);
  event.rounds = 1;
  event.burst_height_m = height;
  return event;
}

TruthEvent EventFactory::mortarBattery(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  const Eigen::Vector3d launch = onGround(at_m, 0.2);
  TruthEvent event = startEvent(IncidentClass::Fireworks, "mortar", launch, time_s);
  const int shells = rng.uniformInt(3, 9);
  const int launchSite = nextSite_++;
  std::vector<double> times;
  double heights = 0.0;
  double t = time_s;
  for (int i = 0; i < shells; ++i) {
    if (i > 0) {
      t += rng.uniform(1.2, 3.5);
    }
    Emission thump;
    thump.offset_ns = offsetNs(t);
    thump.position_m = launch;
    thump.site = launchSite;
    thump.pulse = makeShellLaunch(rng, true);
    emissions_.push_back(thump);
    times.push_back(t);
    const double height = rng.uniform(40.0, 90.0);
    heights += height;
    const double climb_s = height / rng.uniform(35.0, 45.0);
    Emission burst;
    burst.offset_ns = offsetNs(t + climb_s);
    burst.position_m = launch + Eigen::Vector3d(rng.normal(0, 5), rng.normal(0, 5), height);
    burst.site = nextSite_++;
    burst.pulse = makeShellBurst(rng, true);
    emissions_.push_back(burst);
    times.push_back(t + climb_s);
  }
  std::sort(times.begin(), times.end());
  for (double time : times) {
    addShot(event, time);
  }
  event.rounds = shells;
  event.burst_height_m = heights / shells;
  return event;
}

TruthEvent EventFactory::other(SimRng &rng, double time_s, const Eigen::Vector2d &at_m,
                               const std::string &subclass) {
  double height = 1.0;
  int count = 1;
  double gapLow = 0.3;
  double gapHigh = 1.0;
  SourcePulse (*make)(SimRng &) = makeBackfire;
  if (subclass == "backfire") {
    height = 0.4;
    count = rng.uniformInt(1, 3);
    gapLow = 0.05;
    gapHigh = 0.5;
  } else if (subclass == "door_slam") {
    make = makeCarDoorSlam;
    count = rng.uniformInt(1, 2);
    gapLow = 0.5;
    gapHigh = 3.0;
  } else if (subclass == "dumpster_slam") {
    make = makeDumpsterSlam;
    count = rng.uniformInt(1, 2);
    gapLow = 0.8;
    gapHigh = 2.5;
  } else if (subclass == "nail_gun") {
    make = makeNailGunShot;
    height = rng.uniform(0.5, 8.0);
    count = rng.uniformInt(3, 12);
    gapLow = 0.3;
    gapHigh = 1.5;
  } else { // hammering
    make = makeHammerBlow;
    height = rng.uniform(0.5, 8.0);
    count = rng.uniformInt(5, 20);
    gapLow = 0.45;
    gapHigh = 0.8;
  }
  const Eigen::Vector3d where = onGround(at_m, height);
  TruthEvent event = startEvent(IncidentClass::Other, subclass, where, time_s);
  const int site = nextSite_++;
  const Eigen::Vector3d axis = horizontalAxis(rng, 0.1);
  double t = time_s;
  for (int i = 0; i < count; ++i) {
    if (i > 0) {
      t += rng.uniform(gapLow, gapHigh);
    }
    Emission emission;
    emission.offset_ns = offsetNs(t);
    emission.position_m = where;
    emission.site = site;
    emission.pulse = make(rng);
    aim(emission.pulse, axis);
    emissions_.push_back(emission);
    addShot(event, t);
  }
  event.rounds = count;
  return event;
}

void EventFactory::housingKnock(SimRng &rng, double time_s, int sensorIndex) {
  const int knocks = rng.uniformInt(1, 3);
  double t = time_s;
  for (int i = 0; i < knocks; ++i) {
    Emission emission;
    emission.offset_ns = offsetNs(t);
    emission.pulse = makeHousingKnock(rng);
    emission.only_sensor = sensorIndex;
    emission.site = -1;
    emissions_.push_back(emission);
    t += rng.uniform(0.08, 0.4);
  }
}

TruthEvent EventFactory::randomGunfire(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  // Urban gunfire is mostly handguns.
  const double pick = rng.uniform();
  if (pick < 0.7) {
    return gunfire(rng, time_s, at_m, WeaponClass::Handgun,
                   rng.chance(0.3) ? 1 : rng.uniformInt(2, 12), false);
  }
  if (pick < 0.9) {
    const bool automatic = rng.chance(0.5);
    return gunfire(rng, time_s, at_m, WeaponClass::Rifle,
                   automatic ? rng.uniformInt(5, 30) : rng.uniformInt(1, 10), automatic);
  }
  return gunfire(rng, time_s, at_m, WeaponClass::Shotgun, rng.uniformInt(1, 5), false);
}

TruthEvent EventFactory::randomFireworks(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  const double pick = rng.uniform();
  if (pick < 0.5) {
    return firecrackers(rng, time_s, at_m);
  }
  if (pick < 0.8) {
    return aerialShell(rng, time_s, at_m);
  }
  return mortarBattery(rng, time_s, at_m);
}

TruthEvent EventFactory::randomOther(SimRng &rng, double time_s, const Eigen::Vector2d &at_m) {
  static const char *const kinds[] = {"backfire", "door_slam", "dumpster_slam", "nail_gun",
                                      "hammering"};
  static const double weights[] = {0.25, 0.3, 0.15, 0.15, 0.15};
  double pick = rng.uniform();
  int index = 0;
  while (index < 4 && pick >= weights[index]) {
    pick -= weights[index];
    ++index;
  }
  return other(rng, time_s, at_m, kinds[index]);
}

std::optional<TruthEvent> runIncident(EventFactory &factory, SimRng &rng,
                                      const ScheduledIncident &incident) {
  factory.setNextSite(incident.first_site);
  const double time_s = incident.time_s;
  switch (incident.kind) {
  case IncidentKind::Gunfire:
    return factory.randomGunfire(rng, time_s, incident.at_m);
  case IncidentKind::Handgun:
    return factory.gunfire(rng, time_s, incident.at_m, WeaponClass::Handgun, incident.detail,
                           false);
  case IncidentKind::Fireworks:
    return factory.randomFireworks(rng, time_s, incident.at_m);
  case IncidentKind::Other:
    return factory.randomOther(rng, time_s, incident.at_m);
  case IncidentKind::HousingKnock:
    factory.housingKnock(rng, time_s, incident.detail);
    return std::nullopt;
  }
  return std::nullopt;
}

void EventFactory::takeSources(std::vector<Emission> &emissions, std::vector<ToneEmission> &tones) {
  std::stable_sort(emissions_.begin(), emissions_.end(),
                   [](const Emission &a, const Emission &b) { return a.offset_ns < b.offset_ns; });
  std::stable_sort(tones_.begin(), tones_.end(), [](const ToneEmission &a, const ToneEmission &b) {
    return a.offset_ns < b.offset_ns;
  });
  emissions = std::move(emissions_);
  tones = std::move(tones_);
  emissions_.clear();
  tones_.clear();
}

} // namespace salvo::sim
