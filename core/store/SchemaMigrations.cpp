#include "store/SchemaMigrations.h"

#include "store/AuditLog.h"
#include "store/IncidentIndex.h"
#include "store/StoreError.h"
#include "time/UtcTime.h"

#include <string>
#include <vector>

namespace salvo {
namespace {

// Version 1: users and roles, sensors, incidents with their shots, the audit trail.
void migrateTo1(Database &database) {
  database.exec(R"sql(
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_utc_ns INTEGER NOT NULL
);
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO roles (name, description) VALUES
  ('dispatcher', 'sees incidents and dispatches units'),
  ('analyst', 'reviews incidents: confirms, dismisses, reclassifies'),
  ('admin', 'manages users and sensors; may also review and dispatch');
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  role TEXT NOT NULL REFERENCES roles (name),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_utc_ns INTEGER NOT NULL
);
CREATE TABLE sensors (
  id INTEGER PRIMARY KEY,
  sensor_id TEXT NOT NULL UNIQUE,
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  alt_m REAL NOT NULL,
  sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz > 0),
  full_scale_pa REAL NOT NULL CHECK (full_scale_pa > 0)
);
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  source TEXT NOT NULL,
  time_utc_ns INTEGER NOT NULL,
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  alt_m REAL NOT NULL,
  horizontal_error_m REAL NOT NULL CHECK (horizontal_error_m >= 0),
  class TEXT NOT NULL CHECK (class IN ('gunfire', 'fireworks', 'other')),
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  rounds INTEGER NOT NULL CHECK (rounds >= 0),
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'confirmed', 'dismissed', 'dispatched')),
  created_utc_ns INTEGER NOT NULL
);
CREATE INDEX incidents_by_time ON incidents (time_utc_ns);
CREATE INDEX incidents_by_status_class ON incidents (status, class, time_utc_ns);
CREATE TABLE shots (
  incident INTEGER NOT NULL REFERENCES incidents (id),
  shot_index INTEGER NOT NULL CHECK (shot_index >= 0),
  time_utc_ns INTEGER NOT NULL,
  PRIMARY KEY (incident, shot_index)
) WITHOUT ROWID;
CREATE TABLE incident_sensors (
  incident INTEGER NOT NULL REFERENCES incidents (id),
  sensor TEXT NOT NULL REFERENCES sensors (sensor_id),
  PRIMARY KEY (incident, sensor)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  time_utc_ns INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  content TEXT NOT NULL,
  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
  hash BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql");
  database.exec("PRAGMA application_id = " + std::to_string(kStoreApplicationId));
}

// Version 2: the map-and-time R*Tree replaces the time index; sensor health, pulses.
void migrateTo2(Database &database) {
  database.exec(R"sql(
CREATE VIRTUAL TABLE incidents_rtree USING rtree_i32 (
  id, min_lat_e7, max_lat_e7, min_lon_e7, max_lon_e7, min_time_s, max_time_s
);
DROP INDEX incidents_by_time;
CREATE TABLE sensor_health (
  id INTEGER PRIMARY KEY,
  sensor INTEGER NOT NULL REFERENCES sensors (id),
  time_utc_ns INTEGER NOT NULL,
  battery_v REAL,
  temperature_c REAL,
  noise_floor_dbfs REAL,
  clock_offset_ns INTEGER,
  gps_lock INTEGER CHECK (gps_lock IN (0, 1))
);
CREATE INDEX sensor_health_by_sensor_time ON sensor_health (sensor, time_utc_ns);
CREATE TABLE pulses (
  id INTEGER PRIMARY KEY,
  sensor INTEGER NOT NULL REFERENCES sensors (id),
  time_utc_ns INTEGER NOT NULL,
  peak_pa REAL NOT NULL,
  snr_db REAL,
  incident INTEGER REFERENCES incidents (id)
);
CREATE INDEX pulses_by_sensor_time ON pulses (sensor, time_utc_ns);
CREATE INDEX pulses_by_incident ON pulses (incident);
)sql");
  // Incidents stored by version 1 enter the index here.
  Statement incidents(database, "SELECT id, lat, lon, time_utc_ns FROM incidents");
  Statement insert(database, "INSERT INTO incidents_rtree VALUES (?, ?, ?, ?, ?, ?, ?)");
  while (incidents.step()) {
    bindIncidentIndexRow(insert, incidents.columnInt64(0), incidents.columnDouble(1),
                         incidents.columnDouble(2), incidents.columnInt64(3));
    insert.run();
  }
}

// Version 3: evidence clips, analysts' reviews, dispatches.
void migrateTo3(Database &database) {
  database.exec(R"sql(
CREATE TABLE evidence_clips (
  id INTEGER PRIMARY KEY,
  incident INTEGER NOT NULL REFERENCES incidents (id),
  sensor TEXT NOT NULL REFERENCES sensors (sensor_id),
  start_utc_ns INTEGER NOT NULL,
  sample_rate_hz REAL NOT NULL CHECK (sample_rate_hz > 0),
  frames INTEGER NOT NULL CHECK (frames > 0),
  source_file TEXT NOT NULL,
  source_first_frame INTEGER NOT NULL CHECK (source_first_frame >= 0),
  encoding TEXT NOT NULL,
  flac BLOB NOT NULL,
  sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
  UNIQUE (incident, sensor)
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  incident INTEGER NOT NULL REFERENCES incidents (id),
  user INTEGER NOT NULL REFERENCES users (id),
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
  class TEXT CHECK (class IN ('gunfire', 'fireworks', 'other')),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  time_utc_ns INTEGER NOT NULL
);
CREATE INDEX reviews_by_incident ON reviews (incident);
CREATE TABLE dispatches (
  id INTEGER PRIMARY KEY,
  incident INTEGER NOT NULL REFERENCES incidents (id),
  user INTEGER NOT NULL REFERENCES users (id),
  unit TEXT NOT NULL CHECK (length(unit) > 0),
  note TEXT NOT NULL,
  time_utc_ns INTEGER NOT NULL
);
CREATE INDEX dispatches_by_incident ON dispatches (incident);
)sql");
}

// Version 4: each pulse a located incident used, linked to its shot, with its level
// and the detector's flags (`locate --db` writes them).
void migrateTo4(Database &database) {
  database.exec(R"sql(
ALTER TABLE pulses ADD COLUMN shot_index INTEGER CHECK (shot_index >= 0);
ALTER TABLE pulses ADD COLUMN peak_db_spl REAL;
ALTER TABLE pulses ADD COLUMN clipped INTEGER NOT NULL DEFAULT 0 CHECK (clipped IN (0, 1));
ALTER TABLE pulses ADD COLUMN likely_echo INTEGER NOT NULL DEFAULT 0
  CHECK (likely_echo IN (0, 1));
)sql");
}

// Version 5: the map index keeps one box per bucket of incidents (same batch, map cell
// and day) instead of one per incident: ingest at a million incidents was spending most
// of its time rewriting R*Tree node paths (IncidentIndex.h).
void migrateTo5(Database &database) {
  database.exec(R"sql(
CREATE VIRTUAL TABLE incident_buckets USING rtree_i32 (
  id, min_lat_e7, max_lat_e7, min_lon_e7, max_lon_e7, min_time_s, max_time_s
);
CREATE TABLE incident_bucket_members (
  bucket INTEGER NOT NULL,
  incident INTEGER NOT NULL REFERENCES incidents (id),
  PRIMARY KEY (bucket, incident)
) WITHOUT ROWID;
DROP TABLE incidents_rtree;
)sql");
  // The incidents stored so far, in chunks so a large store needs little memory.
  IncidentIndexWriter writer(database);
  Statement incidents(database, "SELECT id, lat, lon, time_utc_ns FROM incidents ORDER BY id");
  std::vector<IncidentIndexPoint> chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    while (chunk.size() < 100'000 && (more = incidents.step())) {
      chunk.push_back({incidents.columnInt64(0), incidents.columnDouble(1),
                       incidents.columnDouble(2), incidents.columnInt64(3)});
    }
    writer.add(chunk);
  }
}

std::string versionText(int version) {
  return "schema version " + std::to_string(version);
}

} // namespace

const std::vector<SchemaMigration> &schemaMigrations() {
  static const std::vector<SchemaMigration> steps = {
      {1, "users, roles, sensors, incidents, shots, audit trail", migrateTo1},
      {2, "R*Tree map and time index, sensor health, pulses", migrateTo2},
      {3, "evidence clips, reviews, dispatches", migrateTo3},
      {4, "pulses linked to their incident's shot, with level and flags", migrateTo4},
      {5, "map index of incident buckets (batch, map cell, day)", migrateTo5},
  };
  return steps;
}

int storeSchemaVersion(Database &database) {
  const std::int64_t applicationId = database.queryInt64("PRAGMA application_id");
  if (applicationId != 0 && applicationId != kStoreApplicationId) {
    throw StoreError(database.fileName(),
                     "is a SQLite database of another program (application_id " +
                         std::to_string(applicationId) + "), not a Salvo store");
  }
  if (!database.tableExists("schema_version")) {
    if (database.queryInt64("SELECT count(*) FROM sqlite_schema") != 0) {
      throw StoreError(database.fileName(),
                       "is a SQLite database but not a Salvo store (no schema_version table)");
    }
    return 0;
  }
  return static_cast<int>(database.queryInt64("SELECT max(version) FROM schema_version"));
}

void migrateSchema(Database &database, int targetVersion, std::string_view actor) {
  const int current = storeSchemaVersion(database);
  if (current > kStoreSchemaVersion) {
    throw StoreError(database.fileName(), {}, "schema_version",
                     "was written by a newer Salvo (" + versionText(current) +
                         "); this Salvo reads up to " + versionText(kStoreSchemaVersion) +
                         ": open it with a newer Salvo");
  }
  for (const SchemaMigration &step : schemaMigrations()) {
    if (step.version <= current || step.version > targetVersion) {
      continue;
    }
    Transaction transaction(database);
    // Re-read under the write lock: another process may have migrated meanwhile.
    if (storeSchemaVersion(database) >= step.version) {
      continue;
    }
    step.apply(database);
    Statement record(database, "INSERT INTO schema_version (version, description, "
                               "applied_utc_ns) VALUES (?, ?, ?)");
    record.bind(1, step.version).bind(2, step.description).bind(3, nowUtc_ns());
    record.run();
    AuditLog(database).recordRow(actor, "migrate", "schema", step.version);
    transaction.commit();
  }
}

Database openStore(const std::filesystem::path &path, Database::Mode mode) {
  Database database(path, mode);
  if (mode == Database::Mode::ReadWrite) {
    migrateSchema(database);
    return database;
  }
  const int version = storeSchemaVersion(database);
  if (version > kStoreSchemaVersion) {
    throw StoreError(database.fileName(), {}, "schema_version",
                     "was written by a newer Salvo (" + versionText(version) +
                         "); this Salvo reads up to " + versionText(kStoreSchemaVersion) +
                         ": open it with a newer Salvo");
  }
  if (version < kStoreSchemaVersion) {
    throw StoreError(database.fileName(), {}, "schema_version",
                     version == 0 ? std::string("is empty: not a Salvo store yet")
                                  : "is at " + versionText(version) + ", older than this " +
                                        "Salvo's " + versionText(kStoreSchemaVersion) +
                                        ": open it read-write once to upgrade it");
  }
  return database;
}

} // namespace salvo
