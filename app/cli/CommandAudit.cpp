#include "CliCommand.h"

#include "store/AuditLog.h"
#include "store/SchemaMigrations.h"

namespace salvo::cli {
namespace {

int runVerify(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Walk the audit trail of a Salvo database: check every record's SHA-256 chain, then "
      "every incident, review, dispatch, evidence clip, user and sensor against its latest "
      "record. Names the first record or row that does not match and exits with 1."));
  parser.addOption(
      {QStringLiteral("db"), QStringLiteral("The Salvo database file."), QStringLiteral("FILE")});
  parser.addOption({QStringLiteral("anchor"),
                    QStringLiteral("A head hash printed by an earlier verify and kept elsewhere: "
                                   "the trail must still contain it."),
                    QStringLiteral("SHA256")});
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  if (parser.value(QStringLiteral("db")).isEmpty()) {
    err() << "--db FILE is required\n\n" << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  }
  std::optional<Sha256> anchor;
  if (parser.isSet(QStringLiteral("anchor"))) {
    anchor = sha256FromHex(parser.value(QStringLiteral("anchor")).toStdString());
    if (!anchor) {
      err() << "--anchor must be 64 hexadecimal digits\n";
      err().flush();
      return kExitUsage;
    }
  }
  const QString db = parser.value(QStringLiteral("db"));
  try {
    Database database = openStore(db.toStdString(), Database::Mode::ReadOnly);
    const AuditVerification result = verifyAudit(database, anchor);
    if (!result.ok) {
      err() << "audit verify FAILED: " << db << ": " << QString::fromStdString(result.problem)
            << "\n";
      err().flush();
      return kExitFailure;
    }
    out() << "audit verify ok: " << db << ": " << result.records << " records chained, "
          << result.rows_checked << " rows match their latest record\n"
          << "head " << QString::fromStdString(toHex(result.head)) << "\n";
    out().flush();
    return kExitOk;
  } catch (const std::exception &error) {
    err() << "salvo-cli audit verify: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
}

int runAudit(const QStringList &arguments) {
  const QString action = arguments.size() > 1 ? arguments.at(1) : QString();
  if (action == QStringLiteral("verify")) {
    QStringList rest = arguments.mid(2);
    rest.prepend(QStringLiteral("salvo-cli audit verify"));
    return runVerify(rest);
  }
  const bool help = action == QStringLiteral("--help") || action == QStringLiteral("-h");
  QTextStream &stream = help ? out() : err();
  stream << "Usage: salvo-cli audit verify --db FILE [--anchor SHA256]\n\n"
            "Checks the tamper-evident audit trail of a Salvo database.\n";
  stream.flush();
  return help ? kExitOk : kExitUsage;
}

} // namespace

SALVO_CLI_COMMAND("audit", "Verify the tamper-evident audit trail of a Salvo database", runAudit);

} // namespace salvo::cli
