#pragma once

#include <QString>
#include <QStringList>

namespace salvo {

// The desk's languages. Salvo's own strings come from the .qm files embedded under
// :/i18n; Qt's standard dialogs and buttons from the system's qtbase translations.
// English is the source language, so "en" needs no Salvo translator.
QStringList availableLanguages();                // {"en", "es"}
QString languageNativeName(const QString &code); // "English", "Español"
bool isAvailableLanguage(const QString &code);

// Replaces the translators installed by an earlier call; widgets that handle
// QEvent::LanguageChange retranslate at once. Returns false (and changes nothing)
// for a language Salvo does not have.
bool applyLanguage(const QString &code);

// The language applyLanguage() last installed ("en" before any call).
QString currentLanguage();

} // namespace salvo
