#include "SettingsDialog.h"

#include "DeskSettings.h"
#include "Translations.h"
#include "dispatch/DispatchSettings.h"
#include "geocode/AddressPointFile.h"
#include "map/TileSourceSettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <exception>

namespace salvo {
namespace {
const QString kNominatimUrlKey = QStringLiteral("geocode/nominatimUrl");
const QString kAddressPointsKey = QStringLiteral("geocode/addressPointsFile");
} // namespace

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent) {
  setObjectName(QStringLiteral("settingsDialog"));
  setWindowTitle(tr("Preferences"));
  languageCombo_ = new QComboBox(this);
  for (const QString &code : availableLanguages()) {
    languageCombo_->addItem(languageNativeName(code), code);
  }
  selectLanguage(currentLanguage());

  tileUrl_ = new QLineEdit(this);
  tileUrl_->setObjectName(QStringLiteral("tileUrlTemplate"));
  tileUrl_->setPlaceholderText(tr("empty: no web tiles"));
  mbtiles_ = new QLineEdit(this);
  mbtiles_->setObjectName(QStringLiteral("mbtilesPath"));
  attribution_ = new QLineEdit(this);
  attribution_->setObjectName(QStringLiteral("tileAttribution"));
  nominatimUrl_ = new QLineEdit(this);
  nominatimUrl_->setObjectName(QStringLiteral("nominatimUrl"));
  nominatimUrl_->setPlaceholderText(tr("empty: no online look-ups"));
  addressPoints_ = new QLineEdit(this);
  addressPoints_->setObjectName(QStringLiteral("addressPointsFile"));
  webhookUrl_ = new QLineEdit(this);
  webhookUrl_->setObjectName(QStringLiteral("cadWebhookUrl"));
  webhookUrl_->setPlaceholderText(tr("empty: no webhook"));

  auto *general = new QFormLayout;
  general->addRow(tr("&Language:"), languageCombo_);

  auto *mapBox = new QGroupBox(tr("Map"), this);
  auto *mapForm = new QFormLayout(mapBox);
  mapForm->addRow(tr("&Tile URL template:"), tileUrl_);
  mapForm->addRow(tr("Offline &MBTiles file:"),
                  addPathField(mbtiles_, tr("MBTiles (*.mbtiles);;All files (*)")));
  mapForm->addRow(tr("Tile &attribution:"), attribution_);

  auto *placeBox = new QGroupBox(tr("Places"), this);
  auto *placeForm = new QFormLayout(placeBox);
  placeForm->addRow(tr("&Reverse geocoding URL:"), nominatimUrl_);
  placeForm->addRow(
      tr("Address &points file:"),
      addPathField(addressPoints_, tr("Address points (*.csv *.geojson *.json);;All files (*)")));

  auto *dispatchBox = new QGroupBox(tr("Dispatch"), this);
  auto *dispatchForm = new QFormLayout(dispatchBox);
  dispatchForm->addRow(tr("CAD &webhook URL:"), webhookUrl_);

  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(general);
  layout->addWidget(mapBox);
  layout->addWidget(placeBox);
  layout->addWidget(dispatchBox);
  layout->addWidget(buttons);
  load();
}

QWidget *SettingsDialog::addPathField(QLineEdit *field, const QString &filter) {
  // The browse button sits next to the field; the row's widget is the field's parent.
  auto *row = new QWidget(this);
  auto *rowLayout = new QHBoxLayout(row);
  rowLayout->setContentsMargins(0, 0, 0, 0);
  field->setParent(row);
  rowLayout->addWidget(field, 1);
  auto *browse = new QPushButton(tr("Browse…"), row);
  rowLayout->addWidget(browse);
  connect(browse, &QPushButton::clicked, this, [this, field, filter] {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Choose a File"), field->text(), filter);
    if (!file.isEmpty()) {
      field->setText(file);
    }
  });
  return row;
}

void SettingsDialog::load() {
  const QSettings settings;
  tileUrl_->setText(settings
                        .value(QLatin1String(tilesettings::kUrlTemplateKey),
                               QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
                        .toString());
  mbtiles_->setText(settings.value(QLatin1String(tilesettings::kMbTilesPathKey)).toString());
  attribution_->setText(settings
                            .value(QLatin1String(tilesettings::kAttributionKey),
                                   QStringLiteral("© OpenStreetMap contributors"))
                            .toString());
  nominatimUrl_->setText(settings.value(kNominatimUrlKey).toString());
  addressPoints_->setText(settings.value(kAddressPointsKey).toString());
  webhookUrl_->setText(DispatchSettings::load().webhook_url.toString());
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
  const QString points = addressPoints_->text().trimmed();
  if (!points.isEmpty()) {
    try {
      readAddressPoints(points.toStdString()); // refuse a bad file now, not at the next alert
    } catch (const std::exception &error) {
      QMessageBox::warning(this, tr("Address Points"), QString::fromLocal8Bit(error.what()));
      return;
    }
  }
  QSettings settings;
  settings.setValue(QLatin1String(tilesettings::kUrlTemplateKey), tileUrl_->text().trimmed());
  settings.setValue(QLatin1String(tilesettings::kMbTilesPathKey), mbtiles_->text().trimmed());
  settings.setValue(QLatin1String(tilesettings::kAttributionKey), attribution_->text().trimmed());
  settings.setValue(kNominatimUrlKey, nominatimUrl_->text().trimmed());
  settings.setValue(kAddressPointsKey, points);
  DispatchSettings dispatch = DispatchSettings::load();
  dispatch.webhook_url = QUrl(webhookUrl_->text().trimmed());
  dispatch.save();

  const QString code = selectedLanguage();
  DeskSettings::setLanguage(code);
  applyLanguage(code);
  emit settingsSaved();
  QDialog::accept();
}

} // namespace salvo
