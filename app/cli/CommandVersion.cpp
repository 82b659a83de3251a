#include "CliCommand.h"
#include "SalvoVersion.h"
#include "platform/LibraryVersions.h"

namespace salvo::cli {
namespace {

int runVersion(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Print Salvo's version and the versions of the libraries in use."));
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  out() << "salvo-cli " << SALVO_VERSION_STRING << "\n";
  for (const auto &[library, version] : libraryVersions()) {
    out() << "  " << QString::fromStdString(library).leftJustified(12)
          << QString::fromStdString(version) << "\n";
  }
  out().flush();
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("version", "Print the version of Salvo and of its libraries", runVersion);

} // namespace salvo::cli
