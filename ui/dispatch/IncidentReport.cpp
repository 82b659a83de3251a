#include "dispatch/IncidentReport.h"

#include "common/InputError.h"

#include <algorithm>

namespace salvo {

IncidentReport loadIncidentReport(Database &database, std::int64_t incidentRowId) {
  IncidentReport report;
  IncidentStore incidents(database, "report");
  std::optional<StoredIncident> stored = incidents.find(incidentRowId);
  if (!stored) {
    throw InputError(database.fileName(), "incident #" + std::to_string(incidentRowId), {},
                     "does not exist");
  }
  report.incident = std::move(*stored);
  report.reviews = ReviewStore(database).reviewsOf(incidentRowId);
  report.dispatches = DispatchStore(database).dispatchesOf(incidentRowId);
  report.evidence = EvidenceStore(database, "report").clipsOf(incidentRowId);
  AuditLog log(database);
  auto add = [&](std::string_view entity, std::int64_t id) {
    const std::vector<AuditRecord> records = log.history(entity, id);
    report.audit.insert(report.audit.end(), records.begin(), records.end());
  };
  add("incident", incidentRowId);
  for (const StoredReview &review : report.reviews) {
    add("review", review.id);
  }
  for (const StoredDispatch &dispatch : report.dispatches) {
    add("dispatch", dispatch.id);
  }
  for (const EvidenceClipInfo &clip : report.evidence) {
    add("evidence_clip", clip.id);
  }
  std::sort(report.audit.begin(), report.audit.end(),
            [](const AuditRecord &a, const AuditRecord &b) { return a.seq < b.seq; });
  return report;
}

} // namespace salvo
