#pragma once

#include "store/Database.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace salvo {

// The schema this Salvo writes. Each version is one numbered step in
// SchemaMigrations.cpp; a step is never edited once released, only followed by a new one.
inline constexpr int kStoreSchemaVersion = 5;

// Marks a SQLite file as a Salvo store (PRAGMA application_id, "SALV").
inline constexpr int kStoreApplicationId = 0x53414c56;

struct SchemaMigration {
  int version;             // the version the step brings the file to
  const char *description; // recorded in schema_version and in the audit trail
  void (*apply)(Database &database);
};

const std::vector<SchemaMigration> &schemaMigrations();

// 0 for an empty file. Throws StoreError when the file is a SQLite database of some
// other program.
int storeSchemaVersion(Database &database);

// Brings the file to `targetVersion`, one step after another, each in its own
// transaction with its audit record, so a failure leaves the file at the last
// complete version. A file from a newer Salvo is refused with a message naming both
// versions; it is never touched.
void migrateSchema(Database &database, int targetVersion = kStoreSchemaVersion,
                   std::string_view actor = "salvo");

// Opens a store for use: ReadWrite migrates to the current schema, ReadOnly requires it.
Database openStore(const std::filesystem::path &path,
                   Database::Mode mode = Database::Mode::ReadWrite);

} // namespace salvo
