#pragma once

#include "geo/LocalEnuFrame.h"
#include "sim/SimEvents.h"
#include "sim/SimScenario.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

namespace salvo::sim {

// A scenario's scheduled incidents as one stream of emissions in time order (ties: the
// order they were drawn in, the same order as sorting them all up front), expanded from
// the schedule only as readers reach them and dropped once every reader has passed them.
// The sensors' renderers read it side by side, each at its own pace; what it holds is the
// emissions between the slowest and the fastest reader plus the rest of the incidents
// already begun, whatever the scenario's length.
class EmissionStream {
public:
  explicit EmissionStream(const SimScenario &scenario);

  int addReader();
  // The reader's next emission (nullptr after the last); valid until the next call to
  // next() or trim(). `sequence` gets its number in the whole stream.
  const Emission *peek(int reader, std::uint64_t &sequence);
  void take(int reader) { ++readers_[static_cast<std::size_t>(reader)].emission; }
  // The tones of the incidents expanded so far that the reader has not had yet, in the
  // order their incidents began; nullptr when there are none.
  const ToneEmission *nextTone(int reader);
  // Drops what every reader has passed.
  void trim();

  // High-water marks: emissions held at once, and incidents expanded.
  std::size_t peakHeldEmissions() const { return peakHeld_; }
  std::size_t expandedIncidents() const { return nextIncident_; }

private:
  struct Reader {
    std::uint64_t emission = 0;
    std::uint64_t tone = 0;
  };
  struct Pending {
    std::int64_t offset_ns = 0;
    std::uint32_t ordinal = 0; // incident, in drawing order
    std::uint32_t index = 0;   // within the incident's time-ordered emissions
    Emission emission;
  };
  struct Later {
    bool operator()(const Pending &a, const Pending &b) const;
  };
  bool finalizeNext();
  void expandIncident(std::uint32_t ordinal);

  const SimScenario &scenario_;
  LocalEnuFrame frame_;
  EventFactory factory_;
  std::size_t nextIncident_ = 0; // in time order
  std::priority_queue<Pending, std::vector<Pending>, Later> pending_;
  std::deque<Emission> window_; // final order, from windowStart_ on
  std::uint64_t windowStart_ = 0;
  std::deque<ToneEmission> tones_;
  std::uint64_t tonesStart_ = 0;
  std::vector<Reader> readers_;
  std::vector<Emission> emissionScratch_;
  std::vector<ToneEmission> toneScratch_;
  std::size_t peakHeld_ = 0;
};

} // namespace salvo::sim
