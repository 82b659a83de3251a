#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salvo {

// Time in Salvo is one integer: UTC nanoseconds since the Unix epoch, as stamped by
// GPS-disciplined sensor clocks. An int64 covers 1678..2262 with nanosecond steps, and
// unlike a double it keeps sub-microsecond resolution at today's epoch values.
using UtcNs = std::int64_t;

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

constexpr double nanosToSeconds(std::int64_t duration_ns) {
  return static_cast<double>(duration_ns) * 1e-9;
}

// Rounds to the nearest nanosecond.
inline std::int64_t secondsToNanos(double duration_s) {
  return static_cast<std::int64_t>(std::llround(duration_s * 1e9));
}

UtcNs nowUtc_ns();

// "2026-07-05T12:34:56.123456789Z": always nine fraction digits and a Z.
std::string formatIso8601Utc(UtcNs time_utc_ns);

// Accepts "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM)" (a space may stand for T).
// Returns nothing for anything else, including impossible dates such as Feb 30.
std::optional<UtcNs> parseIso8601Utc(std::string_view text);

} // namespace salvo
