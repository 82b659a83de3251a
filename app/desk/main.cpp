// salvo: the desk. Everything but start-up lives in salvo_ui.
#include "DeskCommandLine.h"
#include "DeskSettings.h"
#include "MainWindow.h"
#include "SalvoVersion.h"
#include "ScreenshotTaker.h"
#include "Translations.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Salvo"));
  QApplication::setApplicationName(QStringLiteral("salvo"));
  QApplication::setApplicationDisplayName(QStringLiteral("Salvo"));
  QApplication::setApplicationVersion(QStringLiteral(SALVO_VERSION_STRING));
  QApplication::setDesktopFileName(QStringLiteral("invalid.example.Salvo"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/salvo/salvo.svg")));

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
  window.show();
  if (!options.scenarioFolder.isEmpty()) {
    window.openScenario(options.scenarioFolder);
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
