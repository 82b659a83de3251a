#include "sim/SimScenario.h"

namespace salvo::sim {

ScenarioTruth SimScenario::truth() const {
  ScenarioTruth truth;
  truth.temperature_c = weather.temperature_c;
  truth.speed_of_sound_mps = speedOfSound_mps();
  truth.events = events;
  const LocalEnuFrame frame(origin);
  for (const auto &sensor : sensors) {
    TruthSensor entry;
    entry.id = sensor.id;
    entry.clock_error_s = sensor.clock_error_s;
    // No line of sight: the direct path to most events is blocked.
    int blocked = 0;
    for (const auto &event : events) {
      if (city.obstruction(frame.toEnu(event.position), sensor.enu_m).blocked) {
        ++blocked;
      }
    }
    entry.nlos = !events.empty() && 2 * blocked > static_cast<int>(events.size());
    truth.sensors.push_back(entry);
  }
  return truth;
}

} // namespace salvo::sim
