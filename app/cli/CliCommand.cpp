#include "CliCommand.h"

#include <QCoreApplication>

#include <cstdio>

namespace salvo::cli {

std::vector<CliCommand> &cliCommands() {
  static std::vector<CliCommand> commands;
  return commands;
}

CliCommandRegistration::CliCommandRegistration(CliCommand command) {
  cliCommands().push_back(command);
}

QString commandHelpText(const QCommandLineParser &parser, const QStringList &arguments) {
  QString text = parser.helpText();
  const QStringList programArguments = QCoreApplication::arguments();
  if (!programArguments.isEmpty() && !arguments.isEmpty()) {
    text.replace(QStringLiteral("Usage: ") + programArguments.first(),
                 QStringLiteral("Usage: ") + arguments.first());
  }
  return text;
}

bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, int &exitCode) {
  const QCommandLineOption helpOption = parser.addHelpOption();
  if (!parser.parse(arguments)) {
    err() << parser.errorText() << "\n\n" << commandHelpText(parser, arguments);
    err().flush();
    exitCode = kExitUsage;
    return false;
  }
  if (parser.isSet(helpOption)) {
    out() << commandHelpText(parser, arguments);
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
