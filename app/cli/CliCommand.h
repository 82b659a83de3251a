#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <vector>

namespace salvo::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1; // bad input, failed check
inline constexpr int kExitUsage = 2;   // wrong arguments

// A subcommand: `salvo-cli NAME ARGS...`. `run` gets the arguments after NAME, with
// "salvo-cli NAME" as the first element so QCommandLineParser can process them.
struct CliCommand {
  const char *name;
  const char *summary;
  int (*run)(const QStringList &arguments);
};

std::vector<CliCommand> &cliCommands();

struct CliCommandRegistration {
  explicit CliCommandRegistration(CliCommand command);
};

#define SALVO_CLI_COMMAND(name, summary, function)                                                 \
  static const ::salvo::cli::CliCommandRegistration salvoCliRegistration_##function {              \
    ::salvo::cli::CliCommand {                                                                     \
      name, summary, function                                                                      \
    }                                                                                              \
  }

// Processes the arguments with --help added. On --help prints help and returns kExitOk
// through `exitCode`; on an error prints it with usage and returns kExitUsage. Returns
// true when the command should go on.
bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, int &exitCode);

// The parser's help with the usage line naming "salvo-cli NAME" (QCommandLineParser
// names the program by its full path). `arguments` as given to the command's run().
QString commandHelpText(const QCommandLineParser &parser, const QStringList &arguments);

QTextStream &out();
QTextStream &err();

} // namespace salvo::cli
