#pragma once

#include <QString>
#include <QStringList>

namespace salvo {

// The desk's persistent preferences, one QSettings key each, so the keys are
// spelled in one place. Window geometry and dock layout belong to MainWindow.
class DeskSettings {
public:
  static constexpr int kMaxRecentScenarios = 8;

  static QString language(); // "en" when unset or unknown
  static void setLanguage(const QString &code);

  static QStringList recentScenarios(); // most recent first
  static void addRecentScenario(const QString &folder);
  static void removeRecentScenario(const QString &folder);
  static void clearRecentScenarios();
};

} // namespace salvo
