#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace salvo {

class Statement;

// SHA-256 through libsodium (crypto_hash_sha256).
using Sha256 = std::array<std::uint8_t, 32>;

// libsodium must be initialised once before use; safe to call from any thread.
void ensureSodiumInitialised();

Sha256 sha256(std::span<const std::uint8_t> bytes);
Sha256 sha256(std::string_view text);
// SHA-256 of `prefix` followed by `text`: the audit chain's step.
Sha256 sha256Chained(const Sha256 &prefix, std::string_view text);

std::string toHex(std::span<const std::uint8_t> bytes);
std::optional<Sha256> sha256FromHex(std::string_view hex);

// Canonical text: the same stored values always give the same bytes, on every machine,
// so a hash of it can be recomputed years later. Numbers: integers in decimal, reals in
// the shortest form that reads back to the same double; strings JSON-escaped.
std::string canonicalString(std::string_view text);
std::string canonicalNumber(double value);
std::string canonicalNumber(std::int64_t value);

// The current row of `statement` as a JSON object whose keys (column names) are sorted.
// Every column is rendered with its stored type, so an UPDATE that only changes a
// type (0.9 → '0.9') changes the text. A BLOB is rendered as its length and SHA-256.
std::string canonicalRow(const Statement &statement);

} // namespace salvo
