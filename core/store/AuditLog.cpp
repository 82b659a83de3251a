#include "store/AuditLog.h"

#include "store/Database.h"
#include "store/IncidentIndex.h"
#include "store/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <map>

namespace salvo {
namespace {

const Sha256 kGenesis{};

std::string describe(std::string_view entity, std::int64_t id) {
  return std::string(entity) + " " + std::to_string(id);
}

QString shortValue(const QJsonValue &value) {
  if (value.isUndefined()) {
    return QStringLiteral("(absent)");
  }
  if (value.isString()) {
    return QLatin1Char('"') + value.toString() + QLatin1Char('"');
  }
  if (value.isDouble()) {
    return QString::number(value.toDouble(), 'g', 17);
  }
  if (value.isNull()) {
    return QStringLiteral("null");
  }
  const QJsonDocument document =
      value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
  QString text = QString::fromUtf8(document.toJson(QJsonDocument::Compact));
  return text.size() > 120 ? text.left(117) + QStringLiteral("...") : text;
}

void diffObjects(const QJsonObject &recorded, const QJsonObject &current, const QString &prefix,
                 QStringList &changes) {
  QStringList keys = recorded.keys() + current.keys();
  keys.removeDuplicates();
  keys.sort();
  for (const QString &key : keys) {
    const QJsonValue was = recorded.value(key);
    const QJsonValue now = current.value(key);
    if (was == now) {
      continue;
    }
    if (was.isObject() && now.isObject()) {
      diffObjects(was.toObject(), now.toObject(), prefix + key + QLatin1Char('.'), changes);
    } else {
      changes << QStringLiteral("%1%2 recorded %3, now %4")
                     .arg(prefix, key, shortValue(was), shortValue(now));
    }
  }
}

// Which fields differ, in words, for the verify message.
std::string describeDifference(const std::string &recorded, const std::string &current) {
  const QJsonDocument was = QJsonDocument::fromJson(QByteArray::fromStdString(recorded));
  const QJsonDocument now = QJsonDocument::fromJson(QByteArray::fromStdString(current));
  if (!was.isObject() || !now.isObject()) {
    return "content differs";
  }
  QStringList changes;
  diffObjects(was.object(), now.object(), QString(), changes);
  if (changes.isEmpty()) {
    // Same values, different text: a type change such as 0.9 stored as '0.9'.
    return "stored types differ";
  }
  return changes.join(QStringLiteral("; ")).toStdString();
}

AuditRecord readRecord(const Statement &statement) {
  AuditRecord record;
  record.seq = statement.columnInt64(0);
  record.time_utc_ns = statement.columnInt64(1);
  record.actor = statement.columnText(2);
  record.action = statement.columnText(3);
  record.entity = statement.columnText(4);
  record.entity_id = statement.columnOptionalInt64(5);
  record.content = statement.columnText(6);
  const std::vector<std::uint8_t> prev = statement.columnBlob(7);
  const std::vector<std::uint8_t> hash = statement.columnBlob(8);
  if (prev.size() == record.prev_hash.size()) {
    std::copy(prev.begin(), prev.end(), record.prev_hash.begin());
  }
  if (hash.size() == record.hash.size()) {
    std::copy(hash.begin(), hash.end(), record.hash.begin());
  }
  return record;
}

constexpr const char *kRecordColumns =
    "seq, time_utc_ns, actor, action, entity, entity_id, content, prev_hash, hash";

const AuditedTable *findAuditedTable(std::string_view entity) {
  for (const AuditedTable &table : auditedTables()) {
    if (entity == table.entity) {
      return &table;
    }
  }
  return nullptr;
}

} // namespace

const std::vector<AuditedTable> &auditedTables() {
  static const std::vector<AuditedTable> tables = {
      {"schema", "schema_version", "version"},
      {"user", "users", "id"},
      {"sensor", "sensors", "id"},
      {"sensor_health", "sensor_health", "id"},
      {"pulse", "pulses", "id"},
      {"incident", "incidents", "id"},
      {"evidence_clip", "evidence_clips", "id"},
      {"review", "reviews", "id"},
      {"dispatch", "dispatches", "id"},
  };
  return tables;
}

std::string canonicalAuditRecord(const AuditRecord &record) {
  // Appended piece by piece into one buffer: this runs once per stored incident.
  std::string text;
  text.reserve(record.content.size() * 5 / 4 + record.actor.size() + 160);
  text += "{\"action\":";
  text += canonicalString(record.action);
  text += ",\"actor\":";
  text += canonicalString(record.actor);
  text += ",\"content\":";
  text += canonicalString(record.content);
  text += ",\"entity\":";
  text += canonicalString(record.entity);
  text += ",\"entity_id\":";
  text += record.entity_id ? canonicalNumber(*record.entity_id) : std::string("null");
  text += ",\"seq\":";
  text += canonicalNumber(record.seq);
  text += ",\"time_utc_ns\":";
  text += canonicalNumber(record.time_utc_ns);
  text += "}";
  return text;
}

constexpr const char *kInsertHead = "INSERT INTO audit_log (seq, time_utc_ns, actor, action, "
                                    "entity, entity_id, content, prev_hash, hash)";

AuditLog::AuditLog(Database &database)
    : database_(database), insertMany_(database, kInsertHead, 9) {}

Statement &AuditLog::cached(const std::string &sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    found = statements_.emplace(sql, Statement(database_, sql)).first;
  }
  found->second.reset();
  return found->second;
}

AuditRecord AuditLog::append(std::string_view actor, std::string_view action,
                             std::string_view entity, std::optional<std::int64_t> entityId,
                             std::string_view content) {
  AuditRecord record;
  record.actor = actor;
  record.action = action;
  record.entity = entity;
  record.entity_id = entityId;
  record.content = content;
  record.time_utc_ns = nowUtc_ns();
  const ChainHead head = readHead();
  record.seq = head.seq + 1;
  record.prev_hash = head.hash;
  record.hash = sha256Chained(record.prev_hash, canonicalAuditRecord(record));
  Statement &insert = cached(std::string(kInsertHead) + " VALUES (?,?,?,?,?,?,?,?,?)");
  insert.bind(1, record.seq).bind(2, record.time_utc_ns).bind(3, record.actor);
  insert.bind(4, record.action).bind(5, record.entity);
  if (record.entity_id) {
    insert.bind(6, *record.entity_id);
  } else {
    insert.bindNull(6);
  }
  insert.bind(7, record.content).bindBlob(8, record.prev_hash).bindBlob(9, record.hash);
  insert.run();
  return record;
}

void AuditLog::appendMany(std::string_view actor, std::string_view action, std::string_view entity,
                          std::span<const Entry> entries) {
  if (entries.empty()) {
    return;
  }
  ChainHead head = readHead();
  std::vector<AuditRecord> records(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    AuditRecord &record = records[i];
    record.actor = actor;
    record.action = action;
    record.entity = entity;
    record.entity_id = entries[i].entity_id;
    record.content = entries[i].content;
    record.time_utc_ns = nowUtc_ns();
    record.seq = head.seq + 1;
    record.prev_hash = head.hash;
    record.hash = sha256Chained(record.prev_hash, canonicalAuditRecord(record));
    head = ChainHead{record.seq, record.hash};
  }
  insertMany_.run(records.size(), [&](Statement &insert, int first, std::size_t row) {
    const AuditRecord &record = records[row];
    insert.bind(first, record.seq).bind(first + 1, record.time_utc_ns);
    insert.bind(first + 2, record.actor).bind(first + 3, record.action);
    insert.bind(first + 4, record.entity).bind(first + 5, *record.entity_id);
    insert.bind(first + 6, record.content);
    insert.bindBlob(first + 7, record.prev_hash).bindBlob(first + 8, record.hash);
  });
}

AuditLog::ChainHead AuditLog::readHead() {
  Statement &headStatement = cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!headStatement.step()) {
    return ChainHead{0, kGenesis};
  }
  ChainHead head;
  head.seq = headStatement.columnInt64(0);
  const std::vector<std::uint8_t> hash = headStatement.columnBlob(1);
  headStatement.reset(); // a statement left on a row keeps a read open
  if (hash.size() != head.hash.size()) {
    throw StoreError(database_.fileName(), "audit record " + std::to_string(head.seq), "hash",
                     "is not a SHA-256 digest; the audit trail is damaged");
  }
  std::copy(hash.begin(), hash.end(), head.hash.begin());
  return head;
}

AuditRecord AuditLog::recordRow(std::string_view actor, std::string_view action,
                                std::string_view entity, std::int64_t entityId) {
  const std::optional<std::string> content = canonicalEntity(entity, entityId);
  if (!content) {
    throw StoreError(database_.fileName(), describe(entity, entityId), {},
                     "cannot be audited: no such row");
  }
  return append(actor, action, entity, entityId, *content);
}

std::optional<std::string> AuditLog::canonicalEntity(std::string_view entity,
                                                     std::int64_t entityId) {
  const AuditedTable *table = findAuditedTable(entity);
  if (!table) {
    throw StoreError(database_.fileName(), std::string(entity), {}, "is not an audited entity");
  }
  Statement &row =
      cached(std::string("SELECT * FROM ") + table->table + " WHERE " + table->key + " = ?");
  row.bind(1, entityId);
  if (!row.step()) {
    return std::nullopt;
  }
  std::string rowText = canonicalRow(row);
  row.reset(); // a statement left on a row keeps a read open
  if (entity != "incident") {
    return rowText;
  }
  // An incident is its row with its shots and the sensors that located it: the
  // record covers all of them, so changing a shot time is caught as well.
  std::string text = "{\"row\":" + rowText + ",\"sensors\":[";
  Statement &sensors =
      cached("SELECT sensor FROM incident_sensors WHERE incident = ? ORDER BY sensor");
  sensors.bind(1, entityId);
  bool first = true;
  while (sensors.step()) {
    text += (first ? "" : ",") + canonicalString(sensors.columnText(0));
    first = false;
  }
  text += "],\"shots\":[";
  Statement &shots = cached("SELECT shot_index, time_utc_ns FROM shots WHERE incident = ? "
                            "ORDER BY shot_index");
  shots.bind(1, entityId);
  first = true;
  while (shots.step()) {
    text += std::string(first ? "" : ",") + "[" + canonicalNumber(shots.columnInt64(0)) + "," +
            canonicalNumber(shots.columnInt64(1)) + "]";
    first = false;
  }
  return text + "]}";
}

std::vector<AuditRecord> AuditLog::history(std::string_view entity, std::int64_t entityId) {
  Statement statement(database_, std::string("SELECT ") + kRecordColumns +
                                     " FROM audit_log WHERE entity = ? AND entity_id = ? "
                                     "ORDER BY seq");
  statement.bind(1, entity).bind(2, entityId);
  std::vector<AuditRecord> records;
  while (statement.step()) {
    records.push_back(readRecord(statement));
  }
  return records;
}

std::optional<AuditRecord> AuditLog::head() {
  Statement statement(database_, std::string("SELECT ") + kRecordColumns +
                                     " FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!statement.step()) {
    return std::nullopt;
  }
  return readRecord(statement);
}

std::int64_t AuditLog::count() {
  return database_.queryInt64("SELECT count(*) FROM audit_log");
}

AuditVerification verifyAudit(Database &database, const std::optional<Sha256> &anchor) {
  AuditVerification result;
  auto failWith = [&](std::string problem, std::string entity = {},
                      std::optional<std::int64_t> id = {}, std::optional<std::int64_t> seq = {}) {
    result.ok = false;
    result.problem = std::move(problem);
    result.entity = std::move(entity);
    result.entity_id = id;
    result.seq = seq;
    return result;
  };

  {
    Statement integrity(database, "PRAGMA integrity_check");
    std::string report;
    int lines = 0;
    while (lines++ < 5 && integrity.step()) { // the first few problems are enough
      const std::string line = integrity.columnText(0);
      if (line != "ok") {
        report += (report.empty() ? "" : "; ") + line;
      }
    }
    if (!report.empty()) {
      return failWith("the database file is damaged: integrity_check says " + report);
    }
  }

  // 1. The chain: each record's hash over the previous hash and its own content.
  {
    Statement records(database,
                      std::string("SELECT ") + kRecordColumns + " FROM audit_log ORDER BY seq");
    Sha256 previous = kGenesis;
    std::int64_t expectedSeq = 1;
    bool anchorFound = false;
    while (records.step()) {
      const AuditRecord record = readRecord(records);
      if (record.seq != expectedSeq) {
        return failWith("audit record " + std::to_string(expectedSeq) +
                            " is missing (the next record is " + std::to_string(record.seq) + ")",
                        "audit", expectedSeq, expectedSeq);
      }
      if (record.prev_hash != previous) {
        return failWith("audit record " + std::to_string(record.seq) +
                            " does not chain to the record before it (prev_hash differs)",
                        "audit", record.seq, record.seq);
      }
      if (sha256Chained(record.prev_hash, canonicalAuditRecord(record)) != record.hash) {
        return failWith("audit record " + std::to_string(record.seq) +
                            " was altered: its hash does not match its content",
                        "audit", record.seq, record.seq);
      }
      if (anchor && record.hash == *anchor) {
        anchorFound = true;
      }
      previous = record.hash;
      ++expectedSeq;
      ++result.records;
    }
    result.head = previous;
    if (anchor && !anchorFound) {
      return failWith("the audit trail does not contain the anchor " + toHex(*anchor) +
                      ": records were removed or the trail was rewritten");
    }
  }

  // 2. Every audited row against the latest record for it, merged in id order.
  AuditLog log(database);
  for (const AuditedTable &table : auditedTables()) {
    if (!database.tableExists(table.table)) {
      continue;
    }
    Statement audits(database, "SELECT entity_id, seq, content FROM audit_log "
                               "WHERE entity = ? AND entity_id IS NOT NULL "
                               "ORDER BY entity_id, seq");
    audits.bind(1, table.entity);
    Statement rows(database, std::string("SELECT ") + table.key + " FROM " + table.table +
                                 " ORDER BY " + table.key);
    bool haveAudit = audits.step();
    bool haveRow = rows.step();
    while (haveAudit || haveRow) {
      // The latest record of the next audited id.
      std::int64_t auditId = 0;
      std::int64_t auditSeq = 0;
      std::string auditContent;
      if (haveAudit) {
        auditId = audits.columnInt64(0);
        while (haveAudit && audits.columnInt64(0) == auditId) {
          auditSeq = audits.columnInt64(1);
          auditContent = audits.columnText(2);
          haveAudit = audits.step();
        }
      }
      const bool auditValid = !auditContent.empty() || auditSeq != 0;
      if (haveRow && (!auditValid || rows.columnInt64(0) < auditId)) {
        const std::int64_t rowId = rows.columnInt64(0);
        return failWith(describe(table.entity, rowId) + " has no audit record: it was added " +
                            "outside Salvo",
                        table.entity, rowId);
      }
      if (!auditValid) {
        break;
      }
      if (!haveRow || rows.columnInt64(0) > auditId) {
        return failWith(describe(table.entity, auditId) + " is missing: audit record " +
                            std::to_string(auditSeq) + " describes it but the " + table.table +
                            " table has no such row (deleted outside Salvo)",
                        table.entity, auditId, auditSeq);
      }
      const std::optional<std::string> current = log.canonicalEntity(table.entity, auditId);
      if (!current || *current != auditContent) {
        return failWith(describe(table.entity, auditId) + " does not match audit record " +
                            std::to_string(auditSeq) + ": " +
                            describeDifference(auditContent, current.value_or("")),
                        table.entity, auditId, auditSeq);
      }
      ++result.rows_checked;
      haveRow = rows.step();
    }
  }
  // 3. The map index: derived from the incidents, so checked against them rather than
  // audited row by row; a bucket edited behind Salvo's back would hide incidents.
  if (database.tableExists("incident_buckets")) {
    if (const std::optional<IncidentIndexProblem> problem = checkIncidentIndex(database)) {
      return failWith(problem->message, problem->entity, problem->id);
    }
  }
  // 4. Last, so a deleted incident is named above rather than through its orphans.
  {
    Statement foreignKeys(database, "PRAGMA foreign_key_check");
    if (foreignKeys.step()) {
      return failWith("table " + foreignKeys.columnText(0) + " row " +
                      std::to_string(foreignKeys.columnInt64(1)) + " refers to a missing " +
                      foreignKeys.columnText(2) + " row (a row was deleted outside Salvo)");
    }
  }
  return result;
}

} // namespace salvo
