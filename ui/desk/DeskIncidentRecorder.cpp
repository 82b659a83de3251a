#include "DeskIncidentRecorder.h"

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
                                           std::vector<SensorRecording> recordings)
    : database_(std::make_unique<Database>(openStore(database))), source_(std::move(source)),
      recordings_(std::move(recordings)) {
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
    }
  }
  transaction.commit();
  return rowId;
}

} // namespace salvo
