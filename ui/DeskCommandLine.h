#pragma once

#include <QString>
#include <QStringList>

namespace salvo {

// What `salvo` was asked to do on its command line.
struct DeskOptions {
  QString scenarioFolder;         // --scenario DIR: open at start
  QString screenshotPath;         // --screenshot FILE: render the window, then exit
  double screenshotDelay_s = 1.0; // --after SECONDS
  QString language;               // --lang en|es: this run only; empty = preference
  bool demo = false;              // --demo: the built-in live demo city
  bool audioInput = false;        // --audio-input: the sound card as one local sensor
  QString replayFolder;           // --replay DIR: a scenario folder played as live audio
  double replaySpeed = 1.0;       // --speed X: 1..60 times real time
  QString databasePath;           // --db FILE: the desk's store; empty = app data dir
  QString userName;               // --user NAME: sign in without the dialog...
  QString passwordFile;           // --password-file F: ...with the password in this file
};

struct DeskCommandLine {
  enum class Outcome { Run, ExitSuccess, ExitFailure };
  Outcome outcome = Outcome::Run;
  DeskOptions options;
  QString output; // --help/--version text (stdout) or the error (stderr)
};

// The --lang value if the arguments carry a valid one, read before the full parse
// so that --help is printed in the language asked for.
QString languageFromArguments(const QStringList &arguments);

// Parses with translated descriptions; never exits the process itself.
DeskCommandLine parseDeskCommandLine(const QStringList &arguments);

} // namespace salvo
