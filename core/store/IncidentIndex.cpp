#include "store/IncidentIndex.h"

#include "store/Database.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

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

namespace {

struct BucketKey {
  std::int64_t lat_cell = 0;
  std::int64_t lon_cell = 0;
  std::int64_t day = 0;
  auto operator<=>(const BucketKey &) const = default;
};

BucketKey bucketKey(const IncidentIndexPoint &point) {
  constexpr std::int64_t kDay_ns = 86'400 * kNanosPerSecond;
  std::int64_t day = point.time_utc_ns / kDay_ns;
  if (point.time_utc_ns % kDay_ns < 0) {
    --day;
  }
  return {static_cast<std::int64_t>(std::floor(point.lat_deg / kBucketCell_deg)),
          static_cast<std::int64_t>(std::floor(point.lon_deg / kBucketCell_deg)), day};
}

IncidentIndexBox pointBox(const IncidentIndexPoint &point) {
  return incidentIndexRow(point.id, point.lat_deg, point.lon_deg, point.time_utc_ns).box;
}

void bindBox(Statement &insert, int first, const IncidentIndexBox &box) {
  insert.bind(first, static_cast<std::int64_t>(box.min_lat_e7));
  insert.bind(first + 1, static_cast<std::int64_t>(box.max_lat_e7));
  insert.bind(first + 2, static_cast<std::int64_t>(box.min_lon_e7));
  insert.bind(first + 3, static_cast<std::int64_t>(box.max_lon_e7));
  insert.bind(first + 4, static_cast<std::int64_t>(box.min_time_s));
  insert.bind(first + 5, static_cast<std::int64_t>(box.max_time_s));
}

IncidentIndexBox readBox(const Statement &row, int first) {
  auto at = [&row, first](int offset) {
    return static_cast<std::int32_t>(row.columnInt64(first + offset));
  };
  return {at(0), at(1), at(2), at(3), at(4), at(5)};
}

} // namespace

bool boxContains(const IncidentIndexBox &outer, const IncidentIndexBox &inner) {
  return outer.min_lat_e7 <= inner.min_lat_e7 && inner.max_lat_e7 <= outer.max_lat_e7 &&
         outer.min_lon_e7 <= inner.min_lon_e7 && inner.max_lon_e7 <= outer.max_lon_e7 &&
         outer.min_time_s <= inner.min_time_s && inner.max_time_s <= outer.max_time_s;
}

IncidentIndexBox unitedBox(const IncidentIndexBox &a, const IncidentIndexBox &b) {
  return {std::min(a.min_lat_e7, b.min_lat_e7), std::max(a.max_lat_e7, b.max_lat_e7),
          std::min(a.min_lon_e7, b.min_lon_e7), std::max(a.max_lon_e7, b.max_lon_e7),
          std::min(a.min_time_s, b.min_time_s), std::max(a.max_time_s, b.max_time_s)};
}

bool operator==(const IncidentIndexBox &a, const IncidentIndexBox &b) {
  return std::tie(a.min_lat_e7, a.max_lat_e7, a.min_lon_e7, a.max_lon_e7, a.min_time_s,
                  a.max_time_s) == std::tie(b.min_lat_e7, b.max_lat_e7, b.min_lon_e7, b.max_lon_e7,
                                            b.min_time_s, b.max_time_s);
}

std::vector<IncidentBucket> bucketIncidents(std::span<const IncidentIndexPoint> points) {
  std::vector<std::pair<BucketKey, std::size_t>> order(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    order[i] = {bucketKey(points[i]), i};
  }
  std::sort(order.begin(), order.end(), [&points](const auto &a, const auto &b) {
    return std::tie(a.first, points[a.second].id) < std::tie(b.first, points[b.second].id);
  });
  std::vector<IncidentBucket> buckets;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const IncidentIndexPoint &point = points[order[i].second];
    if (i == 0 || order[i].first != order[i - 1].first) {
      buckets.push_back({pointBox(point), {}});
    }
    buckets.back().box = unitedBox(buckets.back().box, pointBox(point));
    buckets.back().members.push_back(point.id);
  }
  return buckets;
}

IncidentIndexWriter::IncidentIndexWriter(Database &database)
    : lastBucket_(database, "SELECT max(bucket) FROM incident_bucket_members"),
      insertBuckets_(database, "INSERT INTO incident_buckets", 7),
      insertMembers_(database, "INSERT INTO incident_bucket_members (bucket, incident)", 2) {}

void IncidentIndexWriter::add(std::span<const IncidentIndexPoint> points) {
  if (points.empty()) {
    return;
  }
  const std::vector<IncidentBucket> buckets = bucketIncidents(points);
  lastBucket_.reset();
  const std::int64_t last = lastBucket_.step() ? lastBucket_.columnInt64(0) : 0;
  lastBucket_.reset(); // a statement left on a row keeps a read open
  struct Member {
    std::int64_t bucket;
    std::int64_t incident;
  };
  std::vector<Member> members;
  members.reserve(points.size());
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    for (const std::int64_t incident : buckets[b].members) {
      members.push_back({last + 1 + static_cast<std::int64_t>(b), incident});
    }
  }
  insertBuckets_.run(buckets.size(), [&](Statement &insert, int p, std::size_t b) {
    insert.bind(p, last + 1 + static_cast<std::int64_t>(b));
    bindBox(insert, p + 1, buckets[b].box);
  });
  insertMembers_.run(members.size(), [&](Statement &insert, int p, std::size_t m) {
    insert.bind(p, members[m].bucket).bind(p + 1, members[m].incident);
  });
}

namespace {

IncidentIndexProblem bucketProblem(std::int64_t bucket, const std::string &what) {
  return {"map index bucket " + std::to_string(bucket) + " " + what +
              " (incident_buckets or incident_bucket_members changed outside Salvo)",
          "incident_bucket", bucket};
}

IncidentIndexProblem incidentProblem(std::int64_t incident, const std::string &what) {
  return {"incident " + std::to_string(incident) + " " + what +
              " (incident_bucket_members changed outside Salvo)",
          "incident", incident};
}

// Walks the buckets and their members together, both in bucket order; collects the
// members' incident ids.
std::optional<IncidentIndexProblem> checkBuckets(Database &database,
                                                 std::vector<std::int64_t> &incidents) {
  Statement buckets(database, "SELECT id, min_lat_e7, max_lat_e7, min_lon_e7, max_lon_e7, "
                              "min_time_s, max_time_s FROM incident_buckets ORDER BY id");
  Statement members(database, "SELECT m.bucket, m.incident, i.id, i.lat, i.lon, i.time_utc_ns "
                              "FROM incident_bucket_members m LEFT JOIN incidents i "
                              "ON i.id = m.incident ORDER BY m.bucket, m.incident");
  bool haveMember = members.step();
  while (buckets.step()) {
    const std::int64_t bucket = buckets.columnInt64(0);
    if (haveMember && members.columnInt64(0) < bucket) {
      return bucketProblem(members.columnInt64(0), "lists incident " +
                                                       std::to_string(members.columnInt64(1)) +
                                                       " but has no box");
    }
    std::optional<IncidentIndexBox> united;
    for (; haveMember && members.columnInt64(0) == bucket; haveMember = members.step()) {
      const std::int64_t incident = members.columnInt64(1);
      if (!members.columnOptionalInt64(2)) {
        return bucketProblem(bucket, "lists incident " + std::to_string(incident) +
                                         ", which is not in the incidents table");
      }
      const IncidentIndexBox box = pointBox(
          {incident, members.columnDouble(3), members.columnDouble(4), members.columnInt64(5)});
      united = united ? unitedBox(*united, box) : box;
      incidents.push_back(incident);
    }
    if (!united) {
      return bucketProblem(bucket, "has a box but no incidents");
    }
    if (!(*united == readBox(buckets, 1))) {
      return bucketProblem(bucket, "has a box that is not the union of its incidents' boxes");
    }
  }
  if (haveMember) {
    return bucketProblem(members.columnInt64(0), "lists incident " +
                                                     std::to_string(members.columnInt64(1)) +
                                                     " but has no box");
  }
  return std::nullopt;
}

} // namespace

std::optional<IncidentIndexProblem> checkIncidentIndex(Database &database) {
  std::vector<std::int64_t> indexed;
  if (std::optional<IncidentIndexProblem> problem = checkBuckets(database, indexed)) {
    return problem;
  }
  std::sort(indexed.begin(), indexed.end());
  const auto twice = std::adjacent_find(indexed.begin(), indexed.end());
  if (twice != indexed.end()) {
    return incidentProblem(*twice, "is in two map index buckets");
  }
  // Every incident indexed: the ids of both, in order, must be the same.
  Statement rows(database, "SELECT id FROM incidents ORDER BY id");
  std::size_t next = 0;
  while (rows.step()) {
    const std::int64_t id = rows.columnInt64(0);
    if (next == indexed.size() || indexed[next] != id) {
      return incidentProblem(id, "is in no map index bucket: area queries would miss it");
    }
    ++next;
  }
  return std::nullopt;
}

} // namespace salvo
