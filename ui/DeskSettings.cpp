#include "DeskSettings.h"

#include "Translations.h"

#include <QDir>
#include <QSettings>

namespace salvo {
namespace {
const QString kLanguageKey = QStringLiteral("desk/language");
const QString kRecentKey = QStringLiteral("desk/recentScenarios");

QString normalised(const QString &folder) {
  return QDir::cleanPath(QDir(folder).absolutePath());
}
} // namespace

QString DeskSettings::language() {
  const QString code = QSettings().value(kLanguageKey).toString();
  return isAvailableLanguage(code) ? code : QStringLiteral("en");
}

void DeskSettings::setLanguage(const QString &code) {
  QSettings().setValue(kLanguageKey, code);
}

QStringList DeskSettings::recentScenarios() {
  return QSettings().value(kRecentKey).toStringList();
}

void DeskSettings::addRecentScenario(const QString &folder) {
  QStringList recent = recentScenarios();
  const QString path = normalised(folder);
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecentScenarios) {
    recent.removeLast();
  }
  QSettings().setValue(kRecentKey, recent);
}

void DeskSettings::removeRecentScenario(const QString &folder) {
  QStringList recent = recentScenarios();
  recent.removeAll(normalised(folder));
  QSettings().setValue(kRecentKey, recent);
}

void DeskSettings::clearRecentScenarios() {
  QSettings().remove(kRecentKey);
}

} // namespace salvo
