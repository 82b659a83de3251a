#pragma once

#include "time/UtcTime.h"

#include <cstdint>

namespace salvo {

class Statement;

// The incidents_rtree index (rtree_i32): latitude and longitude in 1e-7 degree
// (±1.8e9 fits an int32, about 1 cm on the ground) and time in whole seconds since
// 2020-01-01 (an int32 reaches 2088). Integer boxes are widened outwards, floor for
// the minimum and ceil for the maximum, so the index never misses a point; queries
// then compare the exact REAL and nanosecond columns of the incidents table.
struct IncidentIndexBox {
  std::int32_t min_lat_e7 = 0;
  std::int32_t max_lat_e7 = 0;
  std::int32_t min_lon_e7 = 0;
  std::int32_t max_lon_e7 = 0;
  std::int32_t min_time_s = 0;
  std::int32_t max_time_s = 0;
};

IncidentIndexBox incidentIndexBox(double minLat_deg, double maxLat_deg, double minLon_deg,
                                  double maxLon_deg, UtcNs from_utc_ns, UtcNs to_utc_ns);

// One incident's entry: its row id and its point as a (widened) box.
struct IncidentIndexRow {
  std::int64_t id = 0;
  IncidentIndexBox box;
};

IncidentIndexRow incidentIndexRow(std::int64_t incidentId, double lat_deg, double lon_deg,
                                  UtcNs time_utc_ns);

// Binds the 7 columns of one row, from parameter `first` on.
void bindIncidentIndexRow(Statement &insert, int first, const IncidentIndexRow &row);

// Binds parameters 1..7 of "INSERT INTO incidents_rtree VALUES (?,?,?,?,?,?,?)".
void bindIncidentIndexRow(Statement &insert, std::int64_t incidentId, double lat_deg,
                          double lon_deg, UtcNs time_utc_ns);

} // namespace salvo
