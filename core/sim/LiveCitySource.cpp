#include "sim/LiveCitySource.h"

#include "sim/ScenarioWriter.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace salvo::sim {
namespace {
constexpr double kPlanAhead_s = 1.0;
}

LiveCitySource::LiveCitySource(const LiveCityConfig &config)
    : config_(config), rng_(config.city.seed ^ 0x1D1CE5EEDULL) {
  ScenarioRequest request = config.city;
  request.duration_s = 10.0; // the city, sensors and air only; incidents come live
  scenario_ = std::make_unique<SimScenario>(buildScenario(request));
  scenario_->emissions.clear();
  scenario_->tones.clear();
  scenario_->schedule.clear();
  scenario_->events.clear();
  scenario_->duration_s = 1e12;
  double half = 0.0;
  for (auto &sensor : scenario_->sensors) {
    sensor.dropouts_s.clear();
    half = std::max({half, std::abs(sensor.enu_m.x()), std::abs(sensor.enu_m.y())});
  }
  networkHalf_m_ = half + 100.0;
  frame_ = std::make_unique<LocalEnuFrame>(scenario_->origin);
  factory_ = std::make_unique<EventFactory>(scenario_->city, *frame_, scenario_->start_utc_ns);
  for (std::size_t i = 0; i < scenario_->sensors.size(); ++i) {
    renderers_.push_back(std::make_unique<SensorRenderer>(*scenario_, i));
  }
  wallStart_ = std::chrono::steady_clock::now();
}

LiveCitySource::~LiveCitySource() = default;

ScenarioManifest LiveCitySource::manifest() const {
  return scenarioManifest(*scenario_);
}

double LiveCitySource::time_s() const {
  return static_cast<double>(frames_) / scenario_->sensors.front().sample_rate_hz;
}

void LiveCitySource::schedule(const ScriptedIncident &incident) {
  const std::lock_guard lock(mutex_);
  script_.push_back(incident);
}

void LiveCitySource::setSurge(bool on) {
  const std::lock_guard lock(mutex_);
  surge_ = on;
}

std::vector<TruthEvent> LiveCitySource::takeStartedEvents() {
  const std::lock_guard lock(mutex_);
  std::vector<TruthEvent> events;
  events.swap(started_);
  return events;
}

TruthEvent LiveCitySource::play(SimRng &rng, const ScriptedIncident &incident) {
  const Eigen::Vector2d at =
      incident.at_m
          ? factory_->openGround(rng, *incident.at_m, 5.0)
          : factory_->openGround(rng,
                                 Eigen::Vector2d(rng.uniform(-networkHalf_m_, networkHalf_m_),
                                                 rng.uniform(-networkHalf_m_, networkHalf_m_)),
                                 30.0);
  const double t = incident.time_s;
  const std::string &kind = incident.kind;
  auto rounds = [&](int usual) { return incident.rounds > 0 ? incident.rounds : usual; };
  if (kind == "gunfire") {
    return incident.rounds > 0
               ? factory_->gunfire(rng, t, at, WeaponClass::Handgun, incident.rounds, false)
               : factory_->randomGunfire(rng, t, at);
  }
  if (kind == "handgun") {
    return factory_->gunfire(rng, t, at, WeaponClass::Handgun, rounds(rng.uniformInt(1, 8)), false);
  }
  if (kind == "rifle") {
    return factory_->gunfire(rng, t, at, WeaponClass::Rifle, rounds(rng.uniformInt(5, 20)), true);
  }
  if (kind == "shotgun") {
    return factory_->gunfire(rng, t, at, WeaponClass::Shotgun, rounds(rng.uniformInt(1, 4)), false);
  }
  if (kind == "fireworks") {
    return factory_->randomFireworks(rng, t, at);
  }
  if (kind == "firecrackers") {
    return factory_->firecrackers(rng, t, at);
  }
  if (kind == "aerial_shell") {
    return factory_->aerialShell(rng, t, at);
  }
  if (kind == "mortar") {
    return factory_->mortarBattery(rng, t, at);
  }
  if (kind == "other") {
    return factory_->randomOther(rng, t, at);
  }
  return factory_->other(rng, t, at, kind);
}

void LiveCitySource::planUntil(double horizon_s) {
  std::vector<ScriptedIncident> due;
  bool surge = false;
  {
    const std::lock_guard lock(mutex_);
    surge = surge_;
    auto late =
        std::stable_partition(script_.begin(), script_.end(),
                              [&](const ScriptedIncident &i) { return i.time_s >= horizon_s; });
    due.assign(late, script_.end());
    script_.erase(late, script_.end());
  }
  std::vector<TruthEvent> started;
  for (auto incident : due) {
    incident.time_s = std::max(incident.time_s, planned_s_);
    started.push_back(play(rng_, incident));
  }
  if (config_.random_incidents) {
    const double span_s = horizon_s - planned_s_;
    const double fireworks = config_.fireworks_per_hour * (surge ? config_.surge_factor : 1.0);
    const std::pair<const char *, double> rates[] = {{"gunfire", config_.gunfire_per_hour},
                                                     {"fireworks", fireworks},
                                                     {"other", config_.other_per_hour}};
    for (const auto &[kind, perHour] : rates) {
      // Poisson arrivals: at most a handful in one planning step.
      double t = planned_s_ + rng_.exponential(3600.0 / std::max(perHour, 1e-9));
      while (t < planned_s_ + span_s) {
        started.push_back(play(rng_, ScriptedIncident{t, kind, std::nullopt, 0}));
        t += rng_.exponential(3600.0 / std::max(perHour, 1e-9));
      }
    }
    double knock = planned_s_ + rng_.exponential(3600.0 / std::max(config_.knocks_per_hour, 1e-9));
    while (knock < horizon_s) {
      factory_->housingKnock(rng_, knock, rng_.uniformInt(0, static_cast<int>(sensorCount()) - 1));
      knock += rng_.exponential(3600.0 / std::max(config_.knocks_per_hour, 1e-9));
    }
  }
  planned_s_ = horizon_s;
  std::vector<Emission> emissions;
  std::vector<ToneEmission> tones;
  factory_->takeSources(emissions, tones);
  for (auto &renderer : renderers_) {
    for (const auto &emission : emissions) {
      renderer->addEmission(emission);
    }
    for (const auto &tone : tones) {
      renderer->addTone(tone);
    }
  }
  if (!started.empty()) {
    const std::lock_guard lock(mutex_);
    started_.insert(started_.end(), started.begin(), started.end());
  }
}

void LiveCitySource::nextBlock(std::vector<std::vector<float>> &out) {
  const double rate = scenario_->sensors.front().sample_rate_hz;
  const double blockEnd_s =
      static_cast<double>(frames_ + static_cast<std::int64_t>(config_.block_frames)) / rate;
  if (planned_s_ < blockEnd_s + kPlanAhead_s) {
    planUntil(blockEnd_s + 2.0 * kPlanAhead_s);
  }
  out.resize(renderers_.size());
  for (std::size_t i = 0; i < renderers_.size(); ++i) {
    out[i].resize(config_.block_frames);
    renderers_[i]->render(out[i]);
  }
  frames_ += static_cast<std::int64_t>(config_.block_frames);
  if (config_.real_time) {
    std::this_thread::sleep_until(wallStart_ + std::chrono::nanoseconds(secondsToNanos(time_s())));
  }
}

} // namespace salvo::sim
