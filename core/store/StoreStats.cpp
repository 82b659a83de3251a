#include "store/StoreStats.h"

#include "store/Database.h"
#include "store/SchemaMigrations.h"

namespace salvo {

StoreStats computeStoreStats(Database &database) {
  StoreStats stats;
  stats.schema_version = storeSchemaVersion(database);
  stats.file_bytes =
      database.queryInt64("PRAGMA page_count") * database.queryInt64("PRAGMA page_size");
  auto count = [&](const char *table) {
    return database.tableExists(table)
               ? database.queryInt64(std::string("SELECT count(*) FROM ") + table)
               : 0;
  };
  stats.incidents = count("incidents");
  stats.shots = count("shots");
  stats.sensors = count("sensors");
  stats.sensor_health_samples = count("sensor_health");
  stats.pulses = count("pulses");
  stats.evidence_clips = count("evidence_clips");
  stats.reviews = count("reviews");
  stats.dispatches = count("dispatches");
  stats.users = count("users");
  stats.audit_records = count("audit_log");
  if (stats.incidents > 0) {
    Statement groups(database, "SELECT status, count(*) FROM incidents GROUP BY status");
    while (groups.step()) {
      stats.incidents_by_status[groups.columnText(0)] = groups.columnInt64(1);
    }
    Statement classes(database, "SELECT class, count(*) FROM incidents GROUP BY class");
    while (classes.step()) {
      stats.incidents_by_class[classes.columnText(0)] = classes.columnInt64(1);
    }
    Statement range(database, "SELECT min(time_utc_ns), max(time_utc_ns) FROM incidents");
    if (range.step()) {
      stats.first_incident_utc_ns = range.columnInt64(0);
      stats.last_incident_utc_ns = range.columnInt64(1);
    }
  }
  if (stats.evidence_clips > 0) {
    Statement bytes(database, "SELECT sum(length(flac)), sum(44 + 2 * frames) FROM evidence_clips");
    if (bytes.step()) {
      stats.evidence_flac_bytes = bytes.columnInt64(0);
      stats.evidence_wav16_bytes = bytes.columnInt64(1);
    }
  }
  return stats;
}

} // namespace salvo
