// salvo: the desk. Everything but start-up lives in salvo_ui.
#include "DeskCommandLine.h"
#include "DeskSettings.h"
#include "MainWindow.h"
#include "SalvoVersion.h"
#include "ScreenshotTaker.h"
#include "Translations.h"
#include "audio/PortAudioSession.h"
#include "desk/DeskSignIn.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>

#include <cstdio>
#include <optional>

namespace {

QString scriptedPassword(const salvo::DeskOptions &options, QString *error) {
  if (!options.passwordFile.isEmpty()) {
    QFile file(options.passwordFile);
    if (!file.open(QIODevice::ReadOnly)) {
      *error = QStringLiteral("cannot read the password file %1: %2")
                   .arg(options.passwordFile, file.errorString());
      return {};
    }
    return QString::fromUtf8(file.readLine()).trimmed();
  }
  return qEnvironmentVariable("SALVO_DESK_PASSWORD");
}

// --user: scripted; --demo or a screenshot without --user: the demo dispatcher; else
// the sign-in (or first-run) dialog. nullopt: do not start (the reason is printed).
std::optional<salvo::DeskUser> signIn(const salvo::DeskOptions &options, const QString &database,
                                      bool screenshot) {
  QString error;
  if (!options.userName.isEmpty()) {
    const QString password = scriptedPassword(options, &error);
    if (error.isEmpty() && password.isEmpty()) {
      error = QStringLiteral("--user needs --password-file or SALVO_DESK_PASSWORD");
    }
    if (error.isEmpty() && !database.isEmpty()) {
      if (auto user = salvo::signInScripted(database, options.userName, password, &error)) {
        return user;
      }
    } else if (error.isEmpty()) {
      error = QStringLiteral("--user needs a store: give --db FILE");
    }
    std::fprintf(stderr, "salvo: sign-in failed: %s\n", qUtf8Printable(error));
    return std::nullopt;
  }
  if (options.demo || screenshot || database.isEmpty()) {
    return salvo::demoDispatcher();
  }
  if (auto user = salvo::signInInteractive(database, nullptr, &error)) {
    return user;
  }
  if (!error.isEmpty()) {
    std::fprintf(stderr, "salvo: cannot open the store %s: %s\n", qUtf8Printable(database),
                 qUtf8Printable(error));
    QMessageBox::critical(nullptr, QObject::tr("Salvo"),
                          QObject::tr("Salvo cannot open its store:\n%1").arg(error));
  }
  return std::nullopt;
}

} // namespace

int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Salvo"));
  QApplication::setApplicationName(QStringLiteral("salvo"));
  QApplication::setApplicationDisplayName(QStringLiteral("Salvo"));
  QApplication::setApplicationVersion(QStringLiteral(SALVO_VERSION_STRING));
  QApplication::setDesktopFileName(QStringLiteral("invalid.example.Salvo"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/salvo/salvo.svg")));
  // PortAudio starts once, here on the GUI thread, and ends after the window is gone.
  const auto audio = salvo::PortAudioSession::acquire();

  const QStringList arguments = QApplication::arguments();
  const QString requested = salvo::languageFromArguments(arguments);
  salvo::applyLanguage(requested.isEmpty() ? salvo::DeskSettings::language() : requested);

  const salvo::DeskCommandLine commandLine = salvo::parseDeskCommandLine(arguments);
  switch (commandLine.outcome) {
  case salvo::DeskCommandLine::Outcome::ExitSuccess:
    std::fputs(qUtf8Printable(commandLine.output), stdout);
    return 0;
  case salvo::DeskCommandLine::Outcome::ExitFailure:
    std::fputs(qUtf8Printable(commandLine.output), stderr);
    return 2;
  case salvo::DeskCommandLine::Outcome::Run:
    break;
  }
  const salvo::DeskOptions &options = commandLine.options;

  salvo::MainWindow window;
  const bool screenshot = !options.screenshotPath.isEmpty();
  // A screenshot shows the default layout, so documentation images do not depend
  // on whoever ran it last; it writes no settings either.
  window.setSettingsReadOnly(screenshot);
  window.restoreSettings();
  QString database = options.databasePath;
  if (database.isEmpty() && !screenshot) {
    // A screenshot run leaves the user's store alone unless told otherwise.
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    database = QDir(dataDir).filePath(QStringLiteral("desk.sqlite"));
  }
  window.setDatabasePath(database);
  if (const auto user = signIn(options, database, screenshot)) {
    window.setUser(*user);
  } else {
    return 1;
  }
  window.setAlertSoundEnabled(!screenshot);
  window.show();
  if (!options.scenarioFolder.isEmpty()) {
    window.openScenario(options.scenarioFolder);
  } else if (!options.replayFolder.isEmpty()) {
    window.startReplay(options.replayFolder, options.replaySpeed);
  } else if (options.demo) {
    window.startDemo();
  } else if (options.audioInput) {
    window.startAudioInput();
  }
  if (screenshot) {
    auto *taker = new salvo::ScreenshotTaker(&window, options.screenshotPath,
                                             options.screenshotDelay_s, &app);
    QObject::connect(taker, &salvo::ScreenshotTaker::finished, &app,
                     [](bool saved) { QApplication::exit(saved ? 0 : 1); });
    taker->start();
  }
  return QApplication::exec();
}
