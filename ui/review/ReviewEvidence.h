#pragma once

#include "geo/Wgs84.h"
#include "store/Database.h"
#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace salvo {

// What the review panel shows of one stored incident, in two steps so the database
// is only touched on its own (GUI) thread:
//   1. readEvidenceBlobs(): the incident row, its clips' FLAC bytes (checked against
//      their SHA-256) and the sensors' positions. Quick: a few BLOB reads.
//   2. decodeEvidence(): any thread; FLAC decoding, predicted arrivals and pulse picks.
struct EvidenceBlob {
  EvidenceClipInfo clip;
  std::vector<std::uint8_t> flac;
  GeodeticPosition sensor_position;
  double full_scale_pa = 1.0;
};

struct EvidenceBlobs {
  StoredIncident incident;
  std::vector<EvidenceBlob> clips;
  std::vector<std::string> problems; // clips that could not be read, by sensor
};

// Throws StoreError / InputError when the incident row does not exist.
EvidenceBlobs readEvidenceBlobs(Database &database, std::int64_t incidentRowId);

struct ReviewSensorClip {
  std::string sensor;
  GeodeticPosition position;
  double distance_m = 0.0;
  UtcNs start_utc_ns = 0; // of the clip's first sample
  double sample_rate_hz = 0.0;
  std::vector<float> samples;
  // Where every shot of the incident should arrive here, from its located position
  // and the speed of sound: the first one is what the views align on.
  std::vector<UtcNs> predicted_arrivals_utc_ns;
  // Onsets the impulse detector picks in the clip itself: the pulse markers.
  std::vector<UtcNs> picked_onsets_utc_ns;

  UtcNs alignmentTime_utc_ns() const;
  // Seconds from the alignment time to `time`.
  double alignedSeconds(UtcNs time_utc_ns) const;
  double alignedStart_s() const { return alignedSeconds(start_utc_ns); }
};

struct ReviewEvidence {
  StoredIncident incident;
  double speed_of_sound_mps = 343.0;
  std::vector<ReviewSensorClip> sensors; // ordered by distance from the incident
  std::vector<std::string> problems;
};

// The speed of sound the clips were cut with: EvidenceStore starts each clip
// kEvidenceBefore_ns before the first shot arrives, so each clip not cut at its
// recording's start gives one estimate; their median, or 343 m/s (20 °C) without any.
double speedOfSoundFromClips(const EvidenceBlobs &blobs);

ReviewEvidence decodeEvidence(const EvidenceBlobs &blobs);

} // namespace salvo
