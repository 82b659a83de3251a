#pragma once

#include "store/BatchInsert.h"
#include "store/Database.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salvo {

// Boxes of the map-and-time index (rtree_i32): latitude and longitude in 1e-7 degree
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

// Binds parameters 1..7 of "INSERT INTO incidents_rtree VALUES (?,?,?,?,?,?,?)": the
// one-entry-per-incident index of schema versions 2 to 4 (migration 2 fills it).
void bindIncidentIndexRow(Statement &insert, std::int64_t incidentId, double lat_deg,
                          double lon_deg, UtcNs time_utc_ns);

// Version 5 on, the map index holds one box per bucket rather than one per incident:
// the incidents one batch stores in the same map cell (kBucketCell_deg square) on the
// same UTC day share a bucket, whose box (incident_buckets, rtree_i32) is the union of
// its members' boxes; incident_bucket_members lists each bucket's incidents. Inserting
// one R*Tree entry per incident rewrote a node path per incident, and that path grows
// with the tree: at a million incidents it cost more than everything else an insert
// does. Queries read the candidate buckets, then compare each member's exact columns.
inline constexpr double kBucketCell_deg = 0.05; // about 5.5 × 4 km at mid latitudes

struct IncidentIndexPoint {
  std::int64_t id = 0;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  UtcNs time_utc_ns = 0;
};

struct IncidentBucket {
  IncidentIndexBox box;
  std::vector<std::int64_t> members; // ascending row ids
};

// Groups points by map cell and UTC day; buckets in cell order, members ascending.
std::vector<IncidentBucket> bucketIncidents(std::span<const IncidentIndexPoint> points);

bool boxContains(const IncidentIndexBox &outer, const IncidentIndexBox &inner);
IncidentIndexBox unitedBox(const IncidentIndexBox &a, const IncidentIndexBox &b);
bool operator==(const IncidentIndexBox &a, const IncidentIndexBox &b);

// Writes buckets for newly stored incidents. Inside the caller's transaction; the
// prepared statements live as long as the writer.
class IncidentIndexWriter {
public:
  explicit IncidentIndexWriter(Database &database);
  void add(std::span<const IncidentIndexPoint> points);

private:
  Statement lastBucket_;
  BatchInsert insertBuckets_;
  BatchInsert insertMembers_;
};

// What verifyAudit() reports when the index is not exactly what Salvo derives from the
// incidents: a bucket box that is not the union of its members' boxes, a bucket without
// members, a member that is no incident, an incident in no bucket or in two. Any UPDATE,
// DELETE or INSERT on incident_buckets or incident_bucket_members made outside Salvo
// shows up as one of these (one that leaves them all true changes no query result).
struct IncidentIndexProblem {
  std::string message;
  std::string entity; // "incident" or "incident_bucket"
  std::int64_t id = 0;
};
std::optional<IncidentIndexProblem> checkIncidentIndex(Database &database);

} // namespace salvo
