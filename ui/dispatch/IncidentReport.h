#pragma once

#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/EvidenceStore.h"
#include "store/IncidentStore.h"
#include "store/ReviewStore.h"

#include <QImage>
#include <QString>

#include <cstdint>
#include <vector>

namespace salvo {

// Everything the printed incident report shows, read from the store once.
struct IncidentReport {
  StoredIncident incident;
  std::vector<StoredReview> reviews;
  std::vector<StoredDispatch> dispatches;
  std::vector<EvidenceClipInfo> evidence;
  // The records of the incident, its reviews, dispatches and evidence, in chain order.
  std::vector<AuditRecord> audit;
  QString address;  // nearest address, when the desk knows it
  QImage map;       // map snapshot around the incident, when given
  QImage waveforms; // the review panel's aligned waveforms, when given
};

// Throws InputError when the incident does not exist.
IncidentReport loadIncidentReport(Database &database, std::int64_t incidentRowId);

} // namespace salvo
