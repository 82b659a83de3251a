#include "CliCommand.h"
#include "SalvoVersion.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>

namespace {

void printUsage(QTextStream &stream) {
  stream << "Usage: salvo-cli COMMAND [options] [arguments]\n\n"
         << "Salvo's headless tool: gunfire detection and location on acoustic scenarios.\n\n"
         << "Commands:\n";
  auto commands = salvo::cli::cliCommands();
  std::sort(commands.begin(), commands.end(),
            [](const auto &a, const auto &b) { return std::strcmp(a.name, b.name) < 0; });
  for (const auto &command : commands) {
    stream << "  " << QString::fromUtf8(command.name).leftJustified(12) << command.summary << "\n";
  }
  stream << "\nRun 'salvo-cli COMMAND --help' for a command's options.\n";
  stream.flush();
}

} // namespace

int main(int argc, char *argv[]) {
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("salvo-cli"));
  QCoreApplication::setOrganizationName(QStringLiteral("Salvo"));
  QCoreApplication::setApplicationVersion(QStringLiteral(SALVO_VERSION_STRING));

  QStringList arguments = QCoreApplication::arguments();
  if (arguments.size() < 2 || arguments.at(1) == QLatin1String("--help") ||
      arguments.at(1) == QLatin1String("-h") || arguments.at(1) == QLatin1String("help")) {
    printUsage(salvo::cli::out());
    return arguments.size() < 2 ? salvo::cli::kExitUsage : salvo::cli::kExitOk;
  }
  if (arguments.at(1) == QLatin1String("--version") || arguments.at(1) == QLatin1String("-v")) {
    arguments[1] = QStringLiteral("version");
  }
  const QString name = arguments.at(1);
  for (const auto &command : salvo::cli::cliCommands()) {
    if (name == QLatin1String(command.name)) {
      QStringList commandArguments = arguments.mid(2);
      commandArguments.prepend(QStringLiteral("salvo-cli ") + name);
      return command.run(commandArguments);
    }
  }
  salvo::cli::err() << "salvo-cli: unknown command '" << name << "'\n\n";
  printUsage(salvo::cli::err());
  return salvo::cli::kExitUsage;
}
