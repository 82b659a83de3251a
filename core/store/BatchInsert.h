#pragma once

#include "store/Database.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace salvo {

// Many rows per statement run: "INSERT INTO t (a, b) VALUES (?,?),(?,?),..." prepared
// once for each power-of-two chunk size up to kMaxRows. SQLite pays some costs once
// per statement run, not per row: starting and halting the VDBE, the statement
// journal, and the small ephemeral tables that the CHECK (x IN ('a', 'b', 'c'))
// constraints build; a 1000-incident batch runs a few dozen statements, not thousands.
class BatchInsert {
public:
  static constexpr int kMaxRowsLog2 = 6;
  static constexpr std::size_t kMaxRows = std::size_t{1} << kMaxRowsLog2;

  // `insertHead` is everything before VALUES: "INSERT INTO shots (incident, time)".
  BatchInsert(Database &database, std::string insertHead, int columns);

  // Calls bindRow(statement, firstParameter, row) for rows 0..rows-1; bindRow binds
  // that row's `columns` values to parameters firstParameter, firstParameter + 1...
  template <typename BindRow>
  void run(std::size_t rows, BindRow &&bindRow) {
    std::size_t done = 0;
    while (done < rows) {
      const int log2 = chunkLog2(rows - done);
      const std::size_t chunk = std::size_t{1} << log2;
      Statement &statement = statementFor(log2);
      for (std::size_t i = 0; i < chunk; ++i) {
        bindRow(statement, static_cast<int>(i) * columns_ + 1, done + i);
      }
      statement.run();
      done += chunk;
    }
  }

private:
  static int chunkLog2(std::size_t remaining);
  Statement &statementFor(int log2);

  Database &database_;
  std::string head_;
  int columns_;
  std::array<std::optional<Statement>, kMaxRowsLog2 + 1> statements_;
};

} // namespace salvo
