#pragma once

#include "classify/SoftmaxModel.h"
#include "contract/Incidents.h"
#include "contract/Truth.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace salvo {

// The matching rule of the scenario contract (../shared/specs/acoustic-scenario.md).
struct EvaluationOptions {
  double match_radius_m = 400.0;
  double time_margin_s = 1.5; // before the first and after the last shot
};

// Whether `incident` matches `event` under the contract's rule; its horizontal distance.
bool incidentMatchesEvent(const TruthEvent &event, const Incident &incident,
                          const EvaluationOptions &options);
double horizontalDistance_m(const GeodeticPosition &truth, const GeodeticPosition &estimate);

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

  // Classification, judged on each event's own incident. confusion[truth][called]: called
  // is the incident's class (IncidentClass order) or kMissed when no incident matched;
  // false_by_class counts incidents matching no event by the class they claim.
  static constexpr int kMissed = kClassCount;
  std::array<std::array<int, kClassCount + 1>, kClassCount> confusion{};
  std::array<int, kClassCount> false_by_class{};
  double located_gunfire_recall = 0.0;     // located gunfire events called gunfire
  double non_gunfire_called_gunfire = 0.0; // located fireworks/other events called gunfire
  // The incident's confidence against whether its class is the event's (located events).
  CalibrationReport calibration;

  std::vector<EventMatch> matches; // one an event, truth order
};

// Reliability of stated confidences: `confidence[i]` the probability claimed for a call,
// `correct[i]` whether it was right; equal-width bins over [0, 1], ECE the count-weighted
// mean |accuracy - confidence|. Empty bins are kept (count 0).
CalibrationReport callCalibration(const std::vector<double> &confidence,
                                  const std::vector<bool> &correct, int bins = 10);

// `duration_s`: how long the scenario runs (for false incidents an hour).
EvaluationReport evaluateIncidents(const ScenarioTruth &truth, const IncidentsFile &incidents,
                                   double duration_s, const EvaluationOptions &options = {});

// A human-readable multi-line summary, with the confusion matrix and reliability bins.
std::string formatEvaluationReport(const EvaluationReport &report);
std::string formatConfusion(const EvaluationReport &report);
std::string formatCalibration(const CalibrationReport &calibration);

} // namespace salvo
