#pragma once

#include "store/BatchInsert.h"
#include "store/Canonical.h"
#include "store/Database.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace salvo {

// One record of the append-only audit trail.
struct AuditRecord {
  std::int64_t seq = 0;
  UtcNs time_utc_ns = 0;
  std::string actor;  // user name, or the program that made the change
  std::string action; // "insert", "update", "migrate"...
  std::string entity; // "incident", "review", "dispatch", "evidence_clip", "user"...
  std::optional<std::int64_t> entity_id;
  std::string content; // canonical text of the row(s) after the change
  Sha256 prev_hash{};
  Sha256 hash{};
};

// The hashed text of a record: every field but the hashes, in a fixed order.
std::string canonicalAuditRecord(const AuditRecord &record);

// The tamper-evident audit trail (table audit_log).
//
// Every change of state appends a record; hash = SHA-256(prev_hash || canonical
// record), the first record chaining from 32 zero bytes. The record's content is the
// canonical form of the row as stored (for an incident: its row, its shots and the
// sensors used), so verifyAudit() can recompute every audited row and compare it with
// the latest record for it: an UPDATE or DELETE made behind Salvo's back, with the
// sqlite3 shell say, no longer matches. Triggers refuse UPDATE and DELETE on
// audit_log itself, but the chain does not rely on them.
//
// A chain without a secret can be recomputed whole by someone with write access; to
// make that evident too, keep the head hash (printed by `salvo-cli audit verify`)
// outside the database and pass it back with --anchor.
class AuditLog {
public:
  explicit AuditLog(Database &database);

  // Appends one record. Must run inside the caller's transaction (BEGIN IMMEDIATE), so
  // the head read here is still the head when the record is written.
  AuditRecord append(std::string_view actor, std::string_view action, std::string_view entity,
                     std::optional<std::int64_t> entityId, std::string_view content);

  // Appends a record whose content is the current canonical form of an audited row.
  AuditRecord recordRow(std::string_view actor, std::string_view action, std::string_view entity,
                        std::int64_t entityId);

  // Canonical form of an audited row as it is stored now; nothing when it is gone.
  std::optional<std::string> canonicalEntity(std::string_view entity, std::int64_t entityId);

  std::vector<AuditRecord> history(std::string_view entity, std::int64_t entityId);
  std::optional<AuditRecord> head();
  std::int64_t count();

  // One record for the entity with this id and content.
  struct Entry {
    std::int64_t entity_id = 0;
    std::string content;
  };
  // Appends one record per entry, in order, exactly as append() would one by one, but
  // reading the chain head once and writing the records with multi-row INSERTs
  // (IncidentStore::insertBatch). Inside the caller's BEGIN IMMEDIATE transaction.
  void appendMany(std::string_view actor, std::string_view action, std::string_view entity,
                  std::span<const Entry> entries);

private:
  struct ChainHead {
    std::int64_t seq = 0;
    Sha256 hash{};
  };
  ChainHead readHead();

  // Prepared once per AuditLog, reset before each use: appends run per stored row.
  Statement &cached(const std::string &sql);

  Database &database_;
  std::map<std::string, Statement> statements_;
  BatchInsert insertMany_;
};

// Entities whose rows verifyAudit() compares with the trail, and their tables.
struct AuditedTable {
  const char *entity;
  const char *table;
  const char *key; // primary key column
};
const std::vector<AuditedTable> &auditedTables();

struct AuditVerification {
  bool ok = true;
  std::int64_t records = 0;      // audit records walked
  std::int64_t rows_checked = 0; // audited rows compared with their latest record
  Sha256 head{};                 // hash of the last record
  // When !ok: the first problem found, naming the record or row.
  std::string problem;
  std::string entity;
  std::optional<std::int64_t> entity_id;
  std::optional<std::int64_t> seq;
};

// Walks the whole chain (hashes, sequence), then compares every audited row with the
// latest record for it: a changed row, a deleted row and a row that no record
// describes are each reported by name. `anchor`, when given, is a head hash recorded
// earlier: the chain must still contain it, so truncating or rewriting the trail is
// caught too. Also runs PRAGMA integrity_check and foreign_key_check first.
AuditVerification verifyAudit(Database &database, const std::optional<Sha256> &anchor = {});

} // namespace salvo
