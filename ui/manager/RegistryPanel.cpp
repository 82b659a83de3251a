#include "RegistryPanel.h"

#include "RegistryModel.h"
#include "network/RegistryIo.h"
#include "network/RegistryValidation.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace salvo {

RegistryPanel::RegistryPanel(RegistryModel *model, QWidget *parent)
    : QWidget(parent), model_(model) {
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("registryTable"));
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  issues_ = new QListWidget(this);
  issues_->setObjectName(QStringLiteral("registryIssues"));
  issues_->setMaximumHeight(90);

  auto *add = new QPushButton(tr("Add sensor"), this);
  auto *retire = new QPushButton(tr("Retire"), this);
  auto *import = new QPushButton(tr("Import…"), this);
  auto *exportButton = new QPushButton(tr("Export…"), this);
  add->setToolTip(tr("Add a sensor at the centre of the map; edit its position in the table."));
  retire->setToolTip(tr("Retire the selected sensor: it keeps its id and history."));
  auto *buttons = new QHBoxLayout;
  for (QPushButton *b : {add, retire, import, exportButton}) {
    buttons->addWidget(b);
  }
  buttons->addStretch(1);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(buttons);
  layout->addWidget(table_, 1);
  layout->addWidget(issues_);

  connect(add, &QPushButton::clicked, this, &RegistryPanel::addRequested);
  connect(retire, &QPushButton::clicked, this,
          [this] { model_->setStatus(selectedRow(), network::SensorStatus::Retired); });
  connect(import, &QPushButton::clicked, this, &RegistryPanel::importWithDialog);
  connect(exportButton, &QPushButton::clicked, this, &RegistryPanel::exportWithDialog);
  connect(model_, &RegistryModel::registryChanged, this, &RegistryPanel::revalidate);
  revalidate();
}

int RegistryPanel::selectedRow() const {
  const QModelIndex current = table_->currentIndex();
  return current.isValid() ? current.row() : -1;
}

void RegistryPanel::revalidate() {
  issues_->clear();
  const auto issues = network::validateRegistry(model_->sensors());
  for (const network::RegistryIssue &issue : issues) {
    const bool error = issue.severity == network::RegistryIssue::Severity::Error;
    auto *item = new QListWidgetItem(
        (error ? tr("Error: %1") : tr("Warning: %1")).arg(QString::fromStdString(issue.message)),
        issues_);
    item->setForeground(error ? QColor(0xc6, 0x28, 0x28) : QColor(0xb2, 0x6a, 0x00));
  }
  if (issues.empty()) {
    new QListWidgetItem(tr("The registry is valid."), issues_);
  }
}

bool RegistryPanel::importFile(const QString &path, QString *message) {
  try {
    model_->setSensors(network::readSensorsAnyFormat(path.toStdString()));
    return true;
  } catch (const std::exception &e) {
    if (message) {
      *message = QString::fromStdString(e.what());
    }
    return false;
  }
}

bool RegistryPanel::exportFile(const QString &path, QString *message) {
  try {
    if (path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
      network::writeRegistryCsv(path.toStdString(), model_->sensors());
    } else {
      network::writeRegistryGeoJson(path.toStdString(), model_->sensors());
    }
    return true;
  } catch (const std::exception &e) {
    if (message) {
      *message = QString::fromStdString(e.what());
    }
    return false;
  }
}

void RegistryPanel::importWithDialog() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Import sensors"), {},
                                   tr("Sensor registry (*.csv *.geojson *.json);;All files (*)"));
  QString message;
  if (!path.isEmpty() && !importFile(path, &message)) {
    QMessageBox::warning(this, tr("Import sensors"), tr("Could not import: %1").arg(message));
  }
}

void RegistryPanel::exportWithDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export sensors"), {},
                                                    tr("CSV (*.csv);;GeoJSON (*.geojson)"));
  QString message;
  if (!path.isEmpty() && !exportFile(path, &message)) {
    QMessageBox::warning(this, tr("Export sensors"), tr("Could not export: %1").arg(message));
  }
}

} // namespace salvo
