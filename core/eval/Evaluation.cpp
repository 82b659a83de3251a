#include "eval/Evaluation.h"

#include "geo/LocalEnuFrame.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace salvo {
double horizontalDistance_m(const GeodeticPosition &truth, const GeodeticPosition &estimate) {
  const LocalEnuFrame frame(truth);
  return frame.toEnu(estimate).head<2>().norm();
}

bool incidentMatchesEvent(const TruthEvent &event, const Incident &incident,
                          const EvaluationOptions &o) {
  UtcNs first = event.time_utc_ns;
  UtcNs last = event.time_utc_ns;
  for (UtcNs t : event.shot_times_utc_ns) {
    first = std::min(first, t);
    last = std::max(last, t);
  }
  const UtcNs margin = secondsToNanos(o.time_margin_s);
  if (incident.time_utc_ns < first - margin || incident.time_utc_ns > last + margin) {
    return false;
  }
  return horizontalDistance_m(event.position, incident.position) <= o.match_radius_m;
}

namespace {

ErrorStats stats(std::vector<double> errors) {
  ErrorStats s;
  s.count = static_cast<int>(errors.size());
  if (errors.empty()) {
    return s;
  }
  std::sort(errors.begin(), errors.end());
  auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(errors.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double f = pos - static_cast<double>(i);
    return i + 1 < errors.size() ? errors[i] * (1.0 - f) + errors[i + 1] * f : errors[i];
  };
  s.median_m = quantile(0.5);
  s.p90_m = quantile(0.9);
  s.max_m = errors.back();
  return s;
}

double ratio(int num, int den) {
  return den > 0 ? static_cast<double>(num) / den : 0.0;
}

// Confusion matrix, per-class false incidents and calibration of the classes.
void scoreClasses(const ScenarioTruth &truth, const IncidentsFile &file,
                  const std::vector<std::vector<bool>> &m, EvaluationReport &report) {
  std::vector<double> confidence;
  std::vector<bool> correct;
  for (const EventMatch &match : report.matches) {
    const auto t = static_cast<std::size_t>(truth.events[match.event_index].eventClass);
    if (!match.incident_index) {
      ++report.confusion[t][EvaluationReport::kMissed];
      continue;
    }
    const Incident &incident = file.incidents[*match.incident_index];
    const auto called = static_cast<std::size_t>(incident.incidentClass);
    ++report.confusion[t][called];
    confidence.push_back(incident.confidence);
    correct.push_back(called == t);
  }
  for (std::size_t i = 0; i < file.incidents.size(); ++i) {
    bool any = false;
    for (const auto &row : m) {
      any = any || row[i];
    }
    if (!any) {
      ++report.false_by_class[static_cast<std::size_t>(file.incidents[i].incidentClass)];
    }
  }
  const auto &c = report.confusion;
  const int g = static_cast<int>(IncidentClass::Gunfire);
  const int gunfireLocated = c[0][0] + c[0][1] + c[0][2];
  const int otherLocated = c[1][0] + c[1][1] + c[1][2] + c[2][0] + c[2][1] + c[2][2];
  report.located_gunfire_recall = ratio(c[0][g], gunfireLocated);
  report.non_gunfire_called_gunfire = ratio(c[1][g] + c[2][g], otherLocated);
  report.calibration = callCalibration(confidence, correct);
}

} // namespace

EvaluationReport evaluateIncidents(const ScenarioTruth &truth, const IncidentsFile &file,
                                   double duration_s, const EvaluationOptions &options) {
  EvaluationReport report;
  report.duration_s = duration_s;
  report.events = static_cast<int>(truth.events.size());
  report.incidents = static_cast<int>(file.incidents.size());
  const auto &events = truth.events;
  const auto &incidents = file.incidents;

  std::vector<std::vector<bool>> m(events.size(), std::vector<bool>(incidents.size(), false));
  for (std::size_t e = 0; e < events.size(); ++e) {
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      m[e][i] = incidentMatchesEvent(events[e], incidents[i], options);
    }
  }

  // Each event's own incident: the nearest matching one not already taken, events taken
  // in order of their best distance so a close pair wins over a far one.
  std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> pairs;
  for (std::size_t e = 0; e < events.size(); ++e) {
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      if (m[e][i]) {
        pairs.push_back({horizontalDistance_m(events[e].position, incidents[i].position), {e, i}});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::optional<std::size_t>> own(events.size());
  std::vector<bool> taken(incidents.size(), false);
  for (const auto &[d, ei] : pairs) {
    if (!own[ei.first] && !taken[ei.second]) {
      own[ei.first] = ei.second;
      taken[ei.second] = true;
    }
  }
  // An event whose matching incidents were all taken still counts as heard.
  for (std::size_t e = 0; e < events.size(); ++e) {
    if (!own[e]) {
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < incidents.size(); ++i) {
        if (m[e][i]) {
          const double d = horizontalDistance_m(events[e].position, incidents[i].position);
          if (d < best) {
            best = d;
            own[e] = i;
          }
        }
      }
    }
  }

  int gunfireMatchedAny = 0, gunfireMatchedGunfire = 0, matchedAny = 0;
  int roundsExact = 0, gunfireRoundsExact = 0, covered = 0, gunfireCovered = 0;
  std::vector<double> errors, gunfireErrors;
  for (std::size_t e = 0; e < events.size(); ++e) {
    const bool gunfire = events[e].eventClass == IncidentClass::Gunfire;
    report.gunfire_events += gunfire ? 1 : 0;
    EventMatch match;
    match.event_index = e;
    match.incident_index = own[e];
    if (own[e]) {
      const Incident &incident = incidents[*own[e]];
      match.horizontal_error_m = horizontalDistance_m(events[e].position, incident.position);
      match.radius_holds = incident.horizontal_error_m >= match.horizontal_error_m;
      match.rounds_exact = incident.rounds == events[e].rounds;
      ++matchedAny;
      errors.push_back(match.horizontal_error_m);
      roundsExact += match.rounds_exact ? 1 : 0;
      covered += match.radius_holds ? 1 : 0;
      if (gunfire) {
        ++gunfireMatchedAny;
        gunfireErrors.push_back(match.horizontal_error_m);
        gunfireRoundsExact += match.rounds_exact ? 1 : 0;
        gunfireCovered += match.radius_holds ? 1 : 0;
      }
    }
    if (gunfire) {
      for (std::size_t i = 0; i < incidents.size(); ++i) {
        if (m[e][i] && incidents[i].incidentClass == IncidentClass::Gunfire) {
          ++gunfireMatchedGunfire;
          break;
        }
      }
    }
    report.matches.push_back(match);
  }

  int incidentsMatchingAny = 0, gunfireTrue = 0;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    bool any = false, gunfireEvent = false;
    for (std::size_t e = 0; e < events.size(); ++e) {
      any = any || m[e][i];
      gunfireEvent = gunfireEvent || (m[e][i] && events[e].eventClass == IncidentClass::Gunfire);
    }
    incidentsMatchingAny += any ? 1 : 0;
    if (incidents[i].incidentClass == IncidentClass::Gunfire) {
      ++report.gunfire_incidents;
      gunfireTrue += gunfireEvent ? 1 : 0;
    }
  }
  report.gunfire_recall = ratio(gunfireMatchedGunfire, report.gunfire_events);
  report.gunfire_precision = ratio(gunfireTrue, report.gunfire_incidents);
  report.gunfire_location_recall = ratio(gunfireMatchedAny, report.gunfire_events);
  report.location_recall = ratio(matchedAny, report.events);
  report.location_precision = ratio(incidentsMatchingAny, report.incidents);
  report.false_incidents = report.incidents - incidentsMatchingAny;
  report.false_gunfire_incidents = report.gunfire_incidents - gunfireTrue;
  report.false_incidents_per_hour =
      duration_s > 0.0 ? report.false_incidents * 3600.0 / duration_s : 0.0;
  report.all_error = stats(errors);
  report.gunfire_error = stats(gunfireErrors);
  report.rounds_exact = ratio(roundsExact, matchedAny);
  report.gunfire_rounds_exact = ratio(gunfireRoundsExact, gunfireMatchedAny);
  report.radius_coverage = ratio(covered, matchedAny);
  report.gunfire_radius_coverage = ratio(gunfireCovered, gunfireMatchedAny);
  scoreClasses(truth, file, m, report);
  return report;
}

CalibrationReport callCalibration(const std::vector<double> &confidence,
                                  const std::vector<bool> &correct, int bins) {
  CalibrationReport report;
  bins = std::max(1, bins);
  std::vector<double> sumConfidence(static_cast<std::size_t>(bins), 0.0);
  std::vector<int> right(static_cast<std::size_t>(bins), 0);
  report.bins.resize(static_cast<std::size_t>(bins));
  for (int b = 0; b < bins; ++b) {
    report.bins[static_cast<std::size_t>(b)].lower = double(b) / bins;
    report.bins[static_cast<std::size_t>(b)].upper = double(b + 1) / bins;
  }
  const std::size_t n = std::min(confidence.size(), correct.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double p = std::clamp(confidence[i], 0.0, 1.0);
    const auto b = static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(p * bins)));
    ++report.bins[b].count;
    sumConfidence[b] += p;
    right[b] += correct[i] ? 1 : 0;
  }
  for (std::size_t b = 0; b < report.bins.size(); ++b) {
    ReliabilityBin &bin = report.bins[b];
    if (bin.count == 0) {
      continue;
    }
    bin.mean_confidence = sumConfidence[b] / bin.count;
    bin.accuracy = static_cast<double>(right[b]) / bin.count;
    report.ece += static_cast<double>(bin.count) / static_cast<double>(n) *
                  std::abs(bin.accuracy - bin.mean_confidence);
  }
  return report;
}

std::string formatConfusion(const EvaluationReport &r) {
  std::string text = "confusion (rows truth, columns called; missed = no incident):\n"
                     "              gunfire fireworks   other  missed\n";
  char line[160];
  for (int t = 0; t < kClassCount; ++t) {
    const auto &row = r.confusion[static_cast<std::size_t>(t)];
    std::snprintf(line, sizeof line, "  %-10s %8d %9d %7d %7d\n",
                  std::string(incidentClassName(static_cast<IncidentClass>(t))).c_str(), row[0],
                  row[1], row[2], row[3]);
    text += line;
  }
  std::snprintf(line, sizeof line, "  %-10s %8d %9d %7d\n", "no event", r.false_by_class[0],
                r.false_by_class[1], r.false_by_class[2]);
  text += line;
  std::snprintf(line, sizeof line,
                "located gunfire called gunfire %.3f, located non-gunfire called gunfire %.3f\n",
                r.located_gunfire_recall, r.non_gunfire_called_gunfire);
  return text + line;
}

std::string formatCalibration(const CalibrationReport &calibration) {
  char line[160];
  std::snprintf(line, sizeof line,
                "calibration: ECE %.3f (10 bins; confidence vs class right, located events)\n",
                calibration.ece);
  std::string text = line;
  for (const ReliabilityBin &bin : calibration.bins) {
    if (bin.count > 0) {
      std::snprintf(line, sizeof line, "  %.1f-%.1f: n %4d, mean confidence %.3f, right %.3f\n",
                    bin.lower, bin.upper, bin.count, bin.mean_confidence, bin.accuracy);
      text += line;
    }
  }
  return text;
}

std::string formatEvaluationReport(const EvaluationReport &r) {
  char buffer[2048];
  std::snprintf(
      buffer, sizeof buffer,
      "events %d (gunfire %d), incidents %d (gunfire %d), %.1f s\n"
      "gunfire recall %.3f precision %.3f (classified)\n"
      "gunfire location recall %.3f, all-event location recall %.3f, location precision %.3f\n"
      "false incidents %d (%.1f per hour), false gunfire incidents %d\n"
      "location error gunfire: median %.2f m p90 %.2f m max %.2f m (n=%d)\n"
      "location error all:     median %.2f m p90 %.2f m max %.2f m (n=%d)\n"
      "rounds exact gunfire %.3f, all %.3f\n"
      "error-radius coverage gunfire %.3f, all %.3f\n",
      r.events, r.gunfire_events, r.incidents, r.gunfire_incidents, r.duration_s, r.gunfire_recall,
      r.gunfire_precision, r.gunfire_location_recall, r.location_recall, r.location_precision,
      r.false_incidents, r.false_incidents_per_hour, r.false_gunfire_incidents,
      r.gunfire_error.median_m, r.gunfire_error.p90_m, r.gunfire_error.max_m, r.gunfire_error.count,
      r.all_error.median_m, r.all_error.p90_m, r.all_error.max_m, r.all_error.count,
      r.gunfire_rounds_exact, r.rounds_exact, r.gunfire_radius_coverage, r.radius_coverage);
  return buffer + formatConfusion(r) + formatCalibration(r.calibration);
}

} // namespace salvo
