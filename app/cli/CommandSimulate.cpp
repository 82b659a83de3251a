#include "CliCommand.h"

#include "common/InputError.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <QElapsedTimer>

#include <cmath>
#include <filesystem>
#include <map>

namespace salvo::cli {
namespace {

bool parseNumbers(const QString &text, int count, std::vector<double> &values) {
  const QStringList parts = text.split(QLatin1Char(','));
  if (parts.size() < count || parts.size() > count + 1) {
    return false;
  }
  values.clear();
  for (const QString &part : parts) {
    bool ok = false;
    const double value = part.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
      return false;
    }
    values.push_back(value);
  }
  return true;
}

int runSimulate(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Simulate a city's acoustic sensor network and write a scenario folder (sensors.json,\n"
      "audio/*.wav, truth.json) in the acoustic-scenario/1 contract. Presets: quiet, urban,\n"
      "celebration, hard, hilly. The same preset and seed always give the same bytes."));
  const QCommandLineOption presetOption(QStringLiteral("preset"), QStringLiteral("Preset name."),
                                        QStringLiteral("NAME"), QStringLiteral("urban"));
  const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                      QStringLiteral("N"), QStringLiteral("1"));
  const QCommandLineOption sensorsOption(QStringLiteral("sensors"),
                                         QStringLiteral("Number of sensors (preset's if unset)."),
                                         QStringLiteral("N"));
  const QCommandLineOption durationOption(QStringLiteral("duration"),
                                          QStringLiteral("Length in seconds (default 60)."),
                                          QStringLiteral("S"));
  const QCommandLineOption rateOption(
      QStringLiteral("rate"),
      QStringLiteral("Sample rate, 8000 to 48000 Hz (preset's: 12000 for hilly, else 16000)."),
      QStringLiteral("HZ"));
  const QCommandLineOption centerOption(
      QStringLiteral("center"),
      QStringLiteral("City centre, WGS84 degrees (and ellipsoidal height)."),
      QStringLiteral("LAT,LON[,ALT]"));
  const QCommandLineOption windOption(
      QStringLiteral("wind"), QStringLiteral("Wind carrying the sound, m/s east and north."),
      QStringLiteral("E,N"));
  parser.addOptions({presetOption, seedOption, sensorsOption, durationOption, rateOption,
                     centerOption, windOption});
  parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("Scenario folder to write."));
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  auto usage = [&](const QString &message) {
    err() << "salvo-cli simulate: " << message << "\n" << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  };
  if (parser.positionalArguments().size() != 1) {
    return usage(QStringLiteral("give exactly one output folder"));
  }
  sim::ScenarioRequest request;
  request.preset = parser.value(presetOption).toStdString();
  bool ok = false;
  request.seed = parser.value(seedOption).toULongLong(&ok);
  if (!ok) {
    return usage(QStringLiteral("--seed must be a non-negative integer"));
  }
  if (parser.isSet(sensorsOption)) {
    request.sensors = parser.value(sensorsOption).toInt(&ok);
    if (!ok) {
      return usage(QStringLiteral("--sensors must be an integer"));
    }
  }
  if (parser.isSet(durationOption)) {
    request.duration_s = parser.value(durationOption).toDouble(&ok);
    if (!ok) {
      return usage(QStringLiteral("--duration must be a number of seconds"));
    }
  }
  if (parser.isSet(rateOption)) {
    request.sample_rate_hz = parser.value(rateOption).toDouble(&ok);
    if (!ok) {
      return usage(QStringLiteral("--rate must be a number of hertz"));
    }
  }
  std::vector<double> numbers;
  if (parser.isSet(centerOption)) {
    if (!parseNumbers(parser.value(centerOption), 2, numbers) || std::abs(numbers[0]) > 90.0 ||
        std::abs(numbers[1]) > 180.0) {
      return usage(QStringLiteral("--center must be LAT,LON or LAT,LON,ALT in degrees and metres"));
    }
    request.center =
        GeodeticPosition{numbers[0], numbers[1], numbers.size() > 2 ? numbers[2] : 200.0};
  }
  if (parser.isSet(windOption)) {
    if (!parseNumbers(parser.value(windOption), 2, numbers) || numbers.size() != 2) {
      return usage(QStringLiteral("--wind must be E,N in metres per second"));
    }
    request.wind_east_mps = numbers[0];
    request.wind_north_mps = numbers[1];
  }
  const std::filesystem::path folder = parser.positionalArguments().front().toStdString();
  try {
    QElapsedTimer timer;
    timer.start();
    const sim::SimScenario scenario = sim::buildScenario(request);
    sim::writeScenarioFolder(scenario, folder);
    const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    std::map<std::string, int> classes;
    for (const auto &event : scenario.events) {
      ++classes[std::string(incidentClassName(event.eventClass))];
    }
    out() << "wrote " << QString::fromStdString(folder.string()) << ": "
          << QString::fromStdString(scenario.name) << ", " << scenario.sensors.size()
          << " sensors, " << scenario.duration_s << " s at "
          << scenario.sensors.front().sample_rate_hz << " Hz\n";
    out() << "  events:";
    for (const auto &[name, count] : classes) {
      out() << " " << QString::fromStdString(name) << " " << count;
    }
    out() << "\n  air " << QString::number(scenario.weather.temperature_c, 'f', 1)
          << " C (reported " << QString::number(scenario.reported_temperature_c, 'f', 1)
          << " C), c = " << QString::number(scenario.speedOfSound_mps(), 'f', 2) << " m/s\n";
    out() << "  generated in " << QString::number(seconds, 'f', 2) << " s ("
          << QString::number(scenario.duration_s * static_cast<double>(scenario.sensors.size()) /
                                 std::max(seconds, 1e-3),
                             'f', 0)
          << " sensor-seconds per second)\n";
    out().flush();
  } catch (const std::invalid_argument &error) {
    return usage(QString::fromStdString(error.what()));
  } catch (const InputError &error) {
    err() << "salvo-cli simulate: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::filesystem::filesystem_error &error) {
    err() << "salvo-cli simulate: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("simulate", "Simulate a sensor network and write a scenario folder", runSimulate);

} // namespace salvo::cli
