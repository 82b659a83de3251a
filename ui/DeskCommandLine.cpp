#include "DeskCommandLine.h"

#include "SalvoVersion.h"
#include "Translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace salvo {
namespace {
// The parser's texts, translated in the "DeskCommandLine" context.
class Text {
  Q_DECLARE_TR_FUNCTIONS(DeskCommandLine)
};
} // namespace

QString languageFromArguments(const QStringList &arguments) {
  for (qsizetype i = 1; i < arguments.size(); ++i) {
    QString value;
    if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size()) {
      value = arguments[i + 1];
    } else if (arguments[i].startsWith(QLatin1String("--lang="))) {
      value = arguments[i].mid(7);
    }
    if (isAvailableLanguage(value)) {
      return value;
    }
  }
  return {};
}

DeskCommandLine parseDeskCommandLine(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      Text::tr("Salvo desk: live gunfire alerts on a map, incident review and sensor network "
               "management."));
  const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                      Text::tr("Show this help and exit."));
  const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                         Text::tr("Show the version and exit."));
  const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                          Text::tr("Open the scenario folder <dir> at start."),
                                          Text::tr("dir"));
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"),
      Text::tr("Render the main window to the PNG image <file> and exit."), Text::tr("file"));
  const QCommandLineOption afterOption(
      QStringLiteral("after"),
      Text::tr("With --screenshot: wait <seconds> (default 1) and for the scenario to load."),
      Text::tr("seconds"), QStringLiteral("1"));
  const QCommandLineOption languageOption(
      QStringLiteral("lang"), Text::tr("Use the language <code> for this run: en or es."),
      Text::tr("code"));
  const QCommandLineOption demoOption(
      QStringLiteral("demo"),
      Text::tr("Run the built-in demo city: a simulated sensor network with live incidents."));
  const QCommandLineOption audioInputOption(
      QStringLiteral("audio-input"),
      Text::tr("Listen on the default audio input as one local sensor."));
  const QCommandLineOption replayOption(
      QStringLiteral("replay"),
      Text::tr("Play the scenario folder <dir> as live audio through the detection pipeline."),
      Text::tr("dir"));
  const QCommandLineOption speedOption(
      QStringLiteral("speed"), Text::tr("With --replay: play at <factor> times real time (1-60)."),
      Text::tr("factor"), QStringLiteral("1"));
  const QCommandLineOption databaseOption(
      QStringLiteral("db"),
      Text::tr("Keep incidents, reviews and users in the store <file> (default: the "
               "application data folder)."),
      Text::tr("file"));
  const QCommandLineOption userOption(
      QStringLiteral("user"),
      Text::tr("Sign in as <name> without the sign-in dialog (needs --password-file or "
               "SALVO_DESK_PASSWORD)."),
      Text::tr("name"));
  const QCommandLineOption passwordFileOption(
      QStringLiteral("password-file"),
      Text::tr("With --user: read the password from the first line of <file>."), Text::tr("file"));
  parser.addOptions({helpOption, versionOption, scenarioOption, screenshotOption, afterOption,
                     languageOption, demoOption, audioInputOption, replayOption, speedOption,
                     databaseOption, userOption, passwordFileOption});

  DeskCommandLine result;
  if (!parser.parse(arguments)) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = parser.errorText() + QLatin1Char('\n');
    return result;
  }
  if (parser.isSet(helpOption)) {
    result.outcome = DeskCommandLine::Outcome::ExitSuccess;
    result.output = parser.helpText();
    return result;
  }
  if (parser.isSet(versionOption)) {
    result.outcome = DeskCommandLine::Outcome::ExitSuccess;
    result.output = QStringLiteral("salvo %1\n").arg(QStringLiteral(SALVO_VERSION_STRING));
    return result;
  }
  if (!parser.positionalArguments().isEmpty()) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("Unexpected argument: %1\n").arg(parser.positionalArguments().first());
    return result;
  }
  if (parser.isSet(languageOption)) {
    const QString code = parser.value(languageOption);
    if (!isAvailableLanguage(code)) {
      result.outcome = DeskCommandLine::Outcome::ExitFailure;
      result.output = Text::tr("Unknown language \"%1\": use en or es.\n").arg(code);
      return result;
    }
    result.options.language = code;
  }
  bool delayOk = false;
  const double delay_s = parser.value(afterOption).toDouble(&delayOk);
  if (!delayOk || delay_s < 0.0 || delay_s > 3600.0) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("--after needs a number of seconds between 0 and 3600, not \"%1\".\n")
                        .arg(parser.value(afterOption));
    return result;
  }
  if (parser.isSet(afterOption) && !parser.isSet(screenshotOption)) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("--after only applies with --screenshot.\n");
    return result;
  }
  bool speedOk = false;
  const double speed = parser.value(speedOption).toDouble(&speedOk);
  if (!speedOk || speed < 1.0 || speed > 60.0) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("--speed needs a factor between 1 and 60, not \"%1\".\n")
                        .arg(parser.value(speedOption));
    return result;
  }
  const int sources = (parser.isSet(demoOption) ? 1 : 0) + (parser.isSet(replayOption) ? 1 : 0) +
                      (parser.isSet(scenarioOption) ? 1 : 0) +
                      (parser.isSet(audioInputOption) ? 1 : 0);
  if (sources > 1) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("Use only one of --demo, --replay, --audio-input and --scenario.\n");
    return result;
  }
  if (parser.isSet(passwordFileOption) && !parser.isSet(userOption)) {
    result.outcome = DeskCommandLine::Outcome::ExitFailure;
    result.output = Text::tr("--password-file only applies with --user.\n");
    return result;
  }
  // A plain `salvo` opens on the demo city, so a first look shows the desk at work; a
  // store or a user named on the command line means real work, so no demo then.
  const bool realWork = parser.isSet(databaseOption) || parser.isSet(userOption);
  result.options.demo = parser.isSet(demoOption) || (sources == 0 && !realWork);
  result.options.audioInput = parser.isSet(audioInputOption);
  result.options.replayFolder = parser.value(replayOption);
  result.options.replaySpeed = speed;
  result.options.databasePath = parser.value(databaseOption);
  result.options.userName = parser.value(userOption);
  result.options.passwordFile = parser.value(passwordFileOption);
  result.options.screenshotDelay_s = delay_s;
  result.options.screenshotPath = parser.value(screenshotOption);
  result.options.scenarioFolder = parser.value(scenarioOption);
  return result;
}

} // namespace salvo
