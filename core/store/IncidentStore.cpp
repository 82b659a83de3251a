#include "store/IncidentStore.h"

#include "store/IncidentIndex.h"
#include "store/StoreError.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace salvo {
namespace {

constexpr const char *kIncidentColumns =
    "i.id, i.label, i.source, i.time_utc_ns, i.lat, i.lon, i.alt_m, i.horizontal_error_m, "
    "i.class, i.confidence, i.rounds, i.status, i.created_utc_ns";

std::string select(const std::string &tail) {
  return std::string("SELECT ") + kIncidentColumns + " FROM " + tail;
}

// SQLite may keep an integral REAL as an integer on disk and reads -0.0 back as 0.0;
// binding +0.0 keeps the stored value and the audited text the same.
double storable(double value) {
  return value == 0.0 ? 0.0 : value;
}

// The text AuditLog::canonicalEntity("incident", id) reads back for a row just
// inserted with these values, built without reading it back: the insert's hot path.
// test_incident_store checks the two agree.
std::string canonicalNewIncident(std::int64_t rowId, const Incident &incident,
                                 std::string_view source, UtcNs created_utc_ns) {
  std::vector<std::pair<std::string_view, std::string>> columns = {
      {"id", canonicalNumber(rowId)},
      {"label", canonicalString(incident.id)},
      {"source", canonicalString(source)},
      {"time_utc_ns", canonicalNumber(incident.time_utc_ns)},
      {"lat", canonicalNumber(storable(incident.position.lat_deg))},
      {"lon", canonicalNumber(storable(incident.position.lon_deg))},
      {"alt_m", canonicalNumber(storable(incident.position.alt_m))},
      {"horizontal_error_m", canonicalNumber(storable(incident.horizontal_error_m))},
      {"class", canonicalString(incidentClassName(incident.incidentClass))},
      {"confidence", canonicalNumber(storable(incident.confidence))},
      {"rounds", canonicalNumber(static_cast<std::int64_t>(incident.rounds))},
      {"status", canonicalString(incidentStatusName(IncidentStatus::New))},
      {"created_utc_ns", canonicalNumber(created_utc_ns)},
  };
  std::sort(columns.begin(), columns.end());
  std::string text = "{\"row\":{";
  bool first = true;
  for (const auto &[name, value] : columns) {
    text += (first ? "" : ",") + canonicalString(name) + ":" + value;
    first = false;
  }
  text += "},\"sensors\":[";
  std::vector<std::string> sensors = incident.sensors;
  std::sort(sensors.begin(), sensors.end()); // ORDER BY sensor: byte order, as std::string
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    text += (i ? "," : "") + canonicalString(sensors[i]);
  }
  text += "],\"shots\":[";
  for (std::size_t i = 0; i < incident.shots.size(); ++i) {
    text += std::string(i ? "," : "") + "[" + canonicalNumber(static_cast<std::int64_t>(i)) + "," +
            canonicalNumber(incident.shots[i].time_utc_ns) + "]";
  }
  return text + "]}";
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
      selectShots_(database, "SELECT incident, time_utc_ns FROM shots WHERE incident IN "
                             "(SELECT value FROM json_each(?)) ORDER BY incident, shot_index"),
      selectSensors_(database, "SELECT incident, sensor FROM incident_sensors WHERE incident IN "
                               "(SELECT value FROM json_each(?)) ORDER BY incident, sensor") {}

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
  const UtcNs created_utc_ns = nowUtc_ns();
  insertIncident_.bind(1, incident.id).bind(2, source).bind(3, incident.time_utc_ns);
  insertIncident_.bind(4, storable(incident.position.lat_deg));
  insertIncident_.bind(5, storable(incident.position.lon_deg));
  insertIncident_.bind(6, storable(incident.position.alt_m));
  insertIncident_.bind(7, storable(incident.horizontal_error_m));
  insertIncident_.bind(8, incidentClassName(incident.incidentClass));
  insertIncident_.bind(9, storable(incident.confidence)).bind(10, incident.rounds);
  insertIncident_.bind(11, created_utc_ns);
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
  audit_.append(actor_, "insert", "incident", rowId,
                canonicalNewIncident(rowId, incident, source, created_utc_ns));
  return rowId;
}

std::vector<std::int64_t> IncidentStore::insertBatch(std::span<const Incident> incidents,
                                                     std::string_view source) {
  std::vector<std::int64_t> ids;
  ids.reserve(incidents.size());
  Transaction transaction(database_);
  const AuditLog::HeldHead heldHead(audit_);
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
  return stored;
}

void IncidentStore::attachShotsAndSensors(std::vector<StoredIncident> &incidents) {
  if (incidents.empty()) {
    return;
  }
  // One query each for all the incidents' shots and sensors, the ids passed as one JSON
  // array: a map view of hundreds of incidents costs two lookups, not two per incident.
  std::string ids = "[";
  std::unordered_map<std::int64_t, std::size_t> byRowId;
  byRowId.reserve(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    ids += (i ? "," : "") + std::to_string(incidents[i].row_id);
    byRowId.emplace(incidents[i].row_id, i);
  }
  ids += "]";
  selectShots_.reset();
  selectShots_.bind(1, ids);
  while (selectShots_.step()) {
    incidents[byRowId.at(selectShots_.columnInt64(0))].incident.shots.push_back(
        {selectShots_.columnInt64(1)});
  }
  selectSensors_.reset();
  selectSensors_.bind(1, ids);
  while (selectSensors_.step()) {
    incidents[byRowId.at(selectSensors_.columnInt64(0))].incident.sensors.push_back(
        selectSensors_.columnText(1));
  }
}

std::optional<StoredIncident> IncidentStore::find(std::int64_t rowId) {
  Statement row(database_, select("incidents i WHERE i.id = ?"));
  row.bind(1, rowId);
  if (!row.step()) {
    return std::nullopt;
  }
  std::vector<StoredIncident> found{readIncident(row)};
  attachShotsAndSensors(found);
  return std::move(found.front());
}

std::vector<std::int64_t> IncidentStore::rowIdsWithLabel(std::string_view label) {
  Statement rows(database_, "SELECT id FROM incidents WHERE label = ? ORDER BY id");
  rows.bind(1, label);
  std::vector<std::int64_t> ids;
  while (rows.step()) {
    ids.push_back(rows.columnInt64(0));
  }
  return ids;
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
  attachShotsAndSensors(result);
  return result;
}

std::string IncidentStore::areaQueryPlan() {
  Statement plan(database_,
                 "EXPLAIN QUERY PLAN " + select(std::string(kAreaCondition) +
                                                " ORDER BY i.time_utc_ns, i.id LIMIT ?13"));
  bindArea(plan, IncidentArea{});
  plan.bind(13, std::int64_t{1});
  std::string text;
  while (plan.step()) {
    text += plan.columnText(3) + "\n"; // id, parent, notused, detail
  }
  return text;
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
  attachShotsAndSensors(result);
  return result;
}

void IncidentStore::forEach(const std::function<void(const StoredIncident &)> &visit) {
  Statement rows(database_, select("incidents i ORDER BY i.id"));
  std::vector<StoredIncident> chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    while (chunk.size() < 1000 && (more = rows.step())) {
      chunk.push_back(readIncident(rows));
    }
    attachShotsAndSensors(chunk);
    for (const StoredIncident &stored : chunk) {
      visit(stored);
    }
  }
}

std::int64_t IncidentStore::count() {
  return database_.queryInt64("SELECT count(*) FROM incidents");
}

} // namespace salvo
