#pragma once

#include "sim/SimRandom.h"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salvo::sim {

// What one drawn incident was, compactly: enough to draw its emissions again later.
enum class IncidentKind : std::uint8_t { Gunfire, Handgun, Fireworks, Other, HousingKnock };

struct ScheduledIncident {
  Eigen::Vector2d at_m = Eigen::Vector2d::Zero(); // ground position (east, north)
  double time_s = 0.0;
  std::int64_t start_ns = 0; // its first emission, after the scenario's start
  std::int32_t first_site = 0;
  std::int32_t detail = 0; // Handgun: rounds; HousingKnock: the sensor's index
  std::uint32_t draws = 0; // decisions drawn between its checkpoint and its own draw
  IncidentKind kind = IncidentKind::Gunfire;
};

// A scenario's incidents, in the order they were drawn, without their pulses: a long
// celebration has hundreds of thousands of pulses, and only the few heard within the
// block being rendered need to exist (EmissionStream expands them when their time comes).
// Each incident's pulses are drawn again from the scenario's generator as it was at the
// incident's first draw, so they come out bit for bit as when the scenario was built. A
// generator is kept every kCheckpointEvery incidents and the draws since it per incident:
// about 220 bytes per incident in all.
class IncidentSchedule {
public:
  // Records `incident`; `rng` is the scenario's generator just before the incident's own
  // draws.
  void add(ScheduledIncident incident, const SimRng &rng);
  // Orders the incidents by their first emission (ties: the order they were drawn in).
  void finish();
  void clear();

  std::size_t size() const { return incidents_.size(); }
  bool empty() const { return incidents_.empty(); }
  const ScheduledIncident &operator[](std::size_t ordinal) const { return incidents_[ordinal]; }
  // Ordinal of the n-th incident in time order (after finish()).
  std::uint32_t inTimeOrder(std::size_t n) const { return byStart_[n]; }
  // The generator as it was just before the incident's own draws.
  SimRng generatorFor(std::size_t ordinal) const;
  std::size_t bytes() const;

  static constexpr std::size_t kCheckpointEvery = 16;

private:
  std::vector<ScheduledIncident> incidents_;
  std::vector<SimRng> checkpoints_;
  std::vector<std::uint32_t> byStart_;
};

} // namespace salvo::sim
