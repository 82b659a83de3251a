#include "store/IncidentStore.h"

#include "store/IncidentIndex.h"
#include "store/StoreError.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
// Columns in name order, as canonicalRow() sorts them. test_incident_store checks the
// two agree.
std::string canonicalNewIncident(std::int64_t rowId, const Incident &incident,
                                 std::string_view source, UtcNs created_utc_ns) {
  std::string text;
  text.reserve(400 + incident.id.size() + source.size() + 24 * incident.shots.size());
  auto column = [&text](std::string_view name, const std::string &value) {
    text += text.size() > 8 ? ",\"" : "\"";
    text += name;
    text += "\":";
    text += value;
  };
  text += "{\"row\":{";
  column("alt_m", canonicalNumber(storable(incident.position.alt_m)));
  column("class", canonicalString(incidentClassName(incident.incidentClass)));
  column("confidence", canonicalNumber(storable(incident.confidence)));
  column("created_utc_ns", canonicalNumber(created_utc_ns));
  column("horizontal_error_m", canonicalNumber(storable(incident.horizontal_error_m)));
  column("id", canonicalNumber(rowId));
  column("label", canonicalString(incident.id));
  column("lat", canonicalNumber(storable(incident.position.lat_deg)));
  column("lon", canonicalNumber(storable(incident.position.lon_deg)));
  column("rounds", canonicalNumber(static_cast<std::int64_t>(incident.rounds)));
  column("source", canonicalString(source));
  column("status", canonicalString(incidentStatusName(IncidentStatus::New)));
  column("time_utc_ns", canonicalNumber(incident.time_utc_ns));
  text += "},\"sensors\":[";
  std::vector<std::string_view> sensors(incident.sensors.begin(), incident.sensors.end());
  std::sort(sensors.begin(), sensors.end()); // ORDER BY sensor: byte order
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    text += i ? "," : "";
    text += canonicalString(sensors[i]);
  }
  text += "],\"shots\":[";
  for (std::size_t i = 0; i < incident.shots.size(); ++i) {
    text += i ? ",[" : "[";
    text += canonicalNumber(static_cast<std::int64_t>(i));
    text += ",";
    text += canonicalNumber(incident.shots[i].time_utc_ns);
    text += "]";
  }
  text += "]}";
  return text;
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
    : database_(database), actor_(std::move(actor)), audit_(database), index_(database),
      insertIncident_(database,
                      "INSERT INTO incidents (label, source, time_utc_ns, lat, lon, alt_m, "
                      "horizontal_error_m, class, confidence, rounds, status, created_utc_ns) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?)"),
      insertShot_(database,
                  "INSERT INTO shots (incident, shot_index, time_utc_ns) VALUES (?, ?, ?)"),
      insertSensor_(database, "INSERT INTO incident_sensors (incident, sensor) VALUES (?, ?)"),
      selectShots_(database, "SELECT incident, time_utc_ns FROM shots WHERE incident IN "
                             "(SELECT value FROM json_each(?)) ORDER BY incident, shot_index"),
      selectSensors_(database, "SELECT incident, sensor FROM incident_sensors WHERE incident IN "
                               "(SELECT value FROM json_each(?)) ORDER BY incident, sensor"),
      insertIncidentRows_(database,
                          "INSERT INTO incidents (id, label, source, time_utc_ns, lat, lon, alt_m, "
                          "horizontal_error_m, class, confidence, rounds, created_utc_ns)",
                          12),
      insertShots_(database, "INSERT INTO shots (incident, shot_index, time_utc_ns)", 3),
      insertSensors_(database, "INSERT INTO incident_sensors (incident, sensor)", 2) {}

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

  const IncidentIndexPoint point{rowId, incident.position.lat_deg, incident.position.lon_deg,
                                 incident.time_utc_ns};
  index_.add(std::span(&point, 1));
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

void IncidentStore::checkSensors(std::span<const Incident> incidents) {
  std::vector<std::string> known;
  Statement sensors(database_, "SELECT sensor_id FROM sensors ORDER BY sensor_id");
  while (sensors.step()) {
    known.push_back(sensors.columnText(0));
  }
  std::vector<std::string_view> used;
  for (const Incident &incident : incidents) {
    used.assign(incident.sensors.begin(), incident.sensors.end());
    std::sort(used.begin(), used.end());
    const auto twice = std::adjacent_find(used.begin(), used.end());
    for (const std::string_view sensor : used) {
      if (!std::binary_search(known.begin(), known.end(), sensor) ||
          (twice != used.end() && *twice == sensor)) {
        throw InputError(database_.fileName(), "incident " + incident.id, "sensors",
                         "names sensor " + std::string(sensor) +
                             ", which is not in the store or is listed twice");
      }
    }
  }
}

// Rows go table by table, many per statement run (BatchInsert): the incidents, their
// index entries, shots, sensors, then the audit records,
// one per incident as insertInTransaction() writes them.
std::vector<std::int64_t> IncidentStore::insertBatch(std::span<const Incident> incidents,
                                                     std::string_view source) {
  for (const Incident &incident : incidents) {
    validate(incident);
  }
  Transaction transaction(database_);
  checkSensors(incidents);
  // Explicit ids, as SQLite would choose them (no AUTOINCREMENT: largest + 1); the
  // write lock of BEGIN IMMEDIATE keeps anyone else from taking them meanwhile.
  const std::int64_t lastId = database_.queryInt64("SELECT max(id) FROM incidents");
  if (lastId > std::numeric_limits<std::int64_t>::max() - 1 - std::ssize(incidents)) {
    throw StoreError(database_.fileName(), "incidents", "id", "has no row ids left");
  }
  std::vector<std::int64_t> ids(incidents.size());
  std::vector<UtcNs> created_utc_ns(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    ids[i] = lastId + 1 + static_cast<std::int64_t>(i);
    created_utc_ns[i] = nowUtc_ns();
  }
  insertIncidentRows_.run(incidents.size(), [&](Statement &insert, int p, std::size_t i) {
    const Incident &incident = incidents[i];
    insert.bind(p, ids[i]).bind(p + 1, incident.id).bind(p + 2, source);
    insert.bind(p + 3, incident.time_utc_ns);
    insert.bind(p + 4, storable(incident.position.lat_deg));
    insert.bind(p + 5, storable(incident.position.lon_deg));
    insert.bind(p + 6, storable(incident.position.alt_m));
    insert.bind(p + 7, storable(incident.horizontal_error_m));
    insert.bind(p + 8, incidentClassName(incident.incidentClass));
    insert.bind(p + 9, storable(incident.confidence)).bind(p + 10, incident.rounds);
    insert.bind(p + 11, created_utc_ns[i]);
  });
  insertIndexRows(incidents, ids);
  insertShotsAndSensors(incidents, ids);
  std::vector<AuditLog::Entry> records(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    records[i] = {ids[i], canonicalNewIncident(ids[i], incidents[i], source, created_utc_ns[i])};
  }
  audit_.appendMany(actor_, "insert", "incident", records);
  transaction.commit();
  return ids;
}

void IncidentStore::insertIndexRows(std::span<const Incident> incidents,
                                    std::span<const std::int64_t> ids) {
  std::vector<IncidentIndexPoint> points(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    points[i] = {ids[i], incidents[i].position.lat_deg, incidents[i].position.lon_deg,
                 incidents[i].time_utc_ns};
  }
  index_.add(points);
}

void IncidentStore::insertShotsAndSensors(std::span<const Incident> incidents,
                                          std::span<const std::int64_t> ids) {
  struct Shot {
    std::int64_t incident;
    std::int64_t index;
    UtcNs time_utc_ns;
  };
  std::vector<Shot> shots;
  std::vector<std::pair<std::int64_t, std::string_view>> sensors;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    for (std::size_t shot = 0; shot < incidents[i].shots.size(); ++shot) {
      shots.push_back(
          {ids[i], static_cast<std::int64_t>(shot), incidents[i].shots[shot].time_utc_ns});
    }
    for (const std::string &sensor : incidents[i].sensors) {
      sensors.emplace_back(ids[i], sensor);
    }
  }
  insertShots_.run(shots.size(), [&](Statement &insert, int p, std::size_t i) {
    insert.bind(p, shots[i].incident).bind(p + 1, shots[i].index).bind(p + 2, shots[i].time_utc_ns);
  });
  insertSensors_.run(sensors.size(), [&](Statement &insert, int p, std::size_t i) {
    insert.bind(p, sensors[i].first).bind(p + 1, sensors[i].second);
  });
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

// Parameters 1..12 of the area condition below. The R*Tree gives the buckets whose box
// meets the area's; their incidents are then compared exactly. CROSS JOIN keeps that
// order: SQLite would otherwise guess at the virtual table's cost.
constexpr const char *kAreaCondition =
    "incident_buckets r CROSS JOIN incident_bucket_members m ON m.bucket = r.id "
    "CROSS JOIN incidents i ON i.id = m.incident "
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
