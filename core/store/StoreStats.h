#pragma once

#include "time/UtcTime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace salvo {

class Database;

struct StoreStats {
  int schema_version = 0;
  std::int64_t file_bytes = 0; // pages in use × page size (after a checkpoint)
  std::int64_t incidents = 0;
  std::map<std::string, std::int64_t> incidents_by_status;
  std::map<std::string, std::int64_t> incidents_by_class;
  std::optional<UtcNs> first_incident_utc_ns;
  std::optional<UtcNs> last_incident_utc_ns;
  std::int64_t shots = 0;
  std::int64_t sensors = 0;
  std::int64_t sensor_health_samples = 0;
  std::int64_t pulses = 0;
  std::int64_t evidence_clips = 0;
  std::int64_t evidence_flac_bytes = 0;
  std::int64_t evidence_wav16_bytes = 0; // the same clips as 16-bit mono WAV
  std::int64_t reviews = 0;
  std::int64_t dispatches = 0;
  std::int64_t users = 0;
  std::int64_t audit_records = 0;
};

StoreStats computeStoreStats(Database &database);

} // namespace salvo
