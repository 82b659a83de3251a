#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace salvo {

class Database;

// One prepared statement. Prepared once, bound and stepped many times: the store's
// hot paths (batch insert, rectangle query) never re-parse SQL. Errors throw
// StoreError naming the database file.
class Statement {
public:
  enum class ColumnType { Integer, Real, Text, Blob, Null };

  Statement(Database &database, std::string_view sql);
  ~Statement();
  Statement(Statement &&other) noexcept;
  Statement &operator=(Statement &&other) noexcept;
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;

  // Parameters are numbered from 1, as in SQL.
  Statement &bind(int index, std::int64_t value);
  Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement &bind(int index, double value);
  Statement &bind(int index, std::string_view text);
  Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
  Statement &bind(int index, const std::string &text) {
    return bind(index, std::string_view(text));
  }
  Statement &bindBlob(int index, std::span<const std::uint8_t> bytes);
  Statement &bindNull(int index);

  // True while a result row is ready; false once the statement is done.
  bool step();
  // Steps a statement that returns no rows, then resets it for the next use.
  void run();
  // Ready for new bindings (old ones cleared).
  void reset();

  // Columns are numbered from 0, as in sqlite3_column_*.
  int columnCount() const;
  std::string columnName(int column) const;
  ColumnType columnType(int column) const;
  std::int64_t columnInt64(int column) const;
  double columnDouble(int column) const;
  std::string columnText(int column) const;
  std::vector<std::uint8_t> columnBlob(int column) const;
  std::optional<std::int64_t> columnOptionalInt64(int column) const;

private:
  Database *database_ = nullptr;
  sqlite3_stmt *statement_ = nullptr;
};

// An open SQLite file with Salvo's connection settings. Opening does not migrate: use
// openStore() (SchemaMigrations.h) for a database the application works with.
//
// ReadWrite creates the file when missing and puts it in WAL mode with foreign keys
// on and synchronous=FULL, so a committed transaction survives a killed process and a
// power cut. ReadOnly never writes, not even the journal mode, so a file on a
// read-only medium can still be exported and verified.
class Database {
public:
  enum class Mode { ReadWrite, ReadOnly };

  Database(const std::filesystem::path &path, Mode mode, int busyTimeout_ms = 5000);
  ~Database();
  Database(Database &&other) noexcept;
  Database &operator=(Database &&other) noexcept;
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::string fileName() const { return path_.string(); }
  Mode mode() const { return mode_; }
  sqlite3 *handle() const { return db_; }

  // Runs one or more statements without results (schema scripts, pragmas).
  void exec(std::string_view sql);
  // Value of the first column of the first row, as text ("" when no row).
  std::string queryText(std::string_view sql);
  std::int64_t queryInt64(std::string_view sql);

  std::int64_t lastInsertRowId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  bool tableExists(std::string_view table);

  // Throws StoreError for a SQLite result code, with a problem a user understands.
  [[noreturn]] void fail(int resultCode, std::string_view doing) const;

private:
  sqlite3 *db_ = nullptr;
  std::filesystem::path path_;
  Mode mode_ = Mode::ReadWrite;
};

// BEGIN IMMEDIATE ... COMMIT. IMMEDIATE takes the write lock at the start, so two
// writers never both read the audit chain head and then fork it. Rolls back when
// destroyed without commit(): an exception leaves the file as it was.
class Transaction {
public:
  explicit Transaction(Database &database);
  ~Transaction();
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;

  void commit();

private:
  Database &database_;
  bool open_ = false;
};

} // namespace salvo
