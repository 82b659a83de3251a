#include "CliCommand.h"
#include "common/InputError.h"
#include "contract/Scenario.h"
#include "time/UtcTime.h"

#include <algorithm>
#include <exception>

namespace salvo::cli {
namespace {

QString column(const QString &text, int width) {
  return text.leftJustified(width) + "  ";
}

QString number(double value, int decimals) {
  return QString::number(value, 'f', decimals);
}

// Rates and full scales are usually whole numbers; print them without decimals then.
QString compact(double value) {
  return QString::number(value, 'g', 15);
}

void printScenario(const ScenarioFolder &scenario) {
  const ScenarioManifest &manifest = scenario.manifest;
  QTextStream &o = out();
  o << "Scenario  " << QString::fromStdString(manifest.name) << "\n";
  o << "Folder    " << QString::fromStdString(scenario.folder.string()) << "\n";
  o << "Format    " << QString::fromStdString(manifest.format) << "\n";
  if (manifest.weather_temperature_c) {
    o << "Weather   " << number(*manifest.weather_temperature_c, 1)
      << " °C (reported; may be off by a few degrees)\n";
  } else {
    o << "Weather   not reported\n";
  }
  o << "Span      " << QString::fromStdString(formatIso8601Utc(scenario.start_utc_ns)) << " .. "
    << QString::fromStdString(formatIso8601Utc(scenario.end_utc_ns)) << "  ("
    << number(nanosToSeconds(scenario.end_utc_ns - scenario.start_utc_ns), 6) << " s)\n";
  o << "Sensors   " << scenario.recordings.size() << "\n\n";

  int idWidth = 2;
  for (const SensorRecording &recording : scenario.recordings) {
    idWidth = std::max(idWidth, int(recording.spec.id.size()));
  }
  o << "  " << column("ID", idWidth) << column("LAT", 13) << column("LON", 14) << column("ALT_M", 8)
    << column("RATE_HZ", 8) << column("FULL_SCALE_PA", 13) << column("START_UTC", 30)
    << "DURATION_S\n";
  for (const SensorRecording &recording : scenario.recordings) {
    const SensorSpec &spec = recording.spec;
    o << "  " << column(QString::fromStdString(spec.id), idWidth)
      << column(number(spec.position.lat_deg, 8), 13)
      << column(number(spec.position.lon_deg, 8), 14) << column(number(spec.position.alt_m, 2), 8)
      << column(compact(spec.sample_rate_hz), 8) << column(compact(spec.full_scale_pa), 13)
      << column(QString::fromStdString(formatIso8601Utc(spec.start_utc_ns)), 30)
      << number(recording.duration_s, 6) << "\n";
  }
  o << "\n";
  if (scenario.warnings.empty()) {
    o << "Warnings  none\n";
  } else {
    o << "Warnings  " << scenario.warnings.size() << "\n";
    for (const std::string &warning : scenario.warnings) {
      o << "  - " << QString::fromStdString(warning) << "\n";
    }
  }
  o.flush();
}

int runInfo(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Check a scenario folder (acoustic-scenario/1) and describe it: its name, weather, every "
      "sensor with its position, sample rate, full scale, start time and length, the time span "
      "and anything odd. Exits 0 when the scenario is usable, 1 when it is not (the message "
      "names the file, the sensor and the field), 2 on wrong arguments."));
  parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                               QStringLiteral("The scenario folder, or its sensors.json."));
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  const QStringList positional = parser.positionalArguments();
  if (positional.size() != 1) {
    err() << (positional.isEmpty() ? "salvo-cli info: missing SCENARIO\n\n"
                                   : "salvo-cli info: expected one SCENARIO\n\n")
          << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  try {
    printScenario(openScenarioFolder(positional.front().toStdString()));
  } catch (const InputError &error) {
    err() << "salvo-cli info: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::exception &error) {
    // Anything else (a filesystem error, memory) still ends in a message, not a crash.
    err() << "salvo-cli info: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("info", "Check a scenario folder and list its sensors", runInfo);

} // namespace salvo::cli
