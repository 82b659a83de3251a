#include "time/UtcTime.h"

#include <chrono>
#include <cstdio>

namespace salvo {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
constexpr std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yearOfEra = static_cast<unsigned>(year - era * 400);
  const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + static_cast<std::int64_t>(dayOfEra) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

constexpr CivilDate civilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto dayOfEra = static_cast<unsigned>(days - era * 146097);
  const unsigned yearOfEra =
      (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const unsigned mp = (5 * dayOfYear + 2) / 153;
  const unsigned day = dayOfYear - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yearOfEra) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool isLeapYear(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned daysInMonth(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` decimal digits at `pos`, advancing it.
std::optional<int> readDigits(std::string_view text, std::size_t &pos, std::size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t &pos, char wanted) {
  if (pos < text.size() && text[pos] == wanted) {
    ++pos;
    return true;
  }
  return false;
}

// Parses the zone designator at the end; returns its offset from UTC in seconds.
std::optional<std::int64_t> readZoneOffset_s(std::string_view text, std::size_t &pos) {
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    return 0;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return std::nullopt;
  }
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  const auto hours = readDigits(text, pos, 2);
  expect(text, pos, ':');
  const auto minutes = readDigits(text, pos, 2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59) {
    return std::nullopt;
  }
  return sign * (*hours * 3600 + *minutes * 60);
}

} // namespace

UtcNs nowUtc_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string formatIso8601Utc(UtcNs time_utc_ns) {
  std::int64_t seconds = time_utc_ns / kNanosPerSecond;
  std::int64_t nanos = time_utc_ns % kNanosPerSecond;
  if (nanos < 0) { // floor division for times before 1970
    nanos += kNanosPerSecond;
    --seconds;
  }
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t secondOfDay = seconds % kSecondsPerDay;
  if (secondOfDay < 0) {
    secondOfDay += kSecondsPerDay;
    --days;
  }
  const CivilDate date = civilFromDays(days);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%09lldZ",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(secondOfDay / 3600),
                static_cast<long long>(secondOfDay / 60 % 60),
                static_cast<long long>(secondOfDay % 60), static_cast<long long>(nanos));
  return buffer;
}

std::optional<UtcNs> parseIso8601Utc(std::string_view text) {
  std::size_t pos = 0;
  const auto year = readDigits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto month = readDigits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto day = readDigits(text, pos, 2);
  if (!day || !(expect(text, pos, 'T') || expect(text, pos, 't') || expect(text, pos, ' '))) {
    return std::nullopt;
  }
  const auto hour = readDigits(text, pos, 2);
  const bool colon1 = expect(text, pos, ':');
  const auto minute = readDigits(text, pos, 2);
  const bool colon2 = expect(text, pos, ':');
  const auto second = readDigits(text, pos, 2);
  if (!hour || !minute || !second || !colon1 || !colon2) {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 ||
      static_cast<unsigned>(*day) > daysInMonth(*year, static_cast<unsigned>(*month)) ||
      *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  std::int64_t fraction_ns = 0;
  if (expect(text, pos, '.') || expect(text, pos, ',')) {
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits == 9) {
        return std::nullopt; // finer than a nanosecond cannot be kept exactly
      }
      fraction_ns = fraction_ns * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (std::size_t i = digits; i < 9; ++i) {
      fraction_ns *= 10;
    }
  }
  const auto offset_s = readZoneOffset_s(text, pos);
  if (!offset_s || pos != text.size()) {
    return std::nullopt;
  }
  const std::int64_t days =
      daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const std::int64_t seconds =
      days * kSecondsPerDay + *hour * 3600 + *minute * 60 + *second - *offset_s;
  return seconds * kNanosPerSecond + fraction_ns;
}

} // namespace salvo
