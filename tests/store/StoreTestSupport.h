#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "store/Database.h"
#include "store/SensorStore.h"

#include <QString>

#include <random>
#include <string>
#include <vector>

namespace salvo::storetest {

// A city-sized network: sensors S001..S008 around Chicago's Loop.
inline void addSensors(Database &database, int count = 8) {
  SensorStore sensors(database, "test");
  Transaction transaction(database);
  for (int i = 1; i <= count; ++i) {
    SensorSpec spec;
    spec.id = QStringLiteral("S%1").arg(i, 3, 10, QLatin1Char('0')).toStdString();
    spec.position = {41.87 + 0.002 * i, -87.63 - 0.002 * i, 190.0};
    spec.sample_rate_hz = 16000.0;
    spec.full_scale_pa = 200.0;
    sensors.upsertInTransaction(spec);
  }
  transaction.commit();
}

// A plausible incident inside ~30 × 30 km and one day from 2026-07-05.
inline Incident randomIncident(std::mt19937_64 &random, int number) {
  std::uniform_real_distribution<double> lat(41.70, 41.98);
  std::uniform_real_distribution<double> lon(-87.85, -87.50);
  std::uniform_int_distribution<std::int64_t> time(0, 86'400'000'000'000);
  std::uniform_int_distribution<int> rounds(1, 6);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Incident incident;
  incident.id = QStringLiteral("I%1").arg(number, 6, 10, QLatin1Char('0')).toStdString();
  incident.time_utc_ns = 1'783'209'600'000'000'000 + time(random);
  incident.position = {lat(random), lon(random), 180.0 + 20.0 * unit(random)};
  incident.horizontal_error_m = 5.0 + 20.0 * unit(random);
  const double pick = unit(random);
  incident.incidentClass = pick < 0.6   ? IncidentClass::Gunfire
                           : pick < 0.9 ? IncidentClass::Fireworks
                                        : IncidentClass::Other;
  incident.confidence = unit(random);
  incident.rounds = rounds(random);
  for (int shot = 0; shot < incident.rounds; ++shot) {
    incident.shots.push_back({incident.time_utc_ns + shot * 80'000'000LL});
  }
  incident.sensors = {"S001", "S003", "S005", "S007"};
  return incident;
}

} // namespace salvo::storetest
