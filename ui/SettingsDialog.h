#pragma once

#include <QDialog>

class QComboBox;

namespace salvo {

// Edit → Preferences: the desk's language. Accepting stores the choice in
// DeskSettings and applies it at once; --lang still overrides it per run.
class SettingsDialog : public QDialog {
  Q_OBJECT
public:
  explicit SettingsDialog(QWidget *parent = nullptr);

  QString selectedLanguage() const;
  void selectLanguage(const QString &code);

  void accept() override;

private:
  QComboBox *languageCombo_ = nullptr;
};

} // namespace salvo
