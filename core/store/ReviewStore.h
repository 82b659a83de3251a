#pragma once

#include "contract/Incidents.h"
#include "store/Database.h"
#include "time/UtcTime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvo {

enum class ReviewDecision { Confirmed, Dismissed };

std::string_view reviewDecisionName(ReviewDecision decision); // "confirmed", "dismissed"
std::optional<ReviewDecision> parseReviewDecision(std::string_view name);

struct StoredReview {
  std::int64_t id = 0;
  std::int64_t incident = 0;
  std::string user;
  ReviewDecision decision = ReviewDecision::Confirmed;
  std::optional<IncidentClass> incidentClass; // set when the analyst reclassified
  std::string reason;
  UtcNs time_utc_ns = 0;
};

// An analyst's decision on an incident: confirmed (possibly as another class) or
// dismissed, with a reason. The review row and the incident's new status and class are
// written and audited in one transaction. Only active analysts and admins may review.
class ReviewStore {
public:
  explicit ReviewStore(Database &database);

  std::int64_t recordReview(std::int64_t incidentRowId, std::string_view userName,
                            ReviewDecision decision, std::optional<IncidentClass> newClass,
                            std::string_view reason);
  std::vector<StoredReview> reviewsOf(std::int64_t incidentRowId);

private:
  Database &database_;
};

struct StoredDispatch {
  std::int64_t id = 0;
  std::int64_t incident = 0;
  std::string user;
  std::string unit; // patrol unit sent
  std::string note;
  UtcNs time_utc_ns = 0;
};

// A dispatch of a unit to an incident; sets the incident's status to dispatched. Only
// active dispatchers and admins may dispatch.
class DispatchStore {
public:
  explicit DispatchStore(Database &database);

  std::int64_t recordDispatch(std::int64_t incidentRowId, std::string_view userName,
                              std::string_view unit, std::string_view note);
  std::vector<StoredDispatch> dispatchesOf(std::int64_t incidentRowId);

private:
  Database &database_;
};

} // namespace salvo
