#include "MainWindow.h"

#include "AboutDialog.h"
#include "DeskSettings.h"
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "ReviewPanel.h"
#include "ScenarioLoader.h"
#include "SensorMapWidget.h"
#include "SensorTableModel.h"
#include "SettingsDialog.h"
#include "TimeFormat.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>

namespace salvo {
namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
// Bump when the docks change, so an old saved layout is not forced onto new docks.
constexpr int kLayoutVersion = 1;
constexpr int kStatusMessageTimeout_ms = 10'000;
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));
  setWindowIcon(QIcon(QStringLiteral(":/salvo/salvo.svg")));
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                 QMainWindow::AllowNestedDocks);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);

  loader_ = new ScenarioLoader(this);
  connect(loader_, &ScenarioLoader::started, this, [this](const QString &folder) {
    loadingFolder_ = folder;
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(folder)));
  });
  connect(loader_, &ScenarioLoader::loaded, this, &MainWindow::onScenarioLoaded);
  connect(loader_, &ScenarioLoader::failed, this, &MainWindow::onScenarioFailed);
  connect(loader_, &ScenarioLoader::idle, this, [this] {
    loadingFolder_.clear();
    emit loadingFinished();
  });

  sensorModel_ = new SensorTableModel(this);
  sensorSortModel_ = new QSortFilterProxyModel(this);
  sensorSortModel_->setSourceModel(sensorModel_);
  sensorSortModel_->setSortRole(SensorTableModel::SortRole);
  incidentModel_ = new IncidentTableModel(this);
  incidentSortModel_ = new QSortFilterProxyModel(this);
  incidentSortModel_->setSourceModel(incidentModel_);
  incidentSortModel_->setSortRole(IncidentTableModel::SortRole);

  map_ = new SensorMapWidget(this);
  map_->setObjectName(QStringLiteral("sensorMap"));
  map_->setModel(sensorModel_);
  setCentralWidget(map_);

  createActions();
  createDocks();
  createMenus();
  createStatusBar();
  retranslateUi();
  updateRecentMenu();
  resize(1280, 800);
  applyDefaultLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  openAction_ = new QAction(this);
  openAction_->setShortcut(QKeySequence::Open);
  openAction_->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
  connect(openAction_, &QAction::triggered, this, &MainWindow::chooseScenario);

  clearRecentAction_ = new QAction(this);
  connect(clearRecentAction_, &QAction::triggered, this, [this] {
    DeskSettings::clearRecentScenarios();
    updateRecentMenu();
  });

  quitAction_ = new QAction(this);
  quitAction_->setShortcut(QKeySequence::Quit);
  quitAction_->setMenuRole(QAction::QuitRole);
  connect(quitAction_, &QAction::triggered, this, &QWidget::close);

  preferencesAction_ = new QAction(this);
  preferencesAction_->setShortcut(QKeySequence::Preferences);
  preferencesAction_->setMenuRole(QAction::PreferencesRole);
  connect(preferencesAction_, &QAction::triggered, this, &MainWindow::showPreferences);

  fitMapAction_ = new QAction(this);
  fitMapAction_->setShortcut(Qt::CTRL | Qt::Key_0);
  connect(fitMapAction_, &QAction::triggered, map_, &SensorMapWidget::fitToSensors);

  resetLayoutAction_ = new QAction(this);
  connect(resetLayoutAction_, &QAction::triggered, this, &MainWindow::resetLayout);

  aboutAction_ = new QAction(this);
  aboutAction_->setMenuRole(QAction::AboutRole);
  connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);

  aboutQtAction_ = new QAction(this);
  aboutQtAction_->setMenuRole(QAction::AboutQtRole);
  connect(aboutQtAction_, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createDocks() {
  incidentView_ = new EmptyStateTableView(this);
  incidentView_->setObjectName(QStringLiteral("incidentView"));
  incidentView_->setModel(incidentSortModel_);
  incidentView_->setSelectionMode(QAbstractItemView::SingleSelection);
  incidentView_->sortByColumn(IncidentTableModel::TimeColumn, Qt::DescendingOrder);
  incidentView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  connect(incidentView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &MainWindow::onIncidentSelectionChanged);
  connect(incidentModel_, &QAbstractItemModel::modelReset, this,
          &MainWindow::onIncidentSelectionChanged);
  incidentDock_ = new QDockWidget(this);
  incidentDock_->setObjectName(QStringLiteral("incidentDock"));
  incidentDock_->setWidget(incidentView_);

  reviewPanel_ = new ReviewPanel(this);
  reviewPanel_->setObjectName(QStringLiteral("reviewPanel"));
  reviewDock_ = new QDockWidget(this);
  reviewDock_->setObjectName(QStringLiteral("reviewDock"));
  reviewDock_->setWidget(reviewPanel_);

  sensorView_ = new EmptyStateTableView(this);
  sensorView_->setObjectName(QStringLiteral("sensorView"));
  sensorView_->setModel(sensorSortModel_);
  sensorView_->sortByColumn(-1, Qt::AscendingOrder); // manifest order until asked
  sensorView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  sensorDock_ = new QDockWidget(this);
  sensorDock_->setObjectName(QStringLiteral("sensorDock"));
  sensorDock_->setWidget(sensorView_);

  // The map highlights what the Sensors table selects and the other way round:
  // both views share one selection model over the sensor model.
  auto *mapSelection = new QItemSelectionModel(sensorModel_, this);
  map_->setSelectionModel(mapSelection);
  connect(sensorView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this, mapSelection] {
            const QItemSelection selected =
                sensorSortModel_->mapSelectionToSource(sensorView_->selectionModel()->selection());
            if (selected != mapSelection->selection()) {
              mapSelection->select(selected, QItemSelectionModel::ClearAndSelect);
            }
          });
  connect(mapSelection, &QItemSelectionModel::selectionChanged, this, [this, mapSelection] {
    const QItemSelection selected =
        sensorSortModel_->mapSelectionFromSource(mapSelection->selection());
    if (selected != sensorView_->selectionModel()->selection()) {
      sensorView_->selectionModel()->select(selected, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
      if (!selected.isEmpty()) {
        sensorView_->scrollTo(selected.indexes().first());
      }
    }
  });
}

void MainWindow::applyDefaultLayout() {
  // Map in the middle; review panel down the right, where waveforms stack; queue and
  // sensors side by side below the map, where tables have width.
  for (QDockWidget *dock : {incidentDock_, reviewDock_, sensorDock_}) {
    dock->setFloating(false);
    removeDockWidget(dock);
  }
  addDockWidget(Qt::RightDockWidgetArea, reviewDock_);
  addDockWidget(Qt::BottomDockWidgetArea, incidentDock_);
  splitDockWidget(incidentDock_, sensorDock_, Qt::Horizontal);
  for (QDockWidget *dock : {incidentDock_, reviewDock_, sensorDock_}) {
    dock->show();
  }
  resizeDocks({reviewDock_}, {320}, Qt::Horizontal);
  resizeDocks({incidentDock_}, {250}, Qt::Vertical);
  resizeDocks({incidentDock_, sensorDock_}, {500, 420}, Qt::Horizontal);
}

void MainWindow::createMenus() {
  fileMenu_ = menuBar()->addMenu(QString());
  fileMenu_->addAction(openAction_);
  recentMenu_ = fileMenu_->addMenu(QString());
  fileMenu_->addSeparator();
  fileMenu_->addAction(quitAction_);

  editMenu_ = menuBar()->addMenu(QString());
  editMenu_->addAction(preferencesAction_);

  viewMenu_ = menuBar()->addMenu(QString());
  viewMenu_->addAction(incidentDock_->toggleViewAction());
  viewMenu_->addAction(reviewDock_->toggleViewAction());
  viewMenu_->addAction(sensorDock_->toggleViewAction());
  viewMenu_->addSeparator();
  viewMenu_->addAction(fitMapAction_);
  viewMenu_->addAction(resetLayoutAction_);

  helpMenu_ = menuBar()->addMenu(QString());
  helpMenu_->addAction(aboutAction_);
  helpMenu_->addAction(aboutQtAction_);
}

void MainWindow::createStatusBar() {
  scenarioLabel_ = new QLabel(this);
  sensorCountLabel_ = new QLabel(this);
  timeSpanLabel_ = new QLabel(this);
  for (QLabel *label : {scenarioLabel_, sensorCountLabel_, timeSpanLabel_}) {
    label->setContentsMargins(6, 0, 6, 0);
    statusBar()->addPermanentWidget(label);
  }
}

void MainWindow::retranslateUi() {
  fileMenu_->setTitle(tr("&File"));
  recentMenu_->setTitle(tr("Open &Recent"));
  editMenu_->setTitle(tr("&Edit"));
  viewMenu_->setTitle(tr("&View"));
  helpMenu_->setTitle(tr("&Help"));
  openAction_->setText(tr("&Open Scenario…"));
  openAction_->setStatusTip(tr("Open a scenario folder: sensors.json and its audio files"));
  clearRecentAction_->setText(tr("&Clear List"));
  quitAction_->setText(tr("&Quit"));
  preferencesAction_->setText(tr("&Preferences…"));
  fitMapAction_->setText(tr("&Fit Map to Sensors"));
  resetLayoutAction_->setText(tr("&Reset Layout"));
  aboutAction_->setText(tr("&About Salvo"));
  aboutQtAction_->setText(tr("About &Qt"));
  incidentDock_->setWindowTitle(tr("Incident Queue"));
  reviewDock_->setWindowTitle(tr("Review"));
  sensorDock_->setWindowTitle(tr("Sensors"));
  incidentView_->setEmptyText(tr("No incidents yet.\n\nDetected incidents appear here, newest "
                                 "first, as soon as the sensors hear them."));
  sensorView_->setEmptyText(
      tr("No scenario open.\n\nFile → Open Scenario… lists its sensors here."));
  sensorModel_->retranslate();
  incidentModel_->retranslate();
  updateStatusLabels();
  updateRecentMenu();
}

void MainWindow::updateStatusLabels() {
  if (!scenario_) {
    setWindowTitle(tr("Salvo"));
    scenarioLabel_->setText(tr("No scenario"));
    sensorCountLabel_->clear();
    timeSpanLabel_->clear();
    sensorCountLabel_->hide();
    timeSpanLabel_->hide();
    return;
  }
  const QString name = QString::fromStdString(scenario_->manifest.name);
  setWindowTitle(tr("%1 — Salvo").arg(name));
  scenarioLabel_->setText(tr("Scenario: %1").arg(name));
  scenarioLabel_->setToolTip(
      QDir::toNativeSeparators(QString::fromStdString(scenario_->folder.string())));
  sensorCountLabel_->setText(
      tr("%n sensor(s)", nullptr, static_cast<int>(scenario_->recordings.size())));
  const QString start = formatUtcMillis(scenario_->start_utc_ns).left(19);
  const QString end = formatUtcMillis(scenario_->end_utc_ns).left(19);
  const QString endShown = start.left(10) == end.left(10) ? end.mid(11) : end;
  const double span_s = nanosToSeconds(scenario_->end_utc_ns - scenario_->start_utc_ns);
  timeSpanLabel_->setText(
      tr("%1 – %2 UTC (%3 s)").arg(start, endShown, QLocale().toString(span_s, 'f', 1)));
  sensorCountLabel_->show();
  timeSpanLabel_->show();
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = DeskSettings::recentScenarios();
  for (int i = 0; i < recent.size(); ++i) {
    const QString &folder = recent[i];
    // Mnemonics 1..8 so the list works from the keyboard.
    QAction *action = recentMenu_->addAction(
        QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(folder).fileName()));
    action->setToolTip(QDir::toNativeSeparators(folder));
    action->setStatusTip(QDir::toNativeSeparators(folder));
    action->setData(folder);
    connect(action, &QAction::triggered, this, [this, folder] { openScenario(folder); });
  }
  if (recent.isEmpty()) {
    QAction *none = recentMenu_->addAction(tr("No recent scenarios"));
    none->setEnabled(false);
  } else {
    recentMenu_->addSeparator();
    recentMenu_->addAction(clearRecentAction_);
  }
}

void MainWindow::openScenario(const QString &folder) {
  loader_->load(folder);
}

bool MainWindow::isLoadingScenario() const {
  return loader_->isBusy();
}

void MainWindow::chooseScenario() {
  const QStringList recent = DeskSettings::recentScenarios();
  const QString start = recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.first()).path();
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Scenario Folder"), start,
                                                           QFileDialog::ShowDirsOnly);
  if (!folder.isEmpty()) {
    openScenario(folder);
  }
}

void MainWindow::onScenarioLoaded(std::shared_ptr<const ScenarioFolder> scenario) {
  scenario_ = std::move(scenario);
  sensorModel_->setRecordings(scenario_->recordings);
  incidentModel_->clear();
  const QString folder = QString::fromStdString(scenario_->folder.string());
  if (!settingsReadOnly_) {
    DeskSettings::addRecentScenario(folder);
    updateRecentMenu();
  }
  updateStatusLabels();
  const auto warningCount = static_cast<int>(scenario_->warnings.size());
  for (const std::string &warning : scenario_->warnings) {
    qWarning().noquote() << "scenario" << folder << ":" << QString::fromStdString(warning);
  }
  if (warningCount > 0) {
    statusBar()->showMessage(tr("Opened %1 with %n warning(s): %2", nullptr, warningCount)
                                 .arg(QString::fromStdString(scenario_->manifest.name),
                                      QString::fromStdString(scenario_->warnings.front())));
  } else {
    statusBar()->showMessage(tr("Opened %1").arg(QString::fromStdString(scenario_->manifest.name)),
                             kStatusMessageTimeout_ms);
  }
  emit scenarioOpened(QString::fromStdString(scenario_->manifest.name));
}

void MainWindow::onScenarioFailed(const QString &folder, const QString &message) {
  qWarning().noquote() << "cannot open scenario" << folder << ":" << message;
  if (!settingsReadOnly_ && !QFileInfo(folder).isDir()) {
    DeskSettings::removeRecentScenario(folder);
    updateRecentMenu();
  }
  statusBar()->showMessage(
      tr("Could not open %1: %2").arg(QDir::toNativeSeparators(folder), message));
  // Not exec(): the window keeps running (and live alerts keep arriving) while the
  // message is up.
  auto *box = new QMessageBox(
      QMessageBox::Warning, tr("Cannot Open Scenario"),
      tr("Salvo could not open the scenario folder\n%1").arg(QDir::toNativeSeparators(folder)),
      QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("scenarioErrorBox"));
  box->setInformativeText(message);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  emit scenarioFailed(folder, message);
}

void MainWindow::onIncidentSelectionChanged() {
  const QModelIndexList rows = incidentView_->selectionModel()->selectedRows();
  if (rows.isEmpty()) {
    reviewPanel_->setIncident(std::nullopt);
    return;
  }
  const QModelIndex source = incidentSortModel_->mapToSource(rows.first());
  reviewPanel_->setIncident(incidentModel_->incident(source.row()));
}

void MainWindow::showAbout() {
  AboutDialog dialog(this);
  dialog.exec();
}

void MainWindow::showPreferences() {
  SettingsDialog dialog(this);
  dialog.exec();
}

void MainWindow::restoreSettings() {
  if (settingsReadOnly_) {
    return;
  }
  persistSettings_ = true;
  QSettings settings;
  const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
  if (!geometry.isEmpty()) {
    restoreGeometry(geometry);
  }
  const QByteArray state = settings.value(kStateKey).toByteArray();
  if (!state.isEmpty()) {
    restoreState(state, kLayoutVersion);
  }
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState(kLayoutVersion));
}

void MainWindow::resetLayout() {
  applyDefaultLayout();
  map_->fitToSensors();
}

void MainWindow::closeEvent(QCloseEvent *event) {
  if (persistSettings_) {
    saveSettings();
  }
  QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
  }
  QMainWindow::changeEvent(event);
}

} // namespace salvo
