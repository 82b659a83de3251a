#pragma once

#include "contract/Incidents.h"
#include "store/AuditLog.h"
#include "store/BatchInsert.h"
#include "store/Database.h"
#include "store/IncidentIndex.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace salvo {

enum class IncidentStatus { New, Confirmed, Dismissed, Dispatched };

std::string_view incidentStatusName(IncidentStatus status); // "new", "confirmed"...
std::optional<IncidentStatus> parseIncidentStatus(std::string_view name);

// An incident as stored: the located incident plus what the store adds.
struct StoredIncident {
  std::int64_t row_id = 0;
  std::string source; // scenario or feed it came from
  IncidentStatus status = IncidentStatus::New;
  UtcNs created_utc_ns = 0;
  Incident incident; // incident.id is the locator's label ("I0001")
};

// A map rectangle and an inclusive time range.
struct IncidentArea {
  double min_lat_deg = -90.0;
  double max_lat_deg = 90.0;
  double min_lon_deg = -180.0;
  double max_lon_deg = 180.0;
  UtcNs from_utc_ns = 0;
  UtcNs to_utc_ns = 0;
};

// Incidents with their shots and sensors, found by map position and time through the
// bucket R*Tree (IncidentIndex.h). Each insert writes the row, its shots, its sensors,
// its index entries and its audit record; insertBatch() does many in one transaction,
// which is what makes ingest fast. Prepared statements live as long as the IncidentStore.
class IncidentStore {
public:
  IncidentStore(Database &database, std::string actor);

  // One transaction for the whole batch: all stored, or none. Returns the row ids.
  std::vector<std::int64_t> insertBatch(std::span<const Incident> incidents,
                                        std::string_view source);
  // Inside the caller's transaction. Throws InputError naming the incident and field
  // for an invalid incident (NaN position, confidence outside 0..1, unknown sensor...).
  std::int64_t insertInTransaction(const Incident &incident, std::string_view source);

  // Inside the caller's transaction; audited.
  void setStatusInTransaction(std::int64_t rowId, IncidentStatus status,
                              std::optional<IncidentClass> newClass = {});

  std::optional<StoredIncident> find(std::int64_t rowId);
  // Row ids of the incidents with this locator label ("I0001"), oldest run first: each
  // `locate --db` run numbers its incidents from I0001 again.
  std::vector<std::int64_t> rowIdsWithLabel(std::string_view label);
  // Through the R*Tree; ordered by time.
  std::vector<StoredIncident> inArea(const IncidentArea &area, std::size_t limit = 100000);
  std::int64_t countInArea(const IncidentArea &area);
  // EXPLAIN QUERY PLAN of inArea(), one step a line: tests and bench_store check that
  // the R*Tree drives it.
  std::string areaQueryPlan();
  // Either filter may be absent; ordered by time, newest first.
  std::vector<StoredIncident> withStatusAndClass(std::optional<IncidentStatus> status,
                                                 std::optional<IncidentClass> incidentClass,
                                                 std::size_t limit = 100000);
  // Every incident in row order, one at a time (exports of any size).
  void forEach(const std::function<void(const StoredIncident &)> &visit);
  std::int64_t count();

private:
  // The row's own columns; shots and sensors come from attachShotsAndSensors().
  StoredIncident readIncident(Statement &row);
  void attachShotsAndSensors(std::vector<StoredIncident> &incidents);
  void validate(const Incident &incident) const;
  // Every sensor an incident names is in the store, none twice: checked before
  // anything is written so the error names the incident and the sensor.
  void checkSensors(std::span<const Incident> incidents);
  void insertIndexRows(std::span<const Incident> incidents, std::span<const std::int64_t> ids);
  void insertShotsAndSensors(std::span<const Incident> incidents,
                             std::span<const std::int64_t> ids);

  Database &database_;
  std::string actor_;
  AuditLog audit_;
  IncidentIndexWriter index_;
  Statement insertIncident_;
  Statement insertShot_;
  Statement insertSensor_;
  Statement selectShots_;
  Statement selectSensors_;
  BatchInsert insertIncidentRows_;
  BatchInsert insertShots_;
  BatchInsert insertSensors_;
};

} // namespace salvo
