#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace salvo {

class Database;
class EvidenceStore;
class IncidentStore;
class LiveAudioHistory;

// Writes the desk's live incidents to its store: the network's sensors once, then each
// incident (row, shots, sensors, index, audit) in its own transaction, with evidence
// clips cut from the sensors' recordings when the source has files (a replay), else from
// the live audio kept in a LiveAudioHistory (the demo city, a sound card).
// One thread at a time; the desk uses it on the pipeline's association thread only.
class DeskIncidentRecorder {
public:
  // Opens (creating and migrating) the store; throws StoreError/InputError.
  DeskIncidentRecorder(const std::filesystem::path &database, const ScenarioManifest &manifest,
                       std::string source, std::vector<SensorRecording> recordings = {},
                       std::shared_ptr<const LiveAudioHistory> liveAudio = {});
  ~DeskIncidentRecorder();

  // The incident's row id.
  std::int64_t record(const Incident &incident);

private:
  void storeLiveClip(std::int64_t rowId, const Incident &incident, const std::string &sensor);

  std::unique_ptr<Database> database_;
  std::unique_ptr<IncidentStore> incidents_;
  std::unique_ptr<EvidenceStore> evidence_;
  std::string source_;
  std::vector<SensorRecording> recordings_;
  std::shared_ptr<const LiveAudioHistory> liveAudio_;
  ScenarioManifest manifest_;
  double speedOfSound_mps_ = 343.0;
};

} // namespace salvo
