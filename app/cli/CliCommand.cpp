#include "CliCommand.h"

#include <cstdio>

namespace salvo::cli {

std::vector<CliCommand> &cliCommands() {
  static std::vector<CliCommand> commands;
  return commands;
}

CliCommandRegistration::CliCommandRegistration(CliCommand command) {
  cliCommands().push_back(command);
}

bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, int &exitCode) {
  const QCommandLineOption helpOption = parser.addHelpOption();
  if (!parser.parse(arguments)) {
    err() << parser.errorText() << "\n\n" << parser.helpText();
    err().flush();
    exitCode = kExitUsage;
    return false;
  }
  if (parser.isSet(helpOption)) {
    out() << parser.helpText();
    out().flush();
    exitCode = kExitOk;
    return false;
  }
  return true;
}

QTextStream &out() {
  static QTextStream stream(stdout);
  return stream;
}

QTextStream &err() {
  static QTextStream stream(stderr);
  return stream;
}

} // namespace salvo::cli
