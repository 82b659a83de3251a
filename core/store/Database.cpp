#include "store/Database.h"

#include "store/StoreError.h"

#include <sqlite3.h>

#include <system_error>
#include <utility>

namespace salvo {
namespace {

// The CHECK (x IN ('a', 'b', 'c')) constraints of the schema make SQLite build a small
// ephemeral table for every inserted row, and by default each such table starts with a
// bulk page-cache allocation of 20 pages (~90 KB): malloc then grows and trims the heap
// through brk for every row, a third of the ingest time. Without the bulk allocation the
// pages come one at a time from malloc's free lists. Must precede sqlite3_initialize();
// when something initialised SQLite earlier the call is refused and nothing changes.
void configureSqliteOnce() {
  static const int configured = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  (void)configured;
}

std::string problemFor(int resultCode) {
  switch (resultCode & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return "the database is locked by another process";
  case SQLITE_READONLY:
    return "the database is read-only (file or folder permissions, or a read-only medium)";
  case SQLITE_CORRUPT:
    return "the database is damaged (corrupt); restore it from a backup";
  case SQLITE_NOTADB:
    return "the file is not a SQLite database";
  case SQLITE_CANTOPEN:
    return "the file cannot be opened (missing folder or no permission)";
  case SQLITE_FULL:
    return "the disk is full";
  case SQLITE_IOERR:
    return "input/output error while accessing the database";
  case SQLITE_PERM:
  case SQLITE_AUTH:
    return "access to the database was denied";
  case SQLITE_CONSTRAINT:
    return "a database constraint was violated";
  case SQLITE_NOMEM:
    return "out of memory";
  default:
    return "database error";
  }
}

} // namespace

Database::Database(const std::filesystem::path &path, Mode mode, int busyTimeout_ms)
    : path_(path), mode_(mode) {
  std::error_code ec;
  if (mode == Mode::ReadOnly && !std::filesystem::exists(path, ec)) {
    throw StoreError(fileName(), "no such database file", SQLITE_CANTOPEN);
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw StoreError(fileName(), "is a folder, not a database file", SQLITE_CANTOPEN);
  }
  const int flags =
      (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  configureSqliteOnce();
  const int rc = sqlite3_open_v2(path.string().c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StoreError(fileName(), problemFor(rc) + " (SQLite: " + message + ")", rc & 0xff);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busyTimeout_ms);
  try {
    if (mode == Mode::ReadWrite && sqlite3_db_readonly(db_, "main") == 1) {
      throw StoreError(fileName(), problemFor(SQLITE_READONLY), SQLITE_READONLY);
    }
    // Reading the schema makes SQLite read the header: a file that is not a database or
    // whose first page is damaged fails here, at open, not in the middle of some work.
    queryInt64("SELECT count(*) FROM sqlite_schema");
    exec("PRAGMA foreign_keys = ON");
    if (mode == Mode::ReadWrite) {
      if (queryText("PRAGMA journal_mode = WAL") != "wal") {
        throw StoreError(fileName(), "cannot switch the database to WAL mode");
      }
      // FULL: a commit that returned is on the disk, not only in the OS cache.
      exec("PRAGMA synchronous = FULL");
    }
    // 64 MiB of page cache: R*Tree and index inserts land all over a large file.
    exec("PRAGMA cache_size = -65536");
    // Reads through a memory map: a map query over a year of incidents touches a few
    // hundred random pages, and mapped pages cost no read() call and no copy (15 → a
    // few ms median over 1,000,000 incidents). Writes still go through the WAL.
    exec("PRAGMA mmap_size = 1073741824");
    if (mode == Mode::ReadOnly) {
      exec("PRAGMA query_only = ON");
    }
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Database::~Database() {
  if (db_) {
    sqlite3_close_v2(db_);
  }
}

Database::Database(Database &&other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), mode_(other.mode_) {}

Database &Database::operator=(Database &&other) noexcept {
  if (this != &other) {
    if (db_) {
      sqlite3_close_v2(db_);
    }
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    mode_ = other.mode_;
  }
  return *this;
}

void Database::fail(int resultCode, std::string_view doing) const {
  std::string problem = problemFor(resultCode);
  if (!doing.empty()) {
    problem += " while ";
    problem += doing;
  }
  if (db_) {
    problem += " (SQLite: ";
    problem += sqlite3_errmsg(db_);
    problem += ")";
  }
  throw StoreError(fileName(), problem, resultCode & 0xff);
}

void Database::exec(std::string_view sql) {
  char *message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) {
    fail(rc, "running \"" + text.substr(0, 60) + "\"");
  }
}

std::string Database::queryText(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.columnText(0) : std::string();
}

std::int64_t Database::queryInt64(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.columnInt64(0) : 0;
}

std::int64_t Database::lastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

bool Database::tableExists(std::string_view table) {
  Statement statement(*this, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  statement.bind(1, table);
  return statement.step();
}

// --- Statement --------------------------------------------------------------------------

Statement::Statement(Database &database, std::string_view sql) : database_(&database) {
  const int rc = sqlite3_prepare_v3(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
  if (rc != SQLITE_OK) {
    database.fail(rc, "preparing \"" + std::string(sql.substr(0, 60)) + "\"");
  }
}

Statement::~Statement() {
  sqlite3_finalize(statement_);
}

Statement::Statement(Statement &&other) noexcept
    : database_(other.database_), statement_(std::exchange(other.statement_, nullptr)) {}

Statement &Statement::operator=(Statement &&other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    database_ = other.database_;
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

Statement &Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK) {
    database_->fail(rc, "binding a parameter");
  }
  return *this;
}

Statement &Statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(statement_, index, value);
  if (rc != SQLITE_OK) {
    database_->fail(rc, "binding a parameter");
  }
  return *this;
}

Statement &Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK) {
    database_->fail(rc, "binding a parameter");
  }
  return *this;
}

Statement &Statement::bindBlob(int index, std::span<const std::uint8_t> bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
  static const std::uint8_t empty = 0;
  const int rc = sqlite3_bind_blob64(statement_, index, bytes.empty() ? &empty : bytes.data(),
                                     bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) {
    database_->fail(rc, "binding a parameter");
  }
  return *this;
}

Statement &Statement::bindNull(int index) {
  const int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK) {
    database_->fail(rc, "binding a parameter");
  }
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const std::string sql = sqlite3_sql(statement_) ? sqlite3_sql(statement_) : "";
  sqlite3_reset(statement_);
  database_->fail(rc, "running \"" + sql.substr(0, 60) + "\"");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int Statement::columnCount() const {
  return sqlite3_column_count(statement_);
}

std::string Statement::columnName(int column) const {
  const char *name = sqlite3_column_name(statement_, column);
  return name ? name : "";
}

Statement::ColumnType Statement::columnType(int column) const {
  switch (sqlite3_column_type(statement_, column)) {
  case SQLITE_INTEGER:
    return ColumnType::Integer;
  case SQLITE_FLOAT:
    return ColumnType::Real;
  case SQLITE_TEXT:
    return ColumnType::Text;
  case SQLITE_BLOB:
    return ColumnType::Blob;
  default:
    return ColumnType::Null;
  }
}

std::int64_t Statement::columnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::columnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string Statement::columnText(int column) const {
  const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement_, column));
  const int bytes = sqlite3_column_bytes(statement_, column);
  return text ? std::string(text, static_cast<std::size_t>(bytes)) : std::string();
}

std::vector<std::uint8_t> Statement::columnBlob(int column) const {
  const auto *data = static_cast<const std::uint8_t *>(sqlite3_column_blob(statement_, column));
  const int bytes = sqlite3_column_bytes(statement_, column);
  return data ? std::vector<std::uint8_t>(data, data + bytes) : std::vector<std::uint8_t>();
}

std::optional<std::int64_t> Statement::columnOptionalInt64(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) {
    return std::nullopt;
  }
  return sqlite3_column_int64(statement_, column);
}

// --- Transaction ------------------------------------------------------------------------

Transaction::Transaction(Database &database) : database_(database) {
  database_.exec("BEGIN IMMEDIATE");
  open_ = true;
}

Transaction::~Transaction() {
  if (open_) {
    // Never throws from a destructor: a failed rollback leaves SQLite to roll back
    // the journal when the file is next opened.
    sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  database_.exec("COMMIT");
  open_ = false;
}

} // namespace salvo
