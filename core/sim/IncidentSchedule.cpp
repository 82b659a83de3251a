#include "sim/IncidentSchedule.h"

#include <algorithm>
#include <numeric>

namespace salvo::sim {

void IncidentSchedule::add(ScheduledIncident incident, const SimRng &rng) {
  if (incidents_.size() % kCheckpointEvery == 0) {
    checkpoints_.push_back(rng);
  }
  incident.draws = static_cast<std::uint32_t>(rng.draws() - checkpoints_.back().draws());
  incidents_.push_back(incident);
}

void IncidentSchedule::finish() {
  byStart_.resize(incidents_.size());
  std::iota(byStart_.begin(), byStart_.end(), 0U);
  std::stable_sort(byStart_.begin(), byStart_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return incidents_[a].start_ns < incidents_[b].start_ns;
  });
}

void IncidentSchedule::clear() {
  incidents_.clear();
  checkpoints_.clear();
  byStart_.clear();
}

SimRng IncidentSchedule::generatorFor(std::size_t ordinal) const {
  SimRng rng = checkpoints_.at(ordinal / kCheckpointEvery);
  rng.discard(incidents_.at(ordinal).draws);
  return rng;
}

std::size_t IncidentSchedule::bytes() const {
  return incidents_.capacity() * sizeof(ScheduledIncident) +
         checkpoints_.capacity() * sizeof(SimRng) + byStart_.capacity() * sizeof(std::uint32_t);
}

} // namespace salvo::sim
