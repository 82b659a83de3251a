#include "SettingsDialog.h"

#include "DeskSettings.h"
#include "Translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace salvo {

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent) {
  setWindowTitle(tr("Preferences"));
  languageCombo_ = new QComboBox(this);
  for (const QString &code : availableLanguages()) {
    languageCombo_->addItem(languageNativeName(code), code);
  }
  selectLanguage(currentLanguage());

  auto *form = new QFormLayout;
  form->addRow(tr("&Language:"), languageCombo_);
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

QString SettingsDialog::selectedLanguage() const {
  return languageCombo_->currentData().toString();
}

void SettingsDialog::selectLanguage(const QString &code) {
  const int index = languageCombo_->findData(code);
  if (index >= 0) {
    languageCombo_->setCurrentIndex(index);
  }
}

void SettingsDialog::accept() {
  const QString code = selectedLanguage();
  DeskSettings::setLanguage(code);
  applyLanguage(code);
  QDialog::accept();
}

} // namespace salvo
