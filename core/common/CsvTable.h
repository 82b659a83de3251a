#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// A CSV file as spreadsheets and GIS tools write it (RFC 4180: quoted fields with
// commas, doubled quotes and line breaks inside quotes; CRLF or LF; a UTF-8 BOM),
// with a header row. Errors name the file and line.
struct CsvTable {
  std::string file;                           // label for messages
  std::vector<std::string> header;            // as written, trimmed
  std::vector<std::vector<std::string>> rows; // one per data row, header width
  std::vector<int> rowLines;                  // 1-based line where each row starts

  // The column whose header matches one of `names` (case-insensitive).
  std::optional<std::size_t> column(std::initializer_list<const char *> names) const;
};

CsvTable parseCsv(const std::string &text, const std::string &fileLabel);
CsvTable readCsvFile(const std::filesystem::path &path);

} // namespace salvo
