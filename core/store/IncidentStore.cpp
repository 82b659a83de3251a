#include "store/IncidentStore.h"

#include "store/IncidentIndex.h"
#include "store/StoreError.h"

#include <cmath>

namespace salvo {
namespace {

constexpr const char *kIncidentColumns =
    "i.id, i.label, i.source, i.time_utc_ns, i.lat, i.lon, i.alt_m, i.horizontal_error_m, "
    "i.class, i.confidence, i.rounds, i.status, i.created_utc_ns";

std::string select(const std::string &tail) {
  return std::string("SELECT ") + kIncidentColumns + " FROM " + tail;
}

} // namespace

std::string_view incidentStatusName(IncidentStatus status) {
  switch (status) {
  case IncidentStatus::New:
    return "new";
  case IncidentStatus::Confirmed:
    return "confirmed";
  case IncidentStatus::Dismissed:
    return "dismissed";
  case IncidentStatus::Dispatched:
    return "dispatched";
  }
  return "new";
}

std::optional<IncidentStatus> parseIncidentStatus(std::string_view name) {
  for (IncidentStatus status : {IncidentStatus::New, IncidentStatus::Confirmed,
                                IncidentStatus::Dismissed, IncidentStatus::Dispatched}) {
    if (incidentStatusName(status) == name) {
      return status;
    }
  }
  return std::nullopt;
}

IncidentStore::IncidentStore(Database &database, std::string actor)
    : database_(database), actor_(std::move(actor)), audit_(database),
      insertIncident_(database,
                      "INSERT INTO incidents (label, source, time_utc_ns, lat, lon, alt_m, "
                      "horizontal_error_m, class, confidence, rounds, status, created_utc_ns) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?)"),
      insertIndex_(database, "INSERT INTO incidents_rtree VALUES (?, ?, ?, ?, ?, ?, ?)"),
      insertShot_(database,
                  "INSERT INTO shots (incident, shot_index, time_utc_ns) VALUES (?, ?, ?)"),
      insertSensor_(database, "INSERT INTO incident_sensors (incident, sensor) VALUES (?, ?)"),
      selectShots_(database,
                   "SELECT time_utc_ns FROM shots WHERE incident = ? ORDER BY shot_index"),
      selectSensors_(database,
                     "SELECT sensor FROM incident_sensors WHERE incident = ? ORDER BY sensor") {}

void IncidentStore::validate(const Incident &incident) const {
  const std::string file = database_.fileName();
  const std::string item = "incident " + (incident.id.empty() ? "(no id)" : incident.id);
  if (incident.id.empty()) {
    throw InputError(file, item, "id", "is empty");
  }
  if (!isValidGeodetic(incident.position)) {
    throw InputError(file, item, "position", "is not a valid WGS84 position");
  }
  if (!std::isfinite(incident.horizontal_error_m) || incident.horizontal_error_m < 0.0) {
    throw InputError(file, item, "horizontal_error_m", "must be a finite distance ≥ 0");
  }
  if (!(incident.confidence >= 0.0 && incident.confidence <= 1.0)) {
    throw InputError(file, item, "confidence", "must be between 0 and 1");
  }
  if (incident.rounds < 0) {
    throw InputError(file, item, "rounds", "must not be negative");
  }
}

std::int64_t IncidentStore::insertInTransaction(const Incident &incident, std::string_view source) {
  validate(incident);
  insertIncident_.bind(1, incident.id).bind(2, source).bind(3, incident.time_utc_ns);
  insertIncident_.bind(4, incident.position.lat_deg).bind(5, incident.position.lon_deg);
  insertIncident_.bind(6, incident.position.alt_m).bind(7, incident.horizontal_error_m);
  insertIncident_.bind(8, incidentClassName(incident.incidentClass));
  insertIncident_.bind(9, incident.confidence).bind(10, incident.rounds);
  insertIncident_.bind(11, nowUtc_ns());
  insertIncident_.run();
  const std::int64_t rowId = database_.lastInsertRowId();

  bindIncidentIndexRow(insertIndex_, rowId, incident.position.lat_deg, incident.position.lon_deg,
                       incident.time_utc_ns);
  insertIndex_.run();
  for (std::size_t index = 0; index < incident.shots.size(); ++index) {
    insertShot_.bind(1, rowId)
        .bind(2, static_cast<std::int64_t>(index))
        .bind(3, incident.shots[index].time_utc_ns);
    insertShot_.run();
  }
  for (const std::string &sensor : incident.sensors) {
    insertSensor_.bind(1, rowId).bind(2, sensor);
    try {
      insertSensor_.run();
    } catch (const StoreError &) {
      throw InputError(database_.fileName(), "incident " + incident.id, "sensors",
                       "names sensor " + sensor + ", which is not in the store or is listed twice");
    }
  }
  audit_.recordRow(actor_, "insert", "incident", rowId);
  return rowId;
}

std::vector<std::int64_t> IncidentStore::insertBatch(std::span<const Incident> incidents,
                                                     std::string_view source) {
  std::vector<std::int64_t> ids;
  ids.reserve(incidents.size());
  Transaction transaction(database_);
  for (const Incident &incident : incidents) {
    ids.push_back(insertInTransaction(incident, source));
  }
  transaction.commit();
  return ids;
}

void IncidentStore::setStatusInTransaction(std::int64_t rowId, IncidentStatus status,
                                           std::optional<IncidentClass> newClass) {
  Statement update(database_, "UPDATE incidents SET status = ?, class = coalesce(?, class) "
                              "WHERE id = ?");
  update.bind(1, incidentStatusName(status));
  if (newClass) {
    update.bind(2, incidentClassName(*newClass));
  } else {
    update.bindNull(2);
  }
  update.bind(3, rowId);
  update.run();
  if (database_.changes() != 1) {
    throw InputError(database_.fileName(), "incident " + std::to_string(rowId), {},
                     "no such incident");
  }
  audit_.recordRow(actor_, "update", "incident", rowId);
}

StoredIncident IncidentStore::readIncident(Statement &row) {
  StoredIncident stored;
  stored.row_id = row.columnInt64(0);
  stored.incident.id = row.columnText(1);
  stored.source = row.columnText(2);
  stored.incident.time_utc_ns = row.columnInt64(3);
  stored.incident.position = {row.columnDouble(4), row.columnDouble(5), row.columnDouble(6)};
  stored.incident.horizontal_error_m = row.columnDouble(7);
  const std::string className = row.columnText(8);
  const std::optional<IncidentClass> incidentClass = parseIncidentClass(className);
  const std::string statusName = row.columnText(11);
  const std::optional<IncidentStatus> status = parseIncidentStatus(statusName);
  if (!incidentClass || !status) {
    throw StoreError(database_.fileName(), "incident " + std::to_string(stored.row_id),
                     incidentClass ? "status" : "class", "holds an unknown value");
  }
  stored.incident.incidentClass = *incidentClass;
  stored.incident.confidence = row.columnDouble(9);
  stored.incident.rounds = static_cast<int>(row.columnInt64(10));
  stored.status = *status;
  stored.created_utc_ns = row.columnInt64(12);
  selectShots_.reset();
  selectShots_.bind(1, stored.row_id);
  while (selectShots_.step()) {
    stored.incident.shots.push_back({selectShots_.columnInt64(0)});
  }
  selectSensors_.reset();
  selectSensors_.bind(1, stored.row_id);
  while (selectSensors_.step()) {
    stored.incident.sensors.push_back(selectSensors_.columnText(0));
  }
  return stored;
}

std::optional<StoredIncident> IncidentStore::find(std::int64_t rowId) {
  Statement row(database_, select("incidents i WHERE i.id = ?"));
  row.bind(1, rowId);
  if (!row.step()) {
    return std::nullopt;
  }
  return readIncident(row);
}

namespace {

void checkArea(const Database &database, const IncidentArea &area) {
  auto bad = [&](const char *field, const char *problem) {
    throw InputError(database.fileName(), "query", field, problem);
  };
  if (!(area.min_lat_deg <= area.max_lat_deg) || !std::isfinite(area.min_lat_deg) ||
      !std::isfinite(area.max_lat_deg)) {
    bad("latitude", "must be a finite range with min ≤ max");
  }
  if (!(area.min_lon_deg <= area.max_lon_deg) || !std::isfinite(area.min_lon_deg) ||
      !std::isfinite(area.max_lon_deg)) {
    bad("longitude", "must be a finite range with min ≤ max");
  }
  if (area.from_utc_ns > area.to_utc_ns) {
    bad("time", "must start before it ends");
  }
}

// Parameters 1..12 of the area condition below.
constexpr const char *kAreaCondition =
    "incidents_rtree r CROSS JOIN incidents i ON i.id = r.id "
    "WHERE r.max_lat_e7 >= ?1 AND r.min_lat_e7 <= ?2 AND r.max_lon_e7 >= ?3 "
    "AND r.min_lon_e7 <= ?4 AND r.max_time_s >= ?5 AND r.min_time_s <= ?6 "
    "AND i.lat BETWEEN ?7 AND ?8 AND i.lon BETWEEN ?9 AND ?10 "
    "AND i.time_utc_ns BETWEEN ?11 AND ?12";

void bindArea(Statement &statement, const IncidentArea &area) {
  const IncidentIndexBox box =
      incidentIndexBox(area.min_lat_deg, area.max_lat_deg, area.min_lon_deg, area.max_lon_deg,
                       area.from_utc_ns, area.to_utc_ns);
  statement.bind(1, static_cast<std::int64_t>(box.min_lat_e7));
  statement.bind(2, static_cast<std::int64_t>(box.max_lat_e7));
  statement.bind(3, static_cast<std::int64_t>(box.min_lon_e7));
  statement.bind(4, static_cast<std::int64_t>(box.max_lon_e7));
  statement.bind(5, static_cast<std::int64_t>(box.min_time_s));
  statement.bind(6, static_cast<std::int64_t>(box.max_time_s));
  statement.bind(7, area.min_lat_deg).bind(8, area.max_lat_deg);
  statement.bind(9, area.min_lon_deg).bind(10, area.max_lon_deg);
  statement.bind(11, area.from_utc_ns).bind(12, area.to_utc_ns);
}

} // namespace

std::vector<StoredIncident> IncidentStore::inArea(const IncidentArea &area, std::size_t limit) {
  checkArea(database_, area);
  Statement rows(database_,
                 select(std::string(kAreaCondition) + " ORDER BY i.time_utc_ns, i.id LIMIT ?13"));
  bindArea(rows, area);
  rows.bind(13, static_cast<std::int64_t>(limit));
  std::vector<StoredIncident> result;
  while (rows.step()) {
    result.push_back(readIncident(rows));
  }
  return result;
}

std::int64_t IncidentStore::countInArea(const IncidentArea &area) {
  checkArea(database_, area);
  Statement rows(database_, std::string("SELECT count(*) FROM ") + kAreaCondition);
  bindArea(rows, area);
  return rows.step() ? rows.columnInt64(0) : 0;
}

std::vector<StoredIncident>
IncidentStore::withStatusAndClass(std::optional<IncidentStatus> status,
                                  std::optional<IncidentClass> incidentClass, std::size_t limit) {
  // Only the filters given appear in the SQL, so SQLite can use
  // incidents_by_status_class for them.
  std::string where;
  if (status) {
    where += " AND i.status = :status";
  }
  if (incidentClass) {
    where += " AND i.class = :class";
  }
  Statement rows(database_, select("incidents i WHERE 1" + where +
                                   " ORDER BY i.time_utc_ns DESC, i.id DESC LIMIT :limit"));
  int parameter = 1;
  if (status) {
    rows.bind(parameter++, incidentStatusName(*status));
  }
  if (incidentClass) {
    rows.bind(parameter++, incidentClassName(*incidentClass));
  }
  rows.bind(parameter, static_cast<std::int64_t>(limit));
  std::vector<StoredIncident> result;
  while (rows.step()) {
    result.push_back(readIncident(rows));
  }
  return result;
}

void IncidentStore::forEach(const std::function<void(const StoredIncident &)> &visit) {
  Statement rows(database_, select("incidents i ORDER BY i.id"));
  while (rows.step()) {
    visit(readIncident(rows));
  }
}

std::int64_t IncidentStore::count() {
  return database_.queryInt64("SELECT count(*) FROM incidents");
}

} // namespace salvo
