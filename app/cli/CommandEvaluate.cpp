#include "CliCommand.h"
#include "common/InputError.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "contract/Truth.h"
#include "eval/Evaluation.h"

#include <exception>
#include <filesystem>

namespace salvo::cli {
namespace {

int runEvaluate(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Compare an incidents file with the scenario's truth.json by the contract's rule (within "
      "400 m, time within the event's first shot - 1.5 s .. last shot + 1.5 s) and print "
      "gunfire recall and precision, location recall, false incidents an hour, location error "
      "median/p90/max, rounds exact and how often the 95 % error radius holds the truth; then "
      "the classes: a confusion matrix (truth against the class of each event's incident, "
      "missed events and false incidents by class) and the calibration of the confidences "
      "(expected calibration error over 10 reliability bins)."));
  parser.addPositionalArgument(QStringLiteral("SCENARIO"), QStringLiteral("The scenario folder."));
  parser.addPositionalArgument(QStringLiteral("INCIDENTS"),
                               QStringLiteral("The incidents file (acoustic-incidents/1)."));
  const QCommandLineOption verboseOption(
      QStringList{QStringLiteral("v"), QStringLiteral("verbose")},
      QStringLiteral("Also list every truth event's match."));
  parser.addOption(verboseOption);
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  const QStringList positional = parser.positionalArguments();
  if (positional.size() != 2) {
    err() << "salvo-cli evaluate: give SCENARIO and INCIDENTS\n"
          << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  try {
    std::filesystem::path folder = positional[0].toStdString();
    if (folder.filename() == "sensors.json") {
      folder = folder.parent_path();
    }
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const IncidentsFile incidents = readIncidentsFile(positional[1].toStdString());
    const double duration_s = nanosToSeconds(scenario.end_utc_ns - scenario.start_utc_ns);
    const EvaluationReport report = evaluateIncidents(truth, incidents, duration_s);
    out() << QString::fromStdString(formatEvaluationReport(report));
    if (parser.isSet(verboseOption)) {
      for (const EventMatch &m : report.matches) {
        const TruthEvent &e = truth.events[m.event_index];
        out() << "  " << QString::fromStdString(e.id) << " "
              << QString::fromStdString(std::string(incidentClassName(e.eventClass))) << "/"
              << QString::fromStdString(e.subclass) << " rounds " << e.rounds << ": ";
        if (m.incident_index) {
          const Incident &i = incidents.incidents[*m.incident_index];
          out() << QString::fromStdString(i.id) << " error "
                << QString::number(m.horizontal_error_m, 'f', 1) << " m radius "
                << QString::number(i.horizontal_error_m, 'f', 1) << " m rounds " << i.rounds
                << "\n";
        } else {
          out() << "missed\n";
        }
      }
    }
    out().flush();
  } catch (const std::exception &e) {
    err() << "salvo-cli evaluate: " << e.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("evaluate", "Score an incidents file against the scenario's truth.json",
                  runEvaluate);

} // namespace salvo::cli
