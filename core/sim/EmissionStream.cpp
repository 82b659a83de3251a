#include "sim/EmissionStream.h"

#include <algorithm>

namespace salvo::sim {

bool EmissionStream::Later::operator()(const Pending &a, const Pending &b) const {
  if (a.offset_ns != b.offset_ns) {
    return a.offset_ns > b.offset_ns;
  }
  if (a.ordinal != b.ordinal) {
    return a.ordinal > b.ordinal;
  }
  return a.index > b.index;
}

EmissionStream::EmissionStream(const SimScenario &scenario)
    : scenario_(scenario), frame_(scenario.origin),
      factory_(scenario.city, frame_, scenario.start_utc_ns) {}

int EmissionStream::addReader() {
  readers_.push_back(Reader{windowStart_, tonesStart_});
  return static_cast<int>(readers_.size()) - 1;
}

void EmissionStream::expandIncident(std::uint32_t ordinal) {
  SimRng rng = scenario_.schedule.generatorFor(ordinal);
  runIncident(factory_, rng, scenario_.schedule[ordinal]);
  factory_.takeSources(emissionScratch_, toneScratch_);
  for (std::size_t i = 0; i < emissionScratch_.size(); ++i) {
    Emission &emission = emissionScratch_[i];
    const std::int64_t offset = emission.offset_ns;
    pending_.push(Pending{offset, ordinal, static_cast<std::uint32_t>(i), std::move(emission)});
  }
  for (auto &tone : toneScratch_) {
    tones_.push_back(tone);
  }
  emissionScratch_.clear();
  toneScratch_.clear();
}

bool EmissionStream::finalizeNext() {
  const IncidentSchedule &schedule = scenario_.schedule;
  // Every incident that begins no later than the earliest pending emission may still add
  // an earlier one (or an equal one drawn before it): expand them first.
  while (nextIncident_ < schedule.size()) {
    const std::uint32_t ordinal = schedule.inTimeOrder(nextIncident_);
    if (!pending_.empty() && schedule[ordinal].start_ns > pending_.top().offset_ns) {
      break;
    }
    ++nextIncident_;
    expandIncident(ordinal);
  }
  if (pending_.empty()) {
    return false;
  }
  // The heap's top is const; its emission is moved out just before the pop drops it.
  window_.push_back(std::move(const_cast<Pending &>(pending_.top()).emission));
  pending_.pop();
  peakHeld_ = std::max(peakHeld_, window_.size() + pending_.size());
  return true;
}

const Emission *EmissionStream::peek(int reader, std::uint64_t &sequence) {
  sequence = readers_[static_cast<std::size_t>(reader)].emission;
  while (sequence >= windowStart_ + window_.size()) {
    if (!finalizeNext()) {
      return nullptr;
    }
  }
  return &window_[static_cast<std::size_t>(sequence - windowStart_)];
}

const ToneEmission *EmissionStream::nextTone(int reader) {
  Reader &state = readers_[static_cast<std::size_t>(reader)];
  if (state.tone >= tonesStart_ + tones_.size()) {
    return nullptr;
  }
  return &tones_[static_cast<std::size_t>(state.tone++ - tonesStart_)];
}

void EmissionStream::trim() {
  if (readers_.empty()) {
    return;
  }
  std::uint64_t emission = readers_.front().emission;
  std::uint64_t tone = readers_.front().tone;
  for (const Reader &state : readers_) {
    emission = std::min(emission, state.emission);
    tone = std::min(tone, state.tone);
  }
  while (windowStart_ < emission && !window_.empty()) {
    window_.pop_front();
    ++windowStart_;
  }
  while (tonesStart_ < tone && !tones_.empty()) {
    tones_.pop_front();
    ++tonesStart_;
  }
}

} // namespace salvo::sim
