#include "store/EvidenceStore.h"

#include "audio/AudioFile.h"
#include "store/AuditLog.h"
#include "store/StoreError.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace salvo {
namespace {

std::vector<std::uint8_t> readBytes(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), {}, {}, "cannot read the encoded evidence clip");
  }
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

} // namespace

double speedOfSoundInAir_mps(double temperature_c) {
  return 331.3 * std::sqrt(1.0 + temperature_c / 273.15);
}

EvidenceWindow evidenceWindow(const Incident &incident, const GeodeticPosition &sensor,
                              double speedOfSound_mps) {
  const double travel_s = slantDistance_m(incident.position, sensor) / speedOfSound_mps;
  UtcNs first = incident.time_utc_ns;
  UtcNs last = incident.time_utc_ns;
  for (const IncidentShot &shot : incident.shots) {
    first = std::min(first, shot.time_utc_ns);
    last = std::max(last, shot.time_utc_ns);
  }
  const std::int64_t travel_ns = secondsToNanos(travel_s);
  return {first + travel_ns - kEvidenceBefore_ns, last + travel_ns + kEvidenceAfter_ns};
}

EvidenceStore::EvidenceStore(Database &database, std::string actor)
    : database_(database), actor_(std::move(actor)) {}

EvidenceStore::~EvidenceStore() = default;

std::int64_t EvidenceStore::storeClipInTransaction(std::int64_t incidentRowId,
                                                   const std::string &sensorId, UtcNs start_utc_ns,
                                                   double sampleRate_hz,
                                                   std::span<const float> samples,
                                                   const std::string &sourceFile,
                                                   std::int64_t sourceFirstFrame) {
  const std::string item =
      "evidence of incident " + std::to_string(incidentRowId) + " from sensor " + sensorId;
  if (samples.empty()) {
    throw InputError(database_.fileName(), item, "samples", "is empty");
  }
  if (!scratch_) {
    scratch_ = std::make_unique<QTemporaryDir>();
    if (!scratch_->isValid()) {
      throw StoreError(database_.fileName(), item, {},
                       "cannot create a temporary folder to encode FLAC");
    }
  }
  const std::filesystem::path flacPath =
      scratch_->filePath(QStringLiteral("clip-%1.flac").arg(++scratchCounter_)).toStdString();
  writeAudioFile(flacPath, samples, sampleRate_hz, AudioContainer::Flac, AudioEncoding::Pcm16);
  const std::vector<std::uint8_t> flac = readBytes(flacPath);
  std::filesystem::remove(flacPath);
  const Sha256 digest = sha256(flac);

  Statement insert(database_,
                   "INSERT INTO evidence_clips (incident, sensor, start_utc_ns, sample_rate_hz, "
                   "frames, source_file, source_first_frame, encoding, flac, sha256) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, 'FLAC 16-bit', ?, ?)");
  insert.bind(1, incidentRowId).bind(2, sensorId).bind(3, start_utc_ns).bind(4, sampleRate_hz);
  insert.bind(5, static_cast<std::int64_t>(samples.size())).bind(6, sourceFile);
  insert.bind(7, sourceFirstFrame).bindBlob(8, flac).bindBlob(9, digest);
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(actor_, "insert", "evidence_clip", id);
  return id;
}

std::optional<std::int64_t>
EvidenceStore::storeRecordingClipInTransaction(std::int64_t incidentRowId, const Incident &incident,
                                               const SensorRecording &recording,
                                               double speedOfSound_mps) {
  const EvidenceWindow window = evidenceWindow(incident, recording.spec.position, speedOfSound_mps);
  const double rate_hz = recording.spec.sample_rate_hz;
  auto frameAt = [&](UtcNs time_utc_ns) {
    return static_cast<std::int64_t>(
        std::llround(nanosToSeconds(time_utc_ns - recording.spec.start_utc_ns) * rate_hz));
  };
  const std::int64_t first =
      std::clamp<std::int64_t>(frameAt(window.start_utc_ns), 0, recording.frames);
  const std::int64_t end =
      std::clamp<std::int64_t>(frameAt(window.end_utc_ns), 0, recording.frames);
  if (end <= first) {
    return std::nullopt;
  }
  AudioFileReader reader(recording.audio_path);
  reader.seek(first);
  std::vector<float> samples(static_cast<std::size_t>(end - first));
  samples.resize(reader.read(samples));
  if (samples.empty()) {
    return std::nullopt;
  }
  const UtcNs start_utc_ns =
      recording.spec.start_utc_ns + secondsToNanos(static_cast<double>(first) / rate_hz);
  return storeClipInTransaction(incidentRowId, recording.spec.id, start_utc_ns, rate_hz, samples,
                                recording.audio_path.string(), first);
}

std::vector<EvidenceClipInfo> EvidenceStore::clipsOf(std::int64_t incidentRowId) {
  Statement rows(database_, "SELECT id, incident, sensor, start_utc_ns, sample_rate_hz, frames, "
                            "source_file, source_first_frame, encoding, length(flac), sha256 "
                            "FROM evidence_clips WHERE incident = ? ORDER BY sensor");
  rows.bind(1, incidentRowId);
  std::vector<EvidenceClipInfo> clips;
  while (rows.step()) {
    EvidenceClipInfo clip;
    clip.id = rows.columnInt64(0);
    clip.incident = rows.columnInt64(1);
    clip.sensor = rows.columnText(2);
    clip.start_utc_ns = rows.columnInt64(3);
    clip.sample_rate_hz = rows.columnDouble(4);
    clip.frames = rows.columnInt64(5);
    clip.source_file = rows.columnText(6);
    clip.source_first_frame = rows.columnInt64(7);
    clip.encoding = rows.columnText(8);
    clip.flac_bytes = rows.columnInt64(9);
    const std::vector<std::uint8_t> digest = rows.columnBlob(10);
    if (digest.size() == clip.sha256.size()) {
      std::copy(digest.begin(), digest.end(), clip.sha256.begin());
    }
    clips.push_back(std::move(clip));
  }
  return clips;
}

std::vector<std::uint8_t> EvidenceStore::clipFlac(std::int64_t clipId) {
  Statement row(database_, "SELECT flac, sha256 FROM evidence_clips WHERE id = ?");
  row.bind(1, clipId);
  const std::string item = "evidence clip " + std::to_string(clipId);
  if (!row.step()) {
    throw InputError(database_.fileName(), item, {}, "no such evidence clip");
  }
  std::vector<std::uint8_t> flac = row.columnBlob(0);
  const std::vector<std::uint8_t> stored = row.columnBlob(1);
  const Sha256 actual = sha256(flac);
  if (stored.size() != actual.size() || !std::equal(actual.begin(), actual.end(), stored.begin())) {
    throw StoreError(database_.fileName(), item, "flac",
                     "does not match its SHA-256 " + toHex(stored) + " (it is " + toHex(actual) +
                         "): the audio was altered");
  }
  return flac;
}

} // namespace salvo
