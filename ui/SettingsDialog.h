#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace salvo {

// Edit → Preferences: the desk's language, map tiles, where place names come from and
// the CAD webhook dispatch posts to. Accepting stores everything in QSettings (the
// language through DeskSettings, applied at once; --lang still overrides it per run)
// and emits settingsSaved() so the window reloads the map's tiles and the places.
class SettingsDialog : public QDialog {
  Q_OBJECT
public:
  explicit SettingsDialog(QWidget *parent = nullptr);

  QString selectedLanguage() const;
  void selectLanguage(const QString &code);

  void accept() override;

signals:
  void settingsSaved();

private:
  QWidget *addPathField(QLineEdit *field, const QString &filter);
  void load();

  QComboBox *languageCombo_ = nullptr;
  QLineEdit *tileUrl_ = nullptr;
  QLineEdit *mbtiles_ = nullptr;
  QLineEdit *attribution_ = nullptr;
  QLineEdit *nominatimUrl_ = nullptr;
  QLineEdit *addressPoints_ = nullptr;
  QLineEdit *webhookUrl_ = nullptr;
};

} // namespace salvo
