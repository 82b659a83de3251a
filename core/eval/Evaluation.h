#pragma once

#include "contract/Incidents.h"
#include "contract/Truth.h"

#include <optional>
#include <string>
#include <vector>

namespace salvo {

// The matching rule of the scenario contract (../shared/specs/acoustic-scenario.md).
struct EvaluationOptions {
  double match_radius_m = 400.0;
  double time_margin_s = 1.5; // before the first and after the last shot
};

struct ErrorStats {
  int count = 0;
  double median_m = 0.0;
  double p90_m = 0.0;
  double max_m = 0.0;
};

// One truth event and the incident reported for it (the nearest matching one).
struct EventMatch {
  std::size_t event_index = 0;
  std::optional<std::size_t> incident_index;
  double horizontal_error_m = 0.0;
  bool radius_holds = false; // incident's horizontal_error_m >= the actual error
  bool rounds_exact = false;
};

struct EvaluationReport {
  double duration_s = 0.0;
  int events = 0;
  int gunfire_events = 0;
  int incidents = 0;
  int gunfire_incidents = 0;

  // Classified: gunfire events matched by an incident that says gunfire, and gunfire
  // incidents that match a gunfire event.
  double gunfire_recall = 0.0;
  double gunfire_precision = 0.0;
  // Location only (class ignored): gunfire events matched by any incident; all events
  // matched by any incident; incidents that match some event.
  double gunfire_location_recall = 0.0;
  double location_recall = 0.0;
  double location_precision = 0.0;
  int false_incidents = 0; // match no event at all
  double false_incidents_per_hour = 0.0;
  int false_gunfire_incidents = 0; // say gunfire, match no gunfire event

  ErrorStats gunfire_error; // over matched gunfire events
  ErrorStats all_error;     // over all matched events
  double gunfire_rounds_exact = 0.0;
  double rounds_exact = 0.0;
  double radius_coverage = 0.0; // over all matched events
  double gunfire_radius_coverage = 0.0;

  std::vector<EventMatch> matches; // one an event, truth order
};

// `duration_s`: how long the scenario runs (for false incidents an hour).
EvaluationReport evaluateIncidents(const ScenarioTruth &truth, const IncidentsFile &incidents,
                                   double duration_s, const EvaluationOptions &options = {});

// A human-readable multi-line summary.
std::string formatEvaluationReport(const EvaluationReport &report);

} // namespace salvo
