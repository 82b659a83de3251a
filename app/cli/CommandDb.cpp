#include "CliCommand.h"

#include "common/InputError.h"
#include "store/IncidentExport.h"
#include "store/SchemaMigrations.h"
#include "store/StoreStats.h"

#include <fstream>
#include <iostream>

namespace salvo::cli {
namespace {

QCommandLineOption dbOption() {
  return QCommandLineOption(QStringLiteral("db"), QStringLiteral("The Salvo database file."),
                            QStringLiteral("FILE"));
}

bool requireDb(const QCommandLineParser &parser, const QStringList &arguments, int &exitCode) {
  if (parser.value(QStringLiteral("db")).isEmpty()) {
    err() << "--db FILE is required\n\n" << commandHelpText(parser, arguments);
    err().flush();
    exitCode = kExitUsage;
    return false;
  }
  return true;
}

int runExport(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Export every stored incident as JSON, GeoJSON (RFC 7946, opens in QGIS) or CSV."));
  parser.addOption(dbOption());
  parser.addOption({QStringLiteral("format"), QStringLiteral("json, geojson or csv."),
                    QStringLiteral("FORMAT"), QStringLiteral("json")});
  parser.addOption({QStringLiteral("out"), QStringLiteral("Write to FILE instead of stdout."),
                    QStringLiteral("FILE")});
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode) || !requireDb(parser, arguments, exitCode)) {
    return exitCode;
  }
  const std::optional<IncidentExportFormat> format =
      parseIncidentExportFormat(parser.value(QStringLiteral("format")).toStdString());
  if (!format) {
    err() << "--format must be json, geojson or csv, not '"
          << parser.value(QStringLiteral("format")) << "'\n";
    err().flush();
    return kExitUsage;
  }
  try {
    Database database =
        openStore(parser.value(QStringLiteral("db")).toStdString(), Database::Mode::ReadOnly);
    const QString outPath = parser.value(QStringLiteral("out"));
    std::int64_t written = 0;
    if (outPath.isEmpty()) {
      written = exportIncidents(database, std::cout, *format);
    } else {
      // Written beside the target and renamed, so a failed export never leaves half a file.
      const std::string target = outPath.toStdString();
      const std::string partial = target + ".partial";
      std::ofstream file(partial, std::ios::binary | std::ios::trunc);
      if (!file) {
        throw InputError(target, {}, {}, "cannot be written");
      }
      written = exportIncidents(database, file, *format);
      file.close();
      if (!file) {
        throw InputError(target, {}, {}, "write failed (disk full?)");
      }
      std::filesystem::rename(partial, target);
      err() << written << " incidents written to " << outPath << "\n";
      err().flush();
    }
    return written >= 0 ? kExitOk : kExitFailure;
  } catch (const std::exception &error) {
    err() << "salvo-cli db export: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
}

QString formatTime(const std::optional<UtcNs> &time) {
  return time ? QString::fromStdString(formatIso8601Utc(*time)) : QStringLiteral("-");
}

int runStats(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Print what a Salvo database holds: incidents by status and class, "
                     "evidence, reviews, dispatches, audit records, size per incident."));
  parser.addOption(dbOption());
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode) || !requireDb(parser, arguments, exitCode)) {
    return exitCode;
  }
  try {
    Database database =
        openStore(parser.value(QStringLiteral("db")).toStdString(), Database::Mode::ReadOnly);
    const StoreStats stats = computeStoreStats(database);
    out() << "database        " << parser.value(QStringLiteral("db")) << "\n";
    out() << "schema version  " << stats.schema_version << "\n";
    out() << "file bytes      " << stats.file_bytes << "\n";
    out() << "incidents       " << stats.incidents << "\n";
    for (const auto &[status, count] : stats.incidents_by_status) {
      out() << "  status " << QString::fromStdString(status).leftJustified(11) << count << "\n";
    }
    for (const auto &[name, count] : stats.incidents_by_class) {
      out() << "  class  " << QString::fromStdString(name).leftJustified(11) << count << "\n";
    }
    out() << "first incident  " << formatTime(stats.first_incident_utc_ns) << "\n";
    out() << "last incident   " << formatTime(stats.last_incident_utc_ns) << "\n";
    out() << "shots           " << stats.shots << "\n";
    out() << "sensors         " << stats.sensors << "\n";
    out() << "health samples  " << stats.sensor_health_samples << "\n";
    out() << "pulses          " << stats.pulses << "\n";
    out() << "evidence clips  " << stats.evidence_clips << "\n";
    out() << "evidence bytes  " << stats.evidence_flac_bytes << " FLAC";
    if (stats.evidence_wav16_bytes > 0) {
      out() << " ("
            << QString::number(100.0 * static_cast<double>(stats.evidence_flac_bytes) /
                                   static_cast<double>(stats.evidence_wav16_bytes),
                               'f', 1)
            << " % of 16-bit WAV)";
    }
    out() << "\n";
    out() << "reviews         " << stats.reviews << "\n";
    out() << "dispatches      " << stats.dispatches << "\n";
    out() << "users           " << stats.users << "\n";
    out() << "audit records   " << stats.audit_records << "\n";
    if (stats.incidents > 0) {
      out() << "bytes/incident  "
            << (stats.file_bytes - stats.evidence_flac_bytes) / stats.incidents
            << " (file size without evidence audio / incidents)\n";
    }
    out().flush();
    return kExitOk;
  } catch (const std::exception &error) {
    err() << "salvo-cli db stats: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
}

int runDb(const QStringList &arguments) {
  const QString action = arguments.size() > 1 ? arguments.at(1) : QString();
  QStringList rest = arguments.mid(2);
  if (action == QStringLiteral("export")) {
    rest.prepend(QStringLiteral("salvo-cli db export"));
    return runExport(rest);
  }
  if (action == QStringLiteral("stats")) {
    rest.prepend(QStringLiteral("salvo-cli db stats"));
    return runStats(rest);
  }
  const bool help = action == QStringLiteral("--help") || action == QStringLiteral("-h");
  QTextStream &stream = help ? out() : err();
  stream << "Usage: salvo-cli db ACTION --db FILE [options]\n\n"
            "Actions:\n"
            "  export   export incidents as json, geojson or csv (--format, --out)\n"
            "  stats    what the database holds\n\n"
            "salvo-cli db ACTION --help shows the options of an action.\n";
  stream.flush();
  return help ? kExitOk : kExitUsage;
}

} // namespace

SALVO_CLI_COMMAND("db", "Export incidents from a Salvo database, or show what it holds", runDb);

} // namespace salvo::cli
