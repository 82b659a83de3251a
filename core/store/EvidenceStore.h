#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "store/Canonical.h"
#include "store/Database.h"
#include "time/UtcTime.h"

#include <QTemporaryDir>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salvo {

// What a sensor heard around an incident: from 1 s before the first shot could arrive
// there to 2 s after the last could, at the speed of sound of the day.
struct EvidenceWindow {
  UtcNs start_utc_ns = 0;
  UtcNs end_utc_ns = 0;
};
inline constexpr std::int64_t kEvidenceBefore_ns = 1'000'000'000;
inline constexpr std::int64_t kEvidenceAfter_ns = 2'000'000'000;

double speedOfSoundInAir_mps(double temperature_c); // 331.3 √(1 + T/273.15)
EvidenceWindow evidenceWindow(const Incident &incident, const GeodeticPosition &sensor,
                              double speedOfSound_mps);

struct EvidenceClipInfo {
  std::int64_t id = 0;
  std::int64_t incident = 0;
  std::string sensor;
  UtcNs start_utc_ns = 0;
  double sample_rate_hz = 0.0;
  std::int64_t frames = 0;
  std::string source_file;
  std::int64_t source_first_frame = 0;
  std::string encoding; // "FLAC 16-bit"
  std::int64_t flac_bytes = 0;
  Sha256 sha256{};
};

// Sensor audio kept as evidence: FLAC 16-bit bytes in a BLOB with their SHA-256, the
// source file and frame it was cut from, audited. Encoding goes through
// AudioFileWriter into a private temporary folder that is removed afterwards.
class EvidenceStore {
public:
  EvidenceStore(Database &database, std::string actor);
  ~EvidenceStore();

  // Inside the caller's transaction. Returns the clip's row id.
  std::int64_t storeClipInTransaction(std::int64_t incidentRowId, const std::string &sensorId,
                                      UtcNs start_utc_ns, double sampleRate_hz,
                                      std::span<const float> samples, const std::string &sourceFile,
                                      std::int64_t sourceFirstFrame);

  // Cuts the evidence window out of one sensor's recording and stores it; nothing when
  // the recording does not cover the window at all.
  std::optional<std::int64_t> storeRecordingClipInTransaction(std::int64_t incidentRowId,
                                                              const Incident &incident,
                                                              const SensorRecording &recording,
                                                              double speedOfSound_mps);

  std::vector<EvidenceClipInfo> clipsOf(std::int64_t incidentRowId);
  // The FLAC bytes, after checking them against the stored SHA-256: a clip altered in
  // the file throws StoreError instead of being handed out as evidence.
  std::vector<std::uint8_t> clipFlac(std::int64_t clipId);

private:
  Database &database_;
  std::string actor_;
  std::unique_ptr<QTemporaryDir> scratch_;
  int scratchCounter_ = 0;
};

} // namespace salvo
