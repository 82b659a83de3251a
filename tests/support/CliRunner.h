#pragma once

// Runs the real salvo-cli binary, as a user or a script would, for the CLI tests of
// every area. The binary's path comes from SALVO_CLI_PATH, set per test in CMake.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace salvo::testing {

struct CliRun {
  int exitCode = -1; // -1: did not start or finish; -2: crashed
  QString out;
  QString err;
};

inline CliRun runCli(const QStringList &arguments, int timeout_ms = 240000) {
  QProcess process;
  process.start(QStringLiteral(SALVO_CLI_PATH), arguments);
  CliRun run;
  if (!process.waitForStarted(30000) || !process.waitForFinished(timeout_ms)) {
    run.err = QStringLiteral("salvo-cli did not run: ") + process.errorString();
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

} // namespace salvo::testing
