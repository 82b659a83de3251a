#include "CliCommand.h"
#include "classify/ScenarioLocation.h"
#include "common/InputError.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "locate/NlosModel.h"
#include "store/LocateRunStore.h"

#include <exception>

namespace salvo::cli {
namespace {

int runLocate(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Detect impulses on every sensor of a scenario folder, associate them across sensors, "
      "locate each shot (TDOA multilateration on WGS84 through a local ENU frame) and write the "
      "incidents file (acoustic-incidents/1). Each incident is classified (gunfire, fireworks or "
      "other, with a calibrated confidence) by the shipped model (defaultClassifierModelPath: "
      "$SALVO_CLASSIFIER_MODEL overrides it). Warnings name the sensor they are about; a bad "
      "sensor does not stop the others."));
  parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                               QStringLiteral("The scenario folder, or its sensors.json."));
  const QCommandLineOption outOption(QStringList{QStringLiteral("o"), QStringLiteral("out")},
                                     QStringLiteral("Where to write the incidents (JSON)."),
                                     QStringLiteral("FILE"));
  const QCommandLineOption threadsOption(
      QStringLiteral("threads"), QStringLiteral("Worker threads for detection (0: one a core)."),
      QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption minSensorsOption(
      QStringLiteral("min-sensors"),
      QStringLiteral("Sensors needed to locate a shot (at least 4)."), QStringLiteral("N"),
      QStringLiteral("4"));
  const QCommandLineOption dbOption(
      QStringLiteral("db"),
      QStringLiteral("Also store the incidents, their shots and each used sensor's audio around "
                     "them (FLAC evidence) in this Salvo database, audited."),
      QStringLiteral("FILE"));
  const QCommandLineOption oneSidedOption(
      QStringLiteral("one-sided-gating"),
      QStringLiteral("Gate arrivals with the one-sided (late-only) diffraction model: for "
                     "networks where most first arrivals bend around buildings (rooftop "
                     "sensors, street-level sources). Locates more such shots; off by default "
                     "(docs/location.md, One-sided gating)."));
  parser.addOption(outOption);
  parser.addOption(oneSidedOption);
  parser.addOption(threadsOption);
  parser.addOption(minSensorsOption);
  parser.addOption(dbOption);
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  const QStringList positional = parser.positionalArguments();
  if (positional.size() != 1 || (!parser.isSet(outOption) && !parser.isSet(dbOption))) {
    err() << "salvo-cli locate: give one SCENARIO and --out FILE and/or --db FILE\n"
          << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  bool ok = false;
  const int threads = parser.value(threadsOption).toInt(&ok);
  bool ok2 = false;
  const int minSensors = parser.value(minSensorsOption).toInt(&ok2);
  if (!ok || threads < 0 || !ok2 || minSensors < 4) {
    err() << "salvo-cli locate: --threads must be >= 0 and --min-sensors >= 4\n";
    err().flush();
    return kExitUsage;
  }
  try {
    // Loaded first: a missing or corrupt model stops before minutes of detection.
    const ClassifierModel model = loadClassifierModel(defaultClassifierModelPath());
    const ScenarioFolder scenario = openScenarioFolder(positional.front().toStdString());
    LocateOptions options = optionsForManifest(scenario.manifest);
    options.threads = threads;
    options.associator.min_sensors = minSensors;
    if (parser.isSet(oneSidedOption)) {
      options.associator.gating_nlos_mean_excess_s = typicalUrbanExcessDelay_s();
    }
    LocatedScenario located = locateAndClassifyScenario(scenario, options, &model);
    const LocateResult &result = located.result;
    const ClassifySummary &classified = *located.classified;
    if (parser.isSet(outOption)) {
      writeIncidentsFile(parser.value(outOption).toStdString(), result.incidents);
    }
    if (parser.isSet(dbOption)) {
      const LocateRunSummary stored = storeLocateRun(parser.value(dbOption).toStdString(), scenario,
                                                     result.incidents, located.pulses_per_sensor);
      out() << "stored " << stored.incident_row_ids.size() << " incidents with " << stored.pulses
            << " pulses and " << stored.evidence_clips << " evidence clips (FLAC "
            << stored.flac_bytes << " bytes, " << stored.wav16_bytes << " as 16-bit WAV) in "
            << parser.value(dbOption) << "\n";
    }
    for (const std::string &warning : result.warnings) {
      err() << "warning: " << QString::fromStdString(warning) << "\n";
    }
    out() << "pulses " << result.pulses << ", shots " << result.shots << ", incidents "
          << result.incidents.incidents.size() << " (detect " << result.detect_seconds
          << " s, associate " << result.associate_seconds << " s)\n"
          << "classified " << classified.gunfire << " gunfire (" << classified.automatic
          << " automatic, " << classified.rifle << " rifle), " << classified.fireworks
          << " fireworks, " << classified.other << " other (" << classified.seconds << " s)\n";
    err().flush();
    out().flush();
  } catch (const InputError &e) {
    err() << "salvo-cli locate: " << e.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::exception &e) {
    err() << "salvo-cli locate: " << e.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("locate", "Locate the shots of a scenario folder and write its incidents",
                  runLocate);

} // namespace salvo::cli
