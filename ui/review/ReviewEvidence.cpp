#include "ReviewEvidence.h"

#include "audio/AudioFile.h"
#include "detect/ImpulseDetector.h"
#include "store/StoreError.h"

#include <QTemporaryDir>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace salvo {

namespace {

constexpr double kDefaultSpeedOfSound_mps = 343.0;

std::vector<float> decodeFlac(const std::vector<std::uint8_t> &flac, const QTemporaryDir &dir,
                              std::int64_t clipId) {
  // libsndfile reads files; the clip goes through a private temporary file.
  const std::filesystem::path path =
      dir.filePath(QStringLiteral("clip-%1.flac").arg(clipId)).toStdString();
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(flac.data()),
              static_cast<std::streamsize>(flac.size()));
  }
  std::vector<float> samples = readAudioFile(path);
  std::filesystem::remove(path);
  return samples;
}

std::vector<UtcNs> pickOnsets(const ReviewSensorClip &sensor, double fullScale_pa) {
  std::vector<Pulse> pulses;
  ImpulseDetector detector({}, 0, sensor.sample_rate_hz, fullScale_pa, sensor.start_utc_ns);
  detector.process(sensor.samples, pulses);
  detector.finish(pulses);
  std::vector<UtcNs> onsets;
  for (const Pulse &pulse : pulses) {
    if (!pulse.likely_echo) {
      onsets.push_back(pulse.onset_utc_ns);
    }
  }
  return onsets;
}

} // namespace

UtcNs ReviewSensorClip::alignmentTime_utc_ns() const {
  return predicted_arrivals_utc_ns.empty() ? start_utc_ns : predicted_arrivals_utc_ns.front();
}

double ReviewSensorClip::alignedSeconds(UtcNs time_utc_ns) const {
  return nanosToSeconds(time_utc_ns - alignmentTime_utc_ns());
}

EvidenceBlobs readEvidenceBlobs(Database &database, std::int64_t incidentRowId) {
  EvidenceBlobs blobs;
  IncidentStore incidents(database, "review");
  std::optional<StoredIncident> incident = incidents.find(incidentRowId);
  if (!incident) {
    throw StoreError(database.path().string(),
                     "incident row " + std::to_string(incidentRowId) + " is not in the store");
  }
  blobs.incident = std::move(*incident);
  EvidenceStore evidence(database, "review");
  Statement sensor(database, "SELECT lat, lon, alt_m, full_scale_pa FROM sensors "
                             "WHERE sensor_id = ?");
  for (EvidenceClipInfo &clip : evidence.clipsOf(incidentRowId)) {
    EvidenceBlob blob;
    sensor.reset();
    sensor.bind(1, clip.sensor);
    if (!sensor.step()) {
      blobs.problems.push_back(clip.sensor + ": sensor is not in the store");
      continue;
    }
    blob.sensor_position = {sensor.columnDouble(0), sensor.columnDouble(1), sensor.columnDouble(2)};
    blob.full_scale_pa = sensor.columnDouble(3);
    try {
      blob.flac = evidence.clipFlac(clip.id);
    } catch (const std::exception &error) {
      blobs.problems.push_back(clip.sensor + ": " + error.what());
      continue;
    }
    blob.clip = std::move(clip);
    blobs.clips.push_back(std::move(blob));
  }
  return blobs;
}

double speedOfSoundFromClips(const EvidenceBlobs &blobs) {
  const Incident &incident = blobs.incident.incident;
  if (incident.shots.empty()) {
    return kDefaultSpeedOfSound_mps;
  }
  std::vector<double> estimates;
  for (const EvidenceBlob &blob : blobs.clips) {
    if (blob.clip.source_first_frame == 0) {
      continue; // cut at the recording's start: the window was clamped
    }
    const double travel_s = nanosToSeconds(blob.clip.start_utc_ns + kEvidenceBefore_ns -
                                           incident.shots.front().time_utc_ns);
    const double distance_m = slantDistance_m(incident.position, blob.sensor_position);
    if (travel_s > 0.0) {
      const double c = distance_m / travel_s;
      if (c > 300.0 && c < 380.0) { // air between -50 °C and +70 °C
        estimates.push_back(c);
      }
    }
  }
  if (estimates.empty()) {
    return kDefaultSpeedOfSound_mps;
  }
  std::nth_element(estimates.begin(), estimates.begin() + estimates.size() / 2, estimates.end());
  return estimates[estimates.size() / 2];
}

ReviewEvidence decodeEvidence(const EvidenceBlobs &blobs) {
  ReviewEvidence result;
  result.incident = blobs.incident;
  result.problems = blobs.problems;
  result.speed_of_sound_mps = speedOfSoundFromClips(blobs);
  const QTemporaryDir scratch;
  for (const EvidenceBlob &blob : blobs.clips) {
    ReviewSensorClip sensor;
    sensor.sensor = blob.clip.sensor;
    sensor.position = blob.sensor_position;
    sensor.distance_m = slantDistance_m(blobs.incident.incident.position, blob.sensor_position);
    sensor.start_utc_ns = blob.clip.start_utc_ns;
    sensor.sample_rate_hz = blob.clip.sample_rate_hz;
    try {
      sensor.samples = decodeFlac(blob.flac, scratch, blob.clip.id);
    } catch (const std::exception &error) {
      result.problems.push_back(blob.clip.sensor + ": " + error.what());
      continue;
    }
    const std::int64_t travel_ns = secondsToNanos(sensor.distance_m / result.speed_of_sound_mps);
    for (const IncidentShot &shot : blobs.incident.incident.shots) {
      sensor.predicted_arrivals_utc_ns.push_back(shot.time_utc_ns + travel_ns);
    }
    try {
      sensor.picked_onsets_utc_ns = pickOnsets(sensor, blob.full_scale_pa);
    } catch (const std::invalid_argument &error) {
      result.problems.push_back(blob.clip.sensor + ": no pulse picks: " + error.what());
    }
    result.sensors.push_back(std::move(sensor));
  }
  std::sort(result.sensors.begin(), result.sensors.end(),
            [](const ReviewSensorClip &a, const ReviewSensorClip &b) {
              return a.distance_m < b.distance_m;
            });
  return result;
}

} // namespace salvo
