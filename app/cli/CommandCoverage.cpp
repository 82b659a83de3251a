// salvo-cli coverage: the coverage (P ≥ 3 and ≥ 4 sensors detect a handgun shot) and
// accuracy (95 % error from the Cramér–Rao bound) maps of a sensor network, as a GeoJSON
// grid of cells or a PNG picture. docs/network.md explains the physics.
#include "CliCommand.h"
#include "common/InputError.h"
#include "contract/Scenario.h"
#include "network/CoverageExport.h"
#include "network/NetworkMaps.h"
#include "network/RegistryIo.h"
#include "network/RegistryValidation.h"
#include "sim/Atmosphere.h"

#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

namespace salvo::cli {
namespace {

using namespace salvo::network;

int fail(const QString &message) {
  err() << "salvo-cli coverage: " << message << "\n";
  err().flush();
  return kExitFailure;
}

// A scenario manifest reports the weather; a registry export does not.
std::optional<double> manifestTemperature(const std::filesystem::path &path) {
  try {
    return readScenarioManifest(path).weather_temperature_c;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

bool parseDouble(const QCommandLineParser &parser, const QString &name, double &value, double min) {
  if (!parser.isSet(name)) {
    return true;
  }
  bool ok = false;
  value = parser.value(name).toDouble(&ok);
  return ok && std::isfinite(value) && value >= min;
}

double median(std::vector<float> values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) {
    return std::nan("");
  }
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  return values[values.size() / 2];
}

void printSummary(const NetworkMaps &maps, std::size_t listening, double compute_ms) {
  const GridSpec &grid = maps.coverage.grid;
  QTextStream &o = out();
  o << "Sensors        " << listening << " listening\n";
  o << "Grid           " << grid.cols << " x " << grid.rows << " cells of " << grid.cell_m << " m ("
    << grid.cellCount() << " cells)\n";
  o << "Covered >=3    " << QString::number(maps.coverage.coveredArea_m2(0.9) / 1e6, 'f', 3)
    << " km2 with P >= 0.9\n";
  o << "Covered >=4    ";
  const auto n4 = std::count_if(maps.coverage.p4.begin(), maps.coverage.p4.end(),
                                [](float p) { return p >= 0.9f; });
  o << QString::number(static_cast<double>(n4) * grid.cellArea_m2() / 1e6, 'f', 3)
    << " km2 with P >= 0.9\n";
  o << "Median error95 " << QString::number(median(maps.accuracy.error95_m), 'f', 2)
    << " m where P(>=3) >= 0.5\n";
  o << "Computed in    " << QString::number(compute_ms, 'f', 1) << " ms\n";
  o.flush();
}

int runCoverage(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Coverage and accuracy maps of a sensor network: per cell, the probability that at "
      "least 3 and 4 sensors detect a handgun shot (p3, p4) and the expected 95 % location "
      "error (error95_m). SENSORS is a scenario's sensors.json or a registry export "
      "(CSV or GeoJSON)."));
  parser.addPositionalArgument(QStringLiteral("SENSORS"),
                               QStringLiteral("sensors.json, registry .csv or .geojson"));
  parser.addOption({QStringLiteral("out"), QStringLiteral("Output FILE.geojson or FILE.png."),
                    QStringLiteral("FILE")});
  parser.addOption({QStringLiteral("cell"), QStringLiteral("Cell size in metres (default 10)."),
                    QStringLiteral("M"), QStringLiteral("10")});
  parser.addOption({QStringLiteral("margin"),
                    QStringLiteral("Margin around the sensors in metres (default 500)."),
                    QStringLiteral("M"), QStringLiteral("500")});
  parser.addOption({QStringLiteral("timing-sigma-ms"),
                    QStringLiteral("Arrival-time noise per sensor in ms (default 0.25)."),
                    QStringLiteral("MS"), QStringLiteral("0.25")});
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  const QStringList positional = parser.positionalArguments();
  const QString outPath = parser.value(QStringLiteral("out"));
  const QString suffix = QFileInfo(outPath).suffix().toLower();
  if (positional.size() != 1 || outPath.isEmpty() ||
      (suffix != "geojson" && suffix != "json" && suffix != "png")) {
    err() << "salvo-cli coverage: give SENSORS and --out FILE.geojson|FILE.png\n\n"
          << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  double cell_m = 10.0, margin_m = 500.0, sigma_ms = 0.25;
  if (!parseDouble(parser, "cell", cell_m, 0.5) || !parseDouble(parser, "margin", margin_m, 0.0) ||
      !parseDouble(parser, "timing-sigma-ms", sigma_ms, 1e-6)) {
    err() << "salvo-cli coverage: --cell must be >= 0.5, --margin >= 0, --timing-sigma-ms > 0\n";
    err().flush();
    return kExitUsage;
  }
  try {
    const std::filesystem::path sensorsPath = positional.front().toStdString();
    const std::vector<NetworkSensor> sensors = readSensorsAnyFormat(sensorsPath);
    const std::vector<RegistryIssue> issues = validateRegistry(sensors);
    for (const RegistryIssue &issue : issues) {
      err() << (issue.severity == RegistryIssue::Severity::Error ? "error: " : "warning: ")
            << QString::fromStdString(issue.message) << "\n";
    }
    err().flush();
    if (hasErrors(issues)) {
      return fail(
          QStringLiteral("the sensors of %1 are not valid (see above)").arg(positional.front()));
    }
    NetworkMapOptions options;
    options.accuracy.timing_sigma_s = sigma_ms * 1e-3;
    if (const auto temperature = manifestTemperature(sensorsPath)) {
      options.detection.temperature_c = *temperature;
      sim::Weather weather;
      weather.temperature_c = *temperature;
      options.accuracy.speed_of_sound_mps = sim::speedOfSound_mps(weather);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const GridSpec grid = gridAround(sensors, cell_m, margin_m);
    const NetworkMaps maps = computeNetworkMaps(sensors, grid, options);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (suffix == "png") {
      writeCoveragePng(outPath.toStdString(), maps, sensors);
    } else {
      writeCoverageGeoJson(outPath.toStdString(), maps);
    }
    printSummary(
        maps, static_cast<std::size_t>(std::count_if(sensors.begin(), sensors.end(), isListening)),
        ms);
    out() << "Wrote          " << outPath << "\n";
    out().flush();
  } catch (const InputError &e) {
    return fail(QString::fromStdString(e.what()));
  } catch (const std::exception &e) {
    return fail(QString::fromStdString(e.what()));
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("coverage", "Coverage and accuracy maps of a sensor network", runCoverage);

} // namespace salvo::cli
