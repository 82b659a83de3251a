#include "Translations.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace salvo {
namespace {

struct InstalledTranslators {
  QPointer<QTranslator> salvo;
  QPointer<QTranslator> qt;
  QString language = QStringLiteral("en");
};

InstalledTranslators &installed() {
  static InstalledTranslators translators;
  return translators;
}

void removeTranslator(QPointer<QTranslator> &translator) {
  if (translator) {
    QCoreApplication::removeTranslator(translator);
    delete translator;
  }
}

} // namespace

QStringList availableLanguages() {
  return {QStringLiteral("en"), QStringLiteral("es")};
}

QString languageNativeName(const QString &code) {
  // Each language is named in itself, so a user who cannot read the current
  // language still finds their own.
  if (code == QLatin1String("es")) {
    return QStringLiteral("Español");
  }
  return QStringLiteral("English");
}

bool isAvailableLanguage(const QString &code) {
  return availableLanguages().contains(code);
}

bool applyLanguage(const QString &code) {
  if (!isAvailableLanguage(code)) {
    return false;
  }
  auto &current = installed();
  auto *salvoTranslator = new QTranslator(QCoreApplication::instance());
  if (!salvoTranslator->load(QStringLiteral(":/i18n/salvo_%1.qm").arg(code))) {
    delete salvoTranslator;
    salvoTranslator = nullptr;
    // English is the source language: its .qm only adds plural forms.
    if (code != QLatin1String("en")) {
      return false;
    }
  }
  auto *qtTranslator = new QTranslator(QCoreApplication::instance());
  // Qt's own strings (dialog buttons, QFileDialog) are optional: without the
  // qt6-translations-l10n package they stay English.
  if (!qtTranslator->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    delete qtTranslator;
    qtTranslator = nullptr;
  }
  removeTranslator(current.salvo);
  removeTranslator(current.qt);
  if (qtTranslator != nullptr) {
    QCoreApplication::installTranslator(qtTranslator);
    current.qt = qtTranslator;
  }
  if (salvoTranslator != nullptr) {
    QCoreApplication::installTranslator(salvoTranslator);
    current.salvo = salvoTranslator;
  }
  current.language = code;
  // Widgets hear of the change through posted LanguageChange events; deliver them
  // now, so the whole desk speaks the new language when this returns.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
  QLocale::setDefault(
      QLocale(code == QLatin1String("es") ? QLocale::Spanish : QLocale::English,
              code == QLatin1String("es") ? QLocale::Spain : QLocale::UnitedStates));
  return true;
}

QString currentLanguage() {
  return installed().language;
}

} // namespace salvo
