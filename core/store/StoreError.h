#pragma once

#include "common/InputError.h"

#include <string>

namespace salvo {

// A database that cannot be used as asked: not a database, damaged, from a newer Salvo,
// locked by another process, read-only, full. It is an InputError (the file is input
// from outside) so every caller that reports bad input reports this too; the message
// names the file and says what is wrong in words, with SQLite's own text after it.
class StoreError : public InputError {
public:
  StoreError(const std::string &file, const std::string &problem, int sqliteCode = 0);
  StoreError(const std::string &file, const std::string &item, const std::string &field,
             const std::string &problem, int sqliteCode = 0);

  // The primary SQLite result code (SQLITE_BUSY, SQLITE_CORRUPT...), 0 when the problem
  // was found by Salvo rather than reported by SQLite.
  int sqliteCode() const noexcept { return sqliteCode_; }

private:
  int sqliteCode_ = 0;
};

} // namespace salvo
