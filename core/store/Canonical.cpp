#include "store/Canonical.h"

#include "store/Database.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace salvo {

void ensureSodiumInitialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      throw std::runtime_error("libsodium could not be initialised");
    }
  });
}

Sha256 sha256(std::span<const std::uint8_t> bytes) {
  ensureSodiumInitialised();
  Sha256 digest{};
  crypto_hash_sha256(digest.data(), bytes.data(), bytes.size());
  return digest;
}

Sha256 sha256(std::string_view text) {
  return sha256(std::span(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

Sha256 sha256Chained(const Sha256 &prefix, std::string_view text) {
  ensureSodiumInitialised();
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, prefix.data(), prefix.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char *>(text.data()),
                            text.size());
  Sha256 digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return digest;
}

std::string toHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

std::optional<Sha256> sha256FromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return std::nullopt;
  }
  Sha256 digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + 2 * i + 2) {
      return std::nullopt;
    }
    digest[i] = static_cast<std::uint8_t>(value);
  }
  return digest;
}

namespace {

bool needsEscape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void appendEscaped(std::string &out, char c) {
  switch (c) {
  case '"':
    out += "\\\"";
    break;
  case '\\':
    out += "\\\\";
    break;
  case '\n':
    out += "\\n";
    break;
  case '\r':
    out += "\\r";
    break;
  case '\t':
    out += "\\t";
    break;
  default: {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += "\\u00";
    out.push_back(kDigits[(c >> 4) & 0x0f]);
    out.push_back(kDigits[c & 0x0f]);
  }
  }
}

} // namespace

std::string canonicalString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 2);
  out.push_back('"');
  // Runs of characters that need no escape are copied whole: audit records escape
  // their content, a few hundred characters per stored incident.
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (needsEscape(text[i])) {
      out.append(text.data() + start, i - start);
      appendEscaped(out, text[i]);
      start = i + 1;
    }
  }
  out.append(text.data() + start, text.size() - start);
  out.push_back('"');
  return out;
}

std::string canonicalNumber(double value) {
  if (!std::isfinite(value)) {
    // JSON has no infinities; SQLite stores NaN as NULL, so only ±inf reach here.
    return value > 0 ? "\"+inf\"" : "\"-inf\"";
  }
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, end);
  // Keep reals distinguishable from integers: 2.0 renders "2.0", never "2".
  if (text.find_first_of(".eE") == std::string::npos) {
    text += ".0";
  }
  return text;
}

std::string canonicalNumber(std::int64_t value) {
  return std::to_string(value);
}

std::string canonicalRow(const Statement &statement) {
  const int columns = statement.columnCount();
  std::vector<std::pair<std::string, int>> names;
  names.reserve(static_cast<std::size_t>(columns));
  for (int column = 0; column < columns; ++column) {
    names.emplace_back(statement.columnName(column), column);
  }
  std::sort(names.begin(), names.end());
  std::string out = "{";
  for (const auto &[name, column] : names) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out += canonicalString(name);
    out.push_back(':');
    switch (statement.columnType(column)) {
    case Statement::ColumnType::Integer:
      out += canonicalNumber(statement.columnInt64(column));
      break;
    case Statement::ColumnType::Real:
      out += canonicalNumber(statement.columnDouble(column));
      break;
    case Statement::ColumnType::Text:
      out += canonicalString(statement.columnText(column));
      break;
    case Statement::ColumnType::Blob: {
      const std::vector<std::uint8_t> blob = statement.columnBlob(column);
      out += "{\"bytes\":" + std::to_string(blob.size()) + ",\"sha256\":\"" + toHex(sha256(blob)) +
             "\"}";
      break;
    }
    case Statement::ColumnType::Null:
      out += "null";
      break;
    }
  }
  out.push_back('}');
  return out;
}

} // namespace salvo
