#include "DeskIncidentRecorder.h"

#include "LiveAudioHistory.h"

#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"
#include "store/SensorStore.h"

#include <algorithm>

namespace salvo {
namespace {
constexpr const char *kActor = "desk";
}

DeskIncidentRecorder::DeskIncidentRecorder(const std::filesystem::path &database,
                                           const ScenarioManifest &manifest, std::string source,
                                           std::vector<SensorRecording> recordings,
                                           std::shared_ptr<const LiveAudioHistory> liveAudio)
    : database_(std::make_unique<Database>(openStore(database))), source_(std::move(source)),
      recordings_(std::move(recordings)), liveAudio_(std::move(liveAudio)), manifest_(manifest) {
  if (manifest.weather_temperature_c) {
    speedOfSound_mps_ = speedOfSoundInAir_mps(*manifest.weather_temperature_c);
  }
  SensorStore sensors(*database_, kActor);
  Transaction transaction(*database_);
  for (const SensorSpec &spec : manifest.sensors) {
    sensors.upsertInTransaction(spec);
  }
  transaction.commit();
  incidents_ = std::make_unique<IncidentStore>(*database_, kActor);
  evidence_ = std::make_unique<EvidenceStore>(*database_, kActor);
}

DeskIncidentRecorder::~DeskIncidentRecorder() = default;

std::int64_t DeskIncidentRecorder::record(const Incident &incident) {
  Transaction transaction(*database_);
  const std::int64_t rowId = incidents_->insertInTransaction(incident, source_);
  for (const std::string &sensor : incident.sensors) {
    const auto recording =
        std::find_if(recordings_.begin(), recordings_.end(),
                     [&](const SensorRecording &r) { return r.spec.id == sensor; });
    if (recording != recordings_.end()) {
      evidence_->storeRecordingClipInTransaction(rowId, incident, *recording, speedOfSound_mps_);
    } else if (liveAudio_) {
      storeLiveClip(rowId, incident, sensor);
    }
  }
  transaction.commit();
  return rowId;
}

void DeskIncidentRecorder::storeLiveClip(std::int64_t rowId, const Incident &incident,
                                         const std::string &sensor) {
  const auto spec = std::find_if(manifest_.sensors.begin(), manifest_.sensors.end(),
                                 [&](const SensorSpec &s) { return s.id == sensor; });
  if (spec == manifest_.sensors.end()) {
    return;
  }
  const EvidenceWindow window = evidenceWindow(incident, spec->position, speedOfSound_mps_);
  const LiveAudioHistory::Clip clip =
      liveAudio_->copy(static_cast<std::size_t>(spec - manifest_.sensors.begin()),
                       window.start_utc_ns, window.end_utc_ns);
  if (!clip.samples.empty()) {
    evidence_->storeClipInTransaction(rowId, sensor, clip.start_utc_ns, spec->sample_rate_hz,
                                      clip.samples, "live:" + source_, clip.first_frame);
  }
}

} // namespace salvo
