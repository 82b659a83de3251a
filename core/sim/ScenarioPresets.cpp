#include "sim/ScenarioPresets.h"

#include "sim/SimEvents.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <stdexcept>

namespace salvo::sim {
namespace {

struct Preset {
  int sensors = 12;
  double density_per_km2 = 12.0;
  double duration_s = 60.0;
  CityConfig city;
  double temperature_low_c = 12.0, temperature_high_c = 30.0;
  double weather_error_low_c = 0.2, weather_error_high_c = 1.5;
  double traffic_db = 56.0;
  double vehicles_per_minute = 8.0;
  double wind_low_mps = 0.0, wind_high_mps = 3.0;
  bool wind_moves_sound = false;
  double rain_chance = 0.0;
  // Incidents per minute over the network.
  double gunfire_per_min = 1.5;
  double fireworks_per_min = 0.6;
  double other_per_min = 4.0;
  double knocks_per_min = 0.5;
  int min_gunfire = 1;
  double gps_fault_chance = 0.0;
  double dropout_chance = 0.0;
  int echoes = 10;
  double sample_rate_hz = 16000.0;
  double rooftop_fraction = 0.7;
  // Share of shootings that are a handgun firing 1 or 3 rounds (the rest: the usual mix).
  double handgun_1_or_3 = 0.0;
  // Incidents inside the sensors' footprint (their bounding box) rather than over the
  // network and a margin round it: where a network is tested, shots are fired among its
  // sensors, several of which hear them 60-800 m away.
  bool incidents_among_sensors = false;
  UtcNs base_utc_ns = 0;
  double start_spread_s = 86400.0;
};

UtcNs utc(const char *iso) {
  return *parseIso8601Utc(iso);
}

Preset presetFor(const std::string &name) {
  Preset p;
  if (name == "quiet") {
    p.sensors = 8;
    p.density_per_km2 = 8.0;
    p.city.building_density_per_km2 = 80.0;
    p.city.min_height_m = 5.0;
    p.city.max_height_m = 18.0;
    p.city.tall_fraction = 0.0;
    p.city.hill_relief_m = 15.0;
    p.traffic_db = 44.0;
    p.vehicles_per_minute = 2.0;
    p.wind_high_mps = 2.0;
    p.gunfire_per_min = 1.0;
    p.fireworks_per_min = 0.3;
    p.other_per_min = 1.0;
    p.knocks_per_min = 0.3;
    p.weather_error_high_c = 1.0;
    p.echoes = 6;
    p.base_utc_ns = utc("2026-06-14T04:00:00Z");
    p.start_spread_s = 3 * 3600.0; // night
  } else if (name == "urban") {
    // A mixed city: a downtown's density is for `hard`.
    p.city.building_density_per_km2 = 160.0;
    p.city.hill_relief_m = 60.0;
    p.base_utc_ns = utc("2026-07-05T00:00:00Z");
    p.dropout_chance = 0.05;
  } else if (name == "celebration") {
    // New Year's Eve: fireworks everywhere at about a hundred times the usual rate,
    // and a few real shootings hidden in them.
    p.city.building_density_per_km2 = 160.0;
    p.city.hill_relief_m = 40.0;
    p.temperature_low_c = -8.0;
    p.temperature_high_c = 8.0;
    p.fireworks_per_min = 60.0;
    p.gunfire_per_min = 3.0;
    p.min_gunfire = 2;
    p.other_per_min = 3.0;
    p.traffic_db = 54.0;
    p.base_utc_ns = utc("2027-01-01T04:55:00Z");
    p.start_spread_s = 600.0;
    p.dropout_chance = 0.05;
  } else if (name == "hard") {
    p.sensors = 16;
    p.density_per_km2 = 16.0;
    p.city.building_density_per_km2 = 380.0;
    p.city.min_height_m = 10.0;
    p.city.max_height_m = 55.0;
    p.city.tall_fraction = 0.15;
    p.city.hill_relief_m = 150.0;
    p.city.facade_reflection = 0.9;
    p.weather_error_low_c = 3.0;
    p.weather_error_high_c = 6.0;
    p.wind_low_mps = 3.0;
    p.wind_high_mps = 8.0;
    p.wind_moves_sound = true;
    p.rain_chance = 0.5;
    p.gunfire_per_min = 2.0;
    p.fireworks_per_min = 1.0;
    p.other_per_min = 6.0;
    p.knocks_per_min = 2.0;
    p.gps_fault_chance = 1.0;
    p.dropout_chance = 0.2;
    p.echoes = 16;
    p.traffic_db = 60.0;
    p.base_utc_ns = utc("2026-10-12T00:00:00Z");
  } else if (name == "hilly") {
    // A hilly city like the recordings Salvo is accepted on: ~150 m of relief across the
    // network, every sensor on a roof (its ground height plus the building's), 12 kHz,
    // sparse enough that a shot is heard by up to about six sensors 60-800 m away, large
    // buildings with strong echoes, mostly single shots or three-round handgun strings.
    p.sensors = 12;
    p.density_per_km2 = 3.5;
    p.city.building_density_per_km2 = 140.0;
    p.city.min_height_m = 8.0;
    p.city.max_height_m = 35.0;
    p.city.tall_fraction = 0.06;
    p.city.hill_relief_m = 190.0; // over the whole city; ~150 m within the network
    p.city.facade_reflection = 0.9;
    p.city.large_fraction = 0.2;
    p.rooftop_fraction = 1.0;
    p.sample_rate_hz = 12000.0;
    p.traffic_db = 54.0;
    p.vehicles_per_minute = 6.0;
    p.gunfire_per_min = 2.0;
    p.min_gunfire = 1;
    p.handgun_1_or_3 = 0.85;
    p.incidents_among_sensors = true;
    p.fireworks_per_min = 0.2;
    p.other_per_min = 3.0;
    p.knocks_per_min = 0.5;
    p.echoes = 16;
    p.base_utc_ns = utc("2026-09-18T00:00:00Z");
  } else {
    throw std::invalid_argument("unknown preset '" + name +
                                "' (quiet, urban, celebration, hard, hilly)");
  }
  return p;
}

int poisson(SimRng &rng, double mean) {
  // Knuth's product of uniforms for small means, a rounded normal for large ones.
  if (mean > 50.0) {
    return std::max(0, static_cast<int>(std::lround(rng.normal(mean, std::sqrt(mean)))));
  }
  const double limit = std::exp(-mean);
  int k = 0;
  double product = rng.uniform();
  while (product > limit) {
    ++k;
    product *= rng.uniform();
  }
  return k;
}

} // namespace

std::vector<std::string> presetNames() {
  return {"quiet", "urban", "celebration", "hard", "hilly"};
}

std::vector<SimSensor> layoutSensors(const SensorLayoutConfig &config, const CityModel &city,
                                     const LocalEnuFrame &frame, SimRng &rng) {
  std::vector<SimSensor> sensors;
  const double spacing = 1000.0 / std::sqrt(config.density_per_km2);
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(config.count))));
  const int rows = (config.count + columns - 1) / columns;
  for (int i = 0; i < config.count; ++i) {
    const int row = i / columns;
    const int column = i % columns;
    Eigen::Vector2d at((column - 0.5 * (columns - 1)) * spacing +
                           rng.uniform(-0.25, 0.25) * spacing,
                       (row - 0.5 * (rows - 1)) * spacing + rng.uniform(-0.25, 0.25) * spacing);
    SimSensor sensor;
    char id[16];
    std::snprintf(id, sizeof id, "S%03d", i + 1);
    sensor.id = id;
    const Building *roof = city.buildingAt(at.x(), at.y());
    if (roof == nullptr && rng.chance(config.rooftop_fraction)) {
      double nearest = spacing * 0.4;
      for (const auto &b : city.buildings()) {
        const double d = std::hypot(b.center_east_m - at.x(), b.center_north_m - at.y());
        if (d < nearest) {
          nearest = d;
          roof = &b;
        }
      }
    }
    if (roof != nullptr) {
      // A 3 m mast 1.5 m in from a roof corner.
      const double cx = (rng.chance(0.5) ? 1.0 : -1.0) * (roof->half_length_m - 1.5);
      const double cy = (rng.chance(0.5) ? 1.0 : -1.0) * (roof->half_width_m - 1.5);
      const double c = std::cos(roof->yaw_rad);
      const double s = std::sin(roof->yaw_rad);
      sensor.enu_m = {roof->center_east_m + cx * c - cy * s, roof->center_north_m + cx * s + cy * c,
                      roof->roof_up_m + 3.0};
      sensor.rooftop = true;
    } else {
      sensor.enu_m = {at.x(), at.y(), city.groundUp_m(at.x(), at.y()) + 5.0};
    }
    sensor.position = frame.toGeodetic(sensor.enu_m);
    sensor.sample_rate_hz = config.sample_rate_hz;
    const double pick = rng.uniform();
    sensor.full_scale_pa = pick < 0.7 ? 200.0 : (pick < 0.8 ? 100.0 : 632.0);
    sensor.clock_error_s = rng.normal(0.0, config.clock_sigma_s);
    sensor.noise_seed = rng.fork();
    sensors.push_back(sensor);
  }
  return sensors;
}

SimScenario buildScenario(const ScenarioRequest &request) {
  const Preset preset = presetFor(request.preset);
  SimRng rng(request.seed * 0x2545F4914F6CDD1DULL + 0x9E37);
  SimScenario scenario;
  const int sensorCount = request.sensors.value_or(preset.sensors);
  const double duration = request.duration_s.value_or(preset.duration_s);
  const double rate = request.sample_rate_hz.value_or(preset.sample_rate_hz);
  if (sensorCount < 1 || sensorCount > 400) {
    throw std::invalid_argument("--sensors must be between 1 and 400");
  }
  if (!(duration >= 1.0 && duration <= 24 * 3600.0)) {
    throw std::invalid_argument("--duration must be between 1 s and 24 h");
  }
  if (!(rate >= 8000.0 && rate <= 48000.0)) {
    throw std::invalid_argument("--rate must be between 8000 and 48000 Hz");
  }
  char name[96];
  std::snprintf(name, sizeof name, "%s-%llu", request.preset.c_str(),
                static_cast<unsigned long long>(request.seed));
  scenario.name = name;
  scenario.duration_s = duration;
  // A hilly city by default (Pittsburgh, ellipsoidal height of its river valley).
  scenario.origin = request.center.value_or(GeodeticPosition{40.4406, -79.9959, 200.0});
  scenario.start_utc_ns =
      preset.base_utc_ns + secondsToNanos(std::floor(rng.uniform(0.0, preset.start_spread_s)));
  // Start on a whole sample of the common true timeline; sub-ns jitter comes from clocks.
  const LocalEnuFrame frame(scenario.origin);

  Weather &weather = scenario.weather;
  weather.temperature_c = rng.uniform(preset.temperature_low_c, preset.temperature_high_c);
  weather.relative_humidity_pct = rng.uniform(35.0, 90.0);
  weather.pressure_kpa = rng.uniform(99.0, 102.5);
  const double wind = rng.uniform(preset.wind_low_mps, preset.wind_high_mps);
  const double windDirection = rng.uniform(0.0, 2.0 * std::numbers::pi);
  if (preset.wind_moves_sound) {
    weather.wind_east_mps = wind * std::cos(windDirection);
    weather.wind_north_mps = wind * std::sin(windDirection);
  }
  if (request.wind_east_mps) {
    weather.wind_east_mps = *request.wind_east_mps;
  }
  if (request.wind_north_mps) {
    weather.wind_north_mps = *request.wind_north_mps;
  }
  const double weatherError = rng.uniform(preset.weather_error_low_c, preset.weather_error_high_c) *
                              (rng.chance(0.5) ? 1.0 : -1.0);
  scenario.reported_temperature_c =
      std::round((weather.temperature_c + weatherError) * 10.0) / 10.0;

  const double spacing = 1000.0 / std::sqrt(preset.density_per_km2);
  const double networkHalf =
      0.5 * spacing * std::ceil(std::sqrt(static_cast<double>(sensorCount))) + spacing * 0.5;
  CityConfig cityConfig = preset.city;
  cityConfig.half_size_m = networkHalf + 300.0;
  scenario.city = CityModel::generate(cityConfig, rng);
  scenario.propagation.max_echoes = preset.echoes;

  SensorLayoutConfig layout;
  layout.count = sensorCount;
  layout.density_per_km2 = preset.density_per_km2;
  layout.sample_rate_hz = rate;
  layout.rooftop_fraction = preset.rooftop_fraction;
  scenario.sensors = layoutSensors(layout, scenario.city, frame, rng);
  const bool raining = rng.chance(preset.rain_chance);
  for (auto &sensor : scenario.sensors) {
    // Rooftops hear less of the street than poles do.
    sensor.noise.traffic_db =
        preset.traffic_db + rng.uniform(-4.0, 4.0) - (sensor.rooftop ? 4.0 : 0.0);
    sensor.noise.vehicles_per_minute = preset.vehicles_per_minute * rng.uniform(0.5, 1.5);
    sensor.noise.wind_mps = wind * rng.uniform(0.7, 1.3) * (sensor.rooftop ? 1.2 : 1.0);
    sensor.noise.rain_mm_per_h = raining ? rng.uniform(1.0, 8.0) : 0.0;
    if (rng.chance(preset.dropout_chance)) {
      const double from = rng.uniform(0.0, duration);
      sensor.dropouts_s.emplace_back(from, std::min(duration, from + rng.uniform(0.2, 3.0)));
    }
  }
  if (rng.chance(preset.gps_fault_chance)) {
    // A sensor that lost GPS lock: its free-running clock is milliseconds off.
    auto &faulty = scenario.sensors[static_cast<std::size_t>(rng.uniformInt(0, sensorCount - 1))];
    faulty.clock_error_s = rng.uniform(0.002, 0.03) * (rng.chance(0.5) ? 1.0 : -1.0);
  }
  // The stamp is an integer of nanoseconds: keep the truth equal to what was written.
  for (auto &sensor : scenario.sensors) {
    sensor.clock_error_s = static_cast<double>(secondsToNanos(sensor.clock_error_s)) * 1e-9;
  }

  // Incidents: Poisson counts, uniform times, over the network and a margin around it.
  EventFactory factory(scenario.city, frame, scenario.start_utc_ns);
  const double minutes = duration / 60.0;
  const double latest = std::max(0.5, duration - 6.0); // leave time for the sound to arrive
  Eigen::Vector2d lowest(-networkHalf, -networkHalf);
  Eigen::Vector2d highest(networkHalf, networkHalf);
  if (preset.incidents_among_sensors) {
    lowest = highest = scenario.sensors.front().enu_m.head<2>();
    for (const SimSensor &sensor : scenario.sensors) {
      lowest = lowest.cwiseMin(sensor.enu_m.head<2>());
      highest = highest.cwiseMax(sensor.enu_m.head<2>());
    }
  }
  auto where = [&]() {
    return factory.openGround(
        rng,
        Eigen::Vector2d(rng.uniform(lowest.x(), highest.x()), rng.uniform(lowest.y(), highest.y())),
        30.0);
  };
  const int gunfire = std::max(preset.min_gunfire, poisson(rng, preset.gunfire_per_min * minutes));
  const int fireworks = poisson(rng, preset.fireworks_per_min * minutes);
  const int others = poisson(rng, preset.other_per_min * minutes);
  const int knocks = poisson(rng, preset.knocks_per_min * minutes);
  // Each incident is drawn once here for its truth event and recorded in the schedule;
  // its emissions are drawn again, identically, when it is rendered. The draws of its
  // time and place are sequenced as they always were: place first, then time.
  auto draw = [&](IncidentKind kind, double time_s, const Eigen::Vector2d &at_m, int detail) {
    ScheduledIncident incident;
    incident.kind = kind;
    incident.time_s = time_s;
    incident.at_m = at_m;
    incident.start_ns = secondsToNanos(time_s);
    incident.first_site = factory.nextSite();
    incident.detail = detail;
    scenario.schedule.add(incident, rng);
    std::optional<TruthEvent> event = runIncident(factory, rng, incident);
    factory.emissions().clear();
    factory.tones().clear();
    if (event) {
      scenario.events.push_back(std::move(*event));
    }
  };
  for (int i = 0; i < gunfire; ++i) {
    if (preset.handgun_1_or_3 > 0.0 && rng.chance(preset.handgun_1_or_3)) {
      const double time_s = rng.uniform(0.5, latest);
      const Eigen::Vector2d at = where();
      const int rounds = rng.chance(0.5) ? 1 : 3;
      draw(IncidentKind::Handgun, time_s, at, rounds);
      continue;
    }
    const Eigen::Vector2d at = where();
    draw(IncidentKind::Gunfire, rng.uniform(0.5, latest), at, 0);
  }
  for (int i = 0; i < fireworks; ++i) {
    const Eigen::Vector2d at = where();
    draw(IncidentKind::Fireworks, rng.uniform(0.5, latest), at, 0);
  }
  for (int i = 0; i < others; ++i) {
    const Eigen::Vector2d at = where();
    draw(IncidentKind::Other, rng.uniform(0.5, latest), at, 0);
  }
  for (int i = 0; i < knocks; ++i) {
    const int sensor = rng.uniformInt(0, sensorCount - 1);
    draw(IncidentKind::HousingKnock, rng.uniform(0.5, duration - 0.5), Eigen::Vector2d::Zero(),
         sensor);
  }
  scenario.schedule.finish();
  std::stable_sort(
      scenario.events.begin(), scenario.events.end(),
      [](const TruthEvent &a, const TruthEvent &b) { return a.time_utc_ns < b.time_utc_ns; });
  // Shots after the recordings end are not in them: the truth lists what can be heard.
  const UtcNs lastHeard = scenario.start_utc_ns + secondsToNanos(duration - 0.5);
  int number = 1;
  for (auto &event : scenario.events) {
    char id[16];
    std::snprintf(id, sizeof id, "E%03d", number++);
    event.id = id;
    std::erase_if(event.shot_times_utc_ns, [&](UtcNs t) { return t > lastHeard; });
    event.shot_times_utc_ns.shrink_to_fit(); // kept for the whole render: no slack
    if (event.subclass != "aerial_shell" && event.subclass != "mortar") {
      event.rounds = static_cast<int>(event.shot_times_utc_ns.size());
    }
  }
  return scenario;
}

} // namespace salvo::sim
