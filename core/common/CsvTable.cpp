#include "common/CsvTable.h"

#include "common/InputError.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace salvo {
namespace {

std::string trimmed(const std::string &text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Splits the whole text into records; a record ends at a line break outside quotes.
class CsvScanner {
public:
  CsvScanner(const std::string &text, std::string file) : text_(text), file_(std::move(file)) {
    if (text_.rfind("\xEF\xBB\xBF", 0) == 0) {
      pos_ = 3;
    }
  }

  bool atEnd() const { return pos_ >= text_.size(); }
  int line() const { return line_; }

  std::vector<std::string> nextRecord() {
    std::vector<std::string> fields(1);
    const int startLine = line_;
    bool quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"' && pos_ < text_.size() && text_[pos_] == '"') {
          fields.back() += '"';
          ++pos_;
        } else if (c == '"') {
          quoted = false;
        } else {
          line_ += c == '\n' ? 1 : 0;
          fields.back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        ++line_;
        return fields;
      } else if (c != '\r') {
        fields.back() += c;
      }
    }
    if (quoted) {
      throw InputError(file_, "line " + std::to_string(startLine), "",
                       "a quoted field is not closed before the end of the file");
    }
    return fields;
  }

private:
  const std::string &text_;
  std::string file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool isBlank(const std::vector<std::string> &record) {
  return std::all_of(record.begin(), record.end(),
                     [](const std::string &field) { return trimmed(field).empty(); });
}

} // namespace

std::optional<std::size_t> CsvTable::column(std::initializer_list<const char *> names) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    for (const char *name : names) {
      if (lowered(header[i]) == lowered(name)) {
        return i;
      }
    }
  }
  return std::nullopt;
}

CsvTable parseCsv(const std::string &text, const std::string &fileLabel) {
  CsvTable table;
  table.file = fileLabel;
  CsvScanner scanner(text, fileLabel);
  while (!scanner.atEnd() && table.header.empty()) {
    std::vector<std::string> record = scanner.nextRecord();
    if (!isBlank(record)) {
      std::transform(record.begin(), record.end(), record.begin(), trimmed);
      table.header = std::move(record);
    }
  }
  if (table.header.empty()) {
    throw InputError(fileLabel, "", "", "the file has no header row");
  }
  while (!scanner.atEnd()) {
    const int line = scanner.line();
    std::vector<std::string> record = scanner.nextRecord();
    if (isBlank(record)) {
      continue;
    }
    if (record.size() != table.header.size()) {
      throw InputError(fileLabel, "line " + std::to_string(line), "",
                       "has " + std::to_string(record.size()) + " fields; the header has " +
                           std::to_string(table.header.size()));
    }
    std::transform(record.begin(), record.end(), record.begin(), trimmed);
    table.rows.push_back(std::move(record));
    table.rowLines.push_back(line);
  }
  return table;
}

CsvTable readCsvFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), "", "", "cannot be opened for reading");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseCsv(text.str(), path.string());
}

} // namespace salvo
