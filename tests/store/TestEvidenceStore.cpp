#include "ScenarioIncidents.h"

#include "audio/AudioFile.h"
#include "store/AuditLog.h"
#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/LocateRunStore.h"
#include "store/PulseStore.h"
#include "store/SchemaMigrations.h"
#include "store/StoreError.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace salvo;

class TestEvidenceStore : public QObject {
  Q_OBJECT

  const std::filesystem::path folder_ =
      std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / "easy-101";

private slots:
  // Each stored pulse is the one at the shot's predicted arrival, not the echo 150 ms
  // later, and is linked to its shot; the audit trail covers the pulse rows.
  void locateRunStoresThePulsesUsed() {
    const ScenarioFolder scenario = openScenarioFolder(folder_);
    const IncidentsFile incidents = storetest::incidentsFromTruth(folder_, scenario, 4);
    QVERIFY(incidents.incidents.size() >= 3);
    const double c = speedOfSoundInAir_mps(scenario.manifest.weather_temperature_c.value());
    std::vector<std::vector<Pulse>> pulses(scenario.recordings.size());
    std::int64_t expected = 0;
    for (const Incident &incident : incidents.incidents) {
      for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
        const auto travel_ns = static_cast<std::int64_t>(
            slantDistance_m(incident.position, scenario.recordings[s].spec.position) / c * 1e9);
        for (const IncidentShot &shot : incident.shots) {
          Pulse direct;
          direct.sensor_index = s;
          direct.onset_utc_ns = shot.time_utc_ns + travel_ns + 2'000'000;
          direct.peak_pa = 12.5;
          direct.peak_db_spl = 115.9;
          direct.snr_db = 31.0;
          Pulse echo = direct;
          echo.onset_utc_ns += 150'000'000;
          echo.likely_echo = true;
          pulses[s].push_back(direct);
          pulses[s].push_back(echo);
          expected += s < 4 ? 1 : 0; // only the 4 sensors used
        }
      }
    }
    for (std::vector<Pulse> &list : pulses) {
      std::sort(list.begin(), list.end(),
                [](const Pulse &a, const Pulse &b) { return a.onset_utc_ns < b.onset_utc_ns; });
    }
    QTemporaryDir dir;
    Database database = openStore(dir.filePath(QStringLiteral("pulses.sqlite")).toStdString());
    const LocateRunSummary summary = storeLocateRun(database, scenario, incidents, pulses);
    QCOMPARE(summary.pulses, expected);
    PulseStore store(database, "test");
    const Incident &first = incidents.incidents.front();
    const std::vector<StoredPulse> stored = store.pulsesOf(summary.incident_row_ids[0]);
    QCOMPARE(stored.size(), 4 * first.shots.size());
    for (const StoredPulse &pulse : stored) {
      QVERIFY(pulse.shot_index && *pulse.shot_index < std::int64_t(first.shots.size()));
      QVERIFY(!pulse.likely_echo);
      QCOMPARE(pulse.peak_pa, 12.5);
      QCOMPARE(pulse.snr_db.value_or(0.0), 31.0);
      const SensorRecording &recording =
          *std::find_if(scenario.recordings.begin(), scenario.recordings.end(),
                        [&](const SensorRecording &r) { return r.spec.id == pulse.sensor; });
      const auto travel_ns = static_cast<std::int64_t>(
          slantDistance_m(first.position, recording.spec.position) / c * 1e9);
      QCOMPARE(pulse.time_utc_ns,
               first.shots[std::size_t(*pulse.shot_index)].time_utc_ns + travel_ns + 2'000'000);
    }
    QVERIFY(verifyAudit(database).ok);
    database.exec("UPDATE pulses SET snr_db = 3 WHERE id = 1");
    const AuditVerification tampered = verifyAudit(database);
    QVERIFY(!tampered.ok);
    QCOMPARE(tampered.entity, std::string("pulse"));
  }

  void locateRunStoresIncidentsAndLosslessEvidence() {
    const ScenarioFolder scenario = openScenarioFolder(folder_);
    const IncidentsFile incidents = storetest::incidentsFromTruth(folder_, scenario, 4);
    QVERIFY(incidents.incidents.size() >= 3);
    QTemporaryDir dir;
    const std::filesystem::path db = dir.filePath(QStringLiteral("run.sqlite")).toStdString();
    const LocateRunSummary summary = storeLocateRun(db, scenario, incidents);
    QCOMPARE(summary.incident_row_ids.size(), incidents.incidents.size());
    QCOMPARE(summary.evidence_clips, std::int64_t(4 * incidents.incidents.size()));
    QVERIFY(summary.flac_bytes > 0 && summary.flac_bytes < summary.wav16_bytes);

    Database database = openStore(db);
    EvidenceStore evidence(database, "test");
    const Incident &first = incidents.incidents.front();
    const std::vector<EvidenceClipInfo> clips = evidence.clipsOf(summary.incident_row_ids[0]);
    QCOMPARE(clips.size(), std::size_t(4));
    for (const EvidenceClipInfo &clip : clips) {
      const SensorRecording &recording =
          *std::find_if(scenario.recordings.begin(), scenario.recordings.end(),
                        [&](const SensorRecording &r) { return r.spec.id == clip.sensor; });
      // The window: 1 s before the first shot arrives, 2 s after the last.
      const double c = speedOfSoundInAir_mps(scenario.manifest.weather_temperature_c.value());
      const double travel_s = slantDistance_m(first.position, recording.spec.position) / c;
      const double firstArrival_s =
          nanosToSeconds(first.shots.front().time_utc_ns - clip.start_utc_ns) + travel_s;
      const double lastArrival_s =
          nanosToSeconds(first.shots.back().time_utc_ns - clip.start_utc_ns) + travel_s;
      const double length_s = static_cast<double>(clip.frames) / clip.sample_rate_hz;
      QVERIFY2(std::abs(firstArrival_s - 1.0) < 0.001 || clip.source_first_frame == 0,
               qPrintable(QString::number(firstArrival_s)));
      QVERIFY2(std::abs(length_s - lastArrival_s - 2.0) < 0.001 ||
                   clip.source_first_frame + clip.frames == recording.frames,
               qPrintable(QString::number(length_s - lastArrival_s)));

      // The FLAC decodes to the very samples of the source recording (16-bit source).
      const std::vector<std::uint8_t> flac = evidence.clipFlac(clip.id);
      QCOMPARE(toHex(sha256(flac)), toHex(clip.sha256));
      const std::filesystem::path flacPath =
          dir.filePath(QStringLiteral("%1.flac").arg(clip.id)).toStdString();
      std::ofstream(flacPath, std::ios::binary)
          .write(reinterpret_cast<const char *>(flac.data()),
                 static_cast<std::streamsize>(flac.size()));
      AudioFileInfo info;
      const std::vector<float> decoded = readAudioFile(flacPath, &info);
      QCOMPARE(info.container, std::string("FLAC"));
      QCOMPARE(std::int64_t(decoded.size()), clip.frames);
      AudioFileReader source(recording.audio_path);
      source.seek(clip.source_first_frame);
      std::vector<float> original(decoded.size());
      QCOMPARE(source.read(original), original.size());
      float worst = 0.0f;
      for (std::size_t i = 0; i < decoded.size(); ++i) {
        worst = std::max(worst, std::abs(decoded[i] - original[i]));
      }
      QVERIFY2(worst <= 1.0f / 32767.0f, qPrintable(QString::number(worst)));
    }
    const AuditVerification verification = verifyAudit(database);
    QVERIFY2(verification.ok, verification.problem.c_str());

    // Storing a second run reuses the sensors instead of duplicating them.
    storeLocateRun(database, scenario, incidents);
    QCOMPARE(database.queryInt64("SELECT count(*) FROM sensors"),
             std::int64_t(scenario.recordings.size()));
    QVERIFY(verifyAudit(database).ok);
  }

  void alteredEvidenceIsRefusedAndCaught() {
    const ScenarioFolder scenario = openScenarioFolder(folder_);
    IncidentsFile incidents = storetest::incidentsFromTruth(folder_, scenario, 3);
    incidents.incidents.resize(1);
    QTemporaryDir dir;
    Database database = openStore(dir.filePath(QStringLiteral("ev.sqlite")).toStdString());
    storeLocateRun(database, scenario, incidents);
    const std::int64_t clip = database.queryInt64("SELECT min(id) FROM evidence_clips");
    // Flip one byte in the middle of the FLAC, as a hex editor would.
    database.exec("UPDATE evidence_clips SET flac = CAST(substr(flac, 1, 2000) || x'00' || "
                  "substr(flac, 2002) AS BLOB) WHERE id = " +
                  std::to_string(clip));
    EvidenceStore evidence(database, "test");
    QVERIFY_THROWS_EXCEPTION(StoreError, evidence.clipFlac(clip));
    const AuditVerification verification = verifyAudit(database);
    QVERIFY(!verification.ok);
    QCOMPARE(verification.entity, std::string("evidence_clip"));
    QCOMPARE(verification.entity_id, std::optional<std::int64_t>(clip));
    QVERIFY2(verification.problem.find("flac.sha256") != std::string::npos,
             verification.problem.c_str());
  }
};

QTEST_GUILESS_MAIN(TestEvidenceStore)
#include "TestEvidenceStore.moc"
