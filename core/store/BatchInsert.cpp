#include "store/BatchInsert.h"

#include <utility>

namespace salvo {

BatchInsert::BatchInsert(Database &database, std::string insertHead, int columns)
    : database_(database), head_(std::move(insertHead)), columns_(columns) {}

int BatchInsert::chunkLog2(std::size_t remaining) {
  int log2 = 0;
  while (log2 < kMaxRowsLog2 && (std::size_t{2} << log2) <= remaining) {
    ++log2;
  }
  return log2;
}

Statement &BatchInsert::statementFor(int log2) {
  std::optional<Statement> &statement = statements_[static_cast<std::size_t>(log2)];
  if (!statement) {
    std::string row = "(";
    for (int column = 0; column < columns_; ++column) {
      row += column ? ",?" : "?";
    }
    row += ")";
    std::string sql = head_ + " VALUES ";
    for (std::size_t i = 0; i < (std::size_t{1} << log2); ++i) {
      sql += i ? "," + row : row;
    }
    statement.emplace(database_, sql);
  }
  return *statement;
}

} // namespace salvo
