#include "store/IncidentIndex.h"

#include "store/Database.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace salvo {
namespace {

constexpr std::int64_t kIndexEpoch_s = 1577836800; // 2020-01-01T00:00:00Z

std::int32_t clampToInt32(double value) {
  constexpr double lo = std::numeric_limits<std::int32_t>::min();
  constexpr double hi = std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(std::clamp(value, lo, hi));
}

std::int32_t clampToInt32(std::int64_t value) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(
      value, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

// Floor division: -1 ns is in the second before the epoch, not the one after.
std::int64_t floorSeconds(UtcNs time_utc_ns) {
  std::int64_t seconds = time_utc_ns / kNanosPerSecond;
  if (time_utc_ns % kNanosPerSecond < 0) {
    --seconds;
  }
  return seconds;
}

std::int32_t minSeconds(UtcNs time_utc_ns) {
  return clampToInt32(floorSeconds(time_utc_ns) - kIndexEpoch_s);
}

std::int32_t maxSeconds(UtcNs time_utc_ns) {
  const std::int64_t floor = floorSeconds(time_utc_ns);
  const bool exact = floor * kNanosPerSecond == time_utc_ns;
  return clampToInt32(floor + (exact ? 0 : 1) - kIndexEpoch_s);
}

} // namespace

IncidentIndexBox incidentIndexBox(double minLat_deg, double maxLat_deg, double minLon_deg,
                                  double maxLon_deg, UtcNs from_utc_ns, UtcNs to_utc_ns) {
  IncidentIndexBox box;
  box.min_lat_e7 = clampToInt32(std::floor(minLat_deg * 1e7));
  box.max_lat_e7 = clampToInt32(std::ceil(maxLat_deg * 1e7));
  box.min_lon_e7 = clampToInt32(std::floor(minLon_deg * 1e7));
  box.max_lon_e7 = clampToInt32(std::ceil(maxLon_deg * 1e7));
  box.min_time_s = minSeconds(from_utc_ns);
  box.max_time_s = maxSeconds(to_utc_ns);
  return box;
}

IncidentIndexRow incidentIndexRow(std::int64_t incidentId, double lat_deg, double lon_deg,
                                  UtcNs time_utc_ns) {
  return {incidentId,
          incidentIndexBox(lat_deg, lat_deg, lon_deg, lon_deg, time_utc_ns, time_utc_ns)};
}

void bindIncidentIndexRow(Statement &insert, int first, const IncidentIndexRow &row) {
  insert.bind(first, row.id);
  insert.bind(first + 1, static_cast<std::int64_t>(row.box.min_lat_e7));
  insert.bind(first + 2, static_cast<std::int64_t>(row.box.max_lat_e7));
  insert.bind(first + 3, static_cast<std::int64_t>(row.box.min_lon_e7));
  insert.bind(first + 4, static_cast<std::int64_t>(row.box.max_lon_e7));
  insert.bind(first + 5, static_cast<std::int64_t>(row.box.min_time_s));
  insert.bind(first + 6, static_cast<std::int64_t>(row.box.max_time_s));
}

void bindIncidentIndexRow(Statement &insert, std::int64_t incidentId, double lat_deg,
                          double lon_deg, UtcNs time_utc_ns) {
  bindIncidentIndexRow(insert, 1, incidentIndexRow(incidentId, lat_deg, lon_deg, time_utc_ns));
}

} // namespace salvo
