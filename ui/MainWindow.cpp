#include "MainWindow.h"

#include "AboutDialog.h"
#include "DeskSettings.h"
#include "EmptyStateTableView.h"
#include "IncidentTableModel.h"
#include "ReviewPanel.h"
#include "ScenarioLoader.h"
#include "SensorTableModel.h"
#include "SettingsDialog.h"
#include "TimeFormat.h"
#include "audio/PortAudioSession.h"
#include "desk/AlertBanner.h"
#include "desk/AlertSound.h"
#include "desk/AudioInputSource.h"
#include "desk/DemoStore.h"
#include "desk/DeskSession.h"
#include "desk/IncidentFilterBar.h"
#include "desk/IncidentFilterProxyModel.h"
#include "dispatch/DispatchDialog.h"
#include "geocode/AddressPointFile.h"
#include "geocode/PlaceResolver.h"
#include "manager/NetworkManagerWidget.h"
#include "map/SensorLayer.h"
#include "map/TileMapWidget.h"
#include "map/TileSourceSettings.h"
#include "review/ReviewDecisionBar.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

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
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace salvo {
namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
// Bump when the docks change, so an old saved layout is not forced onto new docks.
constexpr int kLayoutVersion = 1;
constexpr int kStatusMessageTimeout_ms = 10'000;
// Live audio kept for evidence clips when the source has no files: an incident is out
// about 8 s after its last shot, and its clips reach 2 s past the last arrival.
constexpr double kDemoAudioHistory_s = 60.0;
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
  incidentSortModel_ = new IncidentFilterProxyModel(this);
  incidentSortModel_->setIncidentModel(incidentModel_);

  session_ = new DeskSession(this);
  connect(session_, &DeskSession::networkReady, this, &MainWindow::onNetworkReady);
  connect(session_, &DeskSession::incidentArrived, this, &MainWindow::onLiveIncident);
  connect(session_, &DeskSession::sensorStateChanged, this, &MainWindow::onSensorStateChanged);
  connect(session_, &DeskSession::streamTimeChanged, this, [this](qint64 utc) {
    streamUtc_ns_ = utc;
    liveLabel_->setText(
        tr("%1: %2 UTC, %n incident(s)", nullptr, static_cast<int>(session_->incidentCount()))
            .arg(sourceDisplayName(), formatUtcMillis(utc).left(19)));
    liveLabel_->show();
  });
  connect(session_, &DeskSession::finished, this, [this] {
    statusBar()->showMessage(tr("Replay finished: %n incident(s)", nullptr,
                                static_cast<int>(session_->incidentCount())));
    stopLiveAction_->setEnabled(false);
  });
  connect(session_, &DeskSession::failed, this, [this](const QString &message) {
    qWarning().noquote() << "live source failed:" << message;
    statusBar()->showMessage(tr("The live source could not start: %1").arg(message));
  });
  connect(session_, &DeskSession::warning, this, [this](const QString &message) {
    qWarning().noquote() << "desk:" << message;
    statusBar()->showMessage(message, kStatusMessageTimeout_ms);
  });
  alertSound_ = std::make_unique<AlertSound>();

  places_ = new PlaceResolver(this);
  configurePlaces();
  connect(places_, &PlaceResolver::placeChanged, this, [this](double lat_deg, double lon_deg) {
    for (int row = 0; row < incidentModel_->rowCount(); ++row) {
      const GeodeticPosition &at = incidentModel_->incident(row).position;
      if (std::abs(at.lat_deg - lat_deg) < 1e-6 && std::abs(at.lon_deg - lon_deg) < 1e-6) {
        incidentModel_->setPlaceName(
            QString::fromStdString(incidentModel_->incident(row).id),
            QString::fromStdString(places_->place(lat_deg, lon_deg).label));
      }
    }
  });

  map_ = new TileMapWidget(this);
  map_->setObjectName(QStringLiteral("tileMap"));
  map_->setModels(sensorModel_, incidentModel_);
  map_->sensorLayer()->setHealthRole(SensorTableModel::HealthRole);
  banner_ = new AlertBanner(this);
  connect(banner_, &AlertBanner::activated, this, &MainWindow::selectIncident);
  auto *centre = new QWidget(this);
  auto *centreLayout = new QVBoxLayout(centre);
  centreLayout->setContentsMargins(0, 0, 0, 0);
  centreLayout->setSpacing(0);
  centreLayout->addWidget(banner_);
  centreLayout->addWidget(map_, 1);
  setCentralWidget(centre);

  createActions();
  createDocks();
  createMenus();
  createStatusBar();
  retranslateUi();
  updateRecentMenu();
  resize(1280, 800);
  applyDefaultLayout();
}

MainWindow::~MainWindow() {
  // The workers post to widgets: stop them before any widget goes. The review panel
  // reads the GUI store, which goes before the child widgets do.
  session_->stop();
  reviewPanel_->clear();
  if (manager_ != nullptr) {
    manager_->setHealthDatabase(nullptr);
  }
}

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
  connect(fitMapAction_, &QAction::triggered, map_, &TileMapWidget::fitToContent);

  dispatchAction_ = new QAction(this);
  dispatchAction_->setShortcut(Qt::CTRL | Qt::Key_D);
  dispatchAction_->setEnabled(false);
  connect(dispatchAction_, &QAction::triggered, this, &MainWindow::dispatchSelected);

  demoAction_ = new QAction(this);
  connect(demoAction_, &QAction::triggered, this, &MainWindow::startDemo);
  replayAction_ = new QAction(this);
  connect(replayAction_, &QAction::triggered, this, [this] {
    const QStringList recent = DeskSettings::recentScenarios();
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Replay Scenario Folder"),
        recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.first()).path(),
        QFileDialog::ShowDirsOnly);
    if (!folder.isEmpty()) {
      startReplay(folder, 10.0);
    }
  });
  audioInputAction_ = new QAction(this);
  connect(audioInputAction_, &QAction::triggered, this, &MainWindow::startAudioInput);
  stopLiveAction_ = new QAction(this);
  stopLiveAction_->setEnabled(false);
  connect(stopLiveAction_, &QAction::triggered, this, &MainWindow::stopLive);
  surgeAction_ = new QAction(this);
  surgeAction_->setCheckable(true);
  connect(surgeAction_, &QAction::toggled, this, [this](bool on) { session_->setSurge(on); });

  findAction_ = new QAction(this);
  findAction_->setShortcut(QKeySequence::Find);
  connect(findAction_, &QAction::triggered, this, [this] {
    incidentDock_->show();
    incidentDock_->raise();
    filterBar_->focusPlace();
  });

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
  filterBar_ = new IncidentFilterBar(incidentSortModel_, this);
  auto *queue = new QWidget(this);
  auto *queueLayout = new QVBoxLayout(queue);
  queueLayout->setContentsMargins(0, 0, 0, 0);
  queueLayout->setSpacing(0);
  queueLayout->addWidget(filterBar_);
  queueLayout->addWidget(incidentView_, 1);
  setTabOrder(filterBar_->placeEdit(), incidentView_);
  incidentDock_ = new QDockWidget(this);
  incidentDock_->setObjectName(QStringLiteral("incidentDock"));
  incidentDock_->setWidget(queue);

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

  // A click on the map selects in the tables; the queue's selection is the map's.
  connect(map_, &TileMapWidget::sensorClicked, this, [this](const QString &sensorId) {
    for (int row = 0; row < sensorModel_->rowCount(); ++row) {
      const QModelIndex source = sensorModel_->index(row, 0);
      if (source.data(SensorTableModel::SensorIdRole).toString() == sensorId) {
        sensorView_->selectRow(sensorSortModel_->mapFromSource(source).row());
        sensorView_->scrollTo(sensorSortModel_->mapFromSource(source));
      }
    }
  });
  connect(map_, &TileMapWidget::incidentClicked, this, [this](int row) {
    if (row >= 0 && row < incidentModel_->rowCount()) {
      selectIncident(QString::fromStdString(incidentModel_->incident(row).id));
    }
  });
  // New incidents go in at the top: the selected one's row moves under the map.
  connect(incidentModel_, &QAbstractItemModel::rowsInserted, this, &MainWindow::syncMapSelection);
  connect(reviewPanel_, &ReviewPanel::reviewed, this, &MainWindow::refreshReviewedRow);
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

  liveMenu_ = menuBar()->addMenu(QString());
  liveMenu_->addAction(demoAction_);
  liveMenu_->addAction(replayAction_);
  liveMenu_->addAction(audioInputAction_);
  liveMenu_->addAction(stopLiveAction_);
  liveMenu_->addSeparator();
  liveMenu_->addAction(surgeAction_);
  liveMenu_->addSeparator();
  liveMenu_->addAction(dispatchAction_);

  editMenu_ = menuBar()->addMenu(QString());
  editMenu_->addAction(preferencesAction_);

  viewMenu_ = menuBar()->addMenu(QString());
  viewMenu_->addAction(incidentDock_->toggleViewAction());
  viewMenu_->addAction(reviewDock_->toggleViewAction());
  viewMenu_->addAction(sensorDock_->toggleViewAction());
  viewMenu_->addSeparator();
  viewMenu_->addAction(findAction_);
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
  liveLabel_ = new QLabel(this);
  liveLabel_->setObjectName(QStringLiteral("liveLabel"));
  liveLabel_->hide();
  userLabel_ = new QLabel(this);
  userLabel_->setObjectName(QStringLiteral("userLabel"));
  userLabel_->hide();
  for (QLabel *label :
       {userLabel_, liveLabel_, scenarioLabel_, sensorCountLabel_, timeSpanLabel_}) {
    label->setContentsMargins(6, 0, 6, 0);
    statusBar()->addPermanentWidget(label);
  }
}

void MainWindow::retranslateUi() {
  fileMenu_->setTitle(tr("&File"));
  recentMenu_->setTitle(tr("Open &Recent"));
  liveMenu_->setTitle(tr("&Live"));
  demoAction_->setText(tr("Start &Demo City"));
  demoAction_->setStatusTip(tr("A simulated sensor network with live incidents"));
  replayAction_->setText(tr("&Replay Scenario as Live…"));
  replayAction_->setStatusTip(
      tr("Play a scenario folder through the live pipeline at ten times real time"));
  audioInputAction_->setText(tr("Listen on &Audio Input"));
  audioInputAction_->setStatusTip(tr("The computer's sound input as one local sensor"));
  stopLiveAction_->setText(tr("&Stop Live Source"));
  surgeAction_->setText(tr("Fireworks &Surge (Demo)"));
  surgeAction_->setStatusTip(tr("New Year's Eve in the demo city: a hundred times the fireworks"));
  dispatchAction_->setText(tr("&Dispatch Incident…"));
  dispatchAction_->setStatusTip(tr("Send the selected, confirmed incident to the dispatch system"));
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
  findAction_->setText(tr("Fi&lter Incidents…"));
  findAction_->setStatusTip(tr("Narrow the queue by class, status, confidence or place"));
  filterBar_->retranslate();
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
  applyRole();
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

void MainWindow::setUser(const DeskUser &user) {
  user_ = user;
  applyRole();
}

void MainWindow::applyRole() {
  if (user_.name.isEmpty()) {
    userLabel_->hide();
    return;
  }
  // On the demo city's own store the demo account acts as its demo analyst (reviews) and
  // demo dispatcher (dispatches); elsewhere it may only watch.
  const bool demoActs = user_.demo && demoStoreActive_;
  if (demoActs) {
    userLabel_->setText(tr("Demo account (analyst and dispatcher, demo store)"));
  } else {
    userLabel_->setText(user_.demo ? tr("Demo: %1").arg(roleDisplayName(user_.role))
                                   : tr("%1 (%2)").arg(user_.name, roleDisplayName(user_.role)));
  }
  userLabel_->show();
  // The panel refuses decisions from anyone but an active analyst or admin in the store;
  // a dispatcher does not see the buttons at all.
  reviewPanel_->setReviewer(demoActs ? kDemoAnalyst : user_.demo ? QString() : user_.name);
  reviewPanel_->decisionBar()->setVisible(demoActs || canReview(user_.role));
  if (canManageNetwork(user_.role) && managerDock_ == nullptr) {
    manager_ = new NetworkManagerWidget(this);
    manager_->setObjectName(QStringLiteral("networkManager"));
    managerDock_ = new QDockWidget(this);
    managerDock_->setObjectName(QStringLiteral("networkManagerDock"));
    managerDock_->setWidget(manager_);
    addDockWidget(Qt::BottomDockWidgetArea, managerDock_);
    tabifyDockWidget(sensorDock_, managerDock_);
    sensorDock_->raise();
    viewMenu_->insertAction(viewMenu_->actions().value(3), managerDock_->toggleViewAction());
    connect(sensorModel_, &QAbstractItemModel::modelReset, this, &MainWindow::updateNetworkManager);
    updateNetworkManager();
  } else if (!canManageNetwork(user_.role) && managerDock_ != nullptr) {
    managerDock_->hide();
    managerDock_->toggleViewAction()->setVisible(false);
  }
  if (managerDock_ != nullptr) {
    managerDock_->setWindowTitle(tr("Sensor Network"));
  }
}

void MainWindow::updateNetworkManager() {
  if (manager_ == nullptr) {
    return;
  }
  std::vector<network::NetworkSensor> sensors;
  for (int row = 0; row < sensorModel_->rowCount(); ++row) {
    const SensorSpec &spec = sensorModel_->recording(row).spec;
    network::NetworkSensor sensor;
    sensor.id = spec.id;
    sensor.position = spec.position;
    sensors.push_back(sensor);
  }
  manager_->setSensors(std::move(sensors));
  manager_->setHealthDatabase(guiStore());
  updateNetworkHealth();
}

void MainWindow::updateNetworkHealth() {
  if (manager_ == nullptr || sensorModel_->rowCount() == 0) {
    return;
  }
  // Live sensors send no heartbeats: audio arriving is the sign of life, so an online
  // sensor's "heartbeat" is the stream time and an offline one has none.
  const UtcNs now =
      streamUtc_ns_ > 0 ? streamUtc_ns_ : sensorModel_->recording(0).spec.start_utc_ns;
  std::vector<network::SensorHealthInput> inputs;
  for (int row = 0; row < sensorModel_->rowCount(); ++row) {
    network::SensorHealthInput input;
    input.sensor_id = sensorModel_->recording(row).spec.id;
    if (sensorModel_->health(row) != SensorTableModel::Offline) {
      SensorHealthSample heartbeat;
      heartbeat.time_utc_ns = now;
      input.last_heartbeat = heartbeat;
    }
    input.residual_clock_offset_s = sensorModel_->clockOffset_s(row);
    inputs.push_back(std::move(input));
  }
  manager_->setHealth(std::move(inputs), now);
}

void MainWindow::onSensorStateChanged(int sensorIndex, int state, double clockOffset_s) {
  if (sensorIndex < 0 || sensorIndex >= sensorModel_->rowCount()) {
    return;
  }
  const QString id = QString::fromStdString(sensorModel_->recording(sensorIndex).spec.id);
  if (state == static_cast<int>(SensorTableModel::ClockFault)) {
    sensorModel_->setClockFault(sensorIndex, clockOffset_s);
    statusBar()->showMessage(
        tr("Sensor %1: clock reads %2 ms off; left out of location from now on")
            .arg(id, QLocale().toString(clockOffset_s * 1e3, 'f', 1)),
        kStatusMessageTimeout_ms);
  } else if (state == static_cast<int>(SensorTableModel::Offline)) {
    sensorModel_->setOffline(sensorIndex, true);
    statusBar()->showMessage(tr("Sensor %1 is offline: no audio from it").arg(id),
                             kStatusMessageTimeout_ms);
  }
  updateNetworkHealth();
}

void MainWindow::startDemo() {
  sensorModel_->clearHealth();
  streamUtc_ns_ = 0;
  pendingReplaySpeed_ = 0.0;
  incidentModel_->clear();
  banner_->hide();
  DeskSessionOptions options;
  options.databasePath = demoStorePath();
  options.liveAudioHistory_s = kDemoAudioHistory_s;
  options.demoUsers = true;
  useStore(options.databasePath, true);
  session_->start([] { return std::make_unique<DemoCitySource>(); }, options);
  stopLiveAction_->setEnabled(true);
  statusBar()->showMessage(tr("Starting the demo city…"));
}

void MainWindow::startReplay(const QString &folder, double speed) {
  pendingReplaySpeed_ = std::clamp(speed, 1.0, 60.0);
  openScenario(folder);
}

void MainWindow::startReplayOf(std::shared_ptr<const ScenarioFolder> scenario, double speed) {
  sensorModel_->clearHealth();
  streamUtc_ns_ = 0;
  DeskSessionOptions options;
  options.speed = speed;
  options.databasePath = databasePath_;
  options.recordings = scenario->recordings;
  useStore(databasePath_, false);
  session_->start([scenario] { return std::make_unique<ScenarioReplaySource>(*scenario); },
                  options);
  stopLiveAction_->setEnabled(true);
}

void MainWindow::startAudioInput() {
  sensorModel_->clearHealth();
  streamUtc_ns_ = 0;
  pendingReplaySpeed_ = 0.0;
  const QSettings settings;
  SensorSpec sensor;
  sensor.id = "LOCAL";
  sensor.position.lat_deg = settings.value(QStringLiteral("desk/localSensorLat"), 0.0).toDouble();
  sensor.position.lon_deg = settings.value(QStringLiteral("desk/localSensorLon"), 0.0).toDouble();
  sensor.sample_rate_hz = 16000.0;
  sensor.full_scale_pa = 100.0; // a typical measurement microphone and interface
  DeskSessionOptions options;
  options.databasePath = databasePath_;
  options.liveAudioHistory_s = kDemoAudioHistory_s;
  useStore(databasePath_, false);
  // The session is joined here, on the GUI thread; the source opens its stream on the
  // feeder thread.
  session_->start(
      [sensor, audio = PortAudioSession::acquire()] {
        return std::make_unique<AudioInputSource>(sensor, audio);
      },
      options);
  stopLiveAction_->setEnabled(true);
}

void MainWindow::stopLive() {
  session_->stop();
  stopLiveAction_->setEnabled(false);
  liveLabel_->hide();
}

void MainWindow::onNetworkReady(const ScenarioManifest &manifest) {
  if (scenario_ && scenario_->manifest.name == manifest.name) {
    return; // a replay: the sensors are those of the opened folder
  }
  std::vector<SensorRecording> sensors;
  for (const SensorSpec &spec : manifest.sensors) {
    SensorRecording recording;
    recording.spec = spec;
    sensors.push_back(recording);
  }
  sensorModel_->setRecordings(std::move(sensors));
  map_->fitToContent();
  setWindowTitle(tr("%1 — Salvo").arg(sourceDisplayName()));
  scenarioLabel_->setText(tr("Live: %1").arg(sourceDisplayName()));
  statusBar()->showMessage(
      tr("Live: %n sensor(s) listening", nullptr, static_cast<int>(manifest.sensors.size())),
      kStatusMessageTimeout_ms);
}

void MainWindow::onLiveIncident(const Incident &incident, qint64 storeRowId) {
  incidentModel_->addIncident(incident, storeRowId);
  const Place place = places_->place(incident.position.lat_deg, incident.position.lon_deg);
  if (place.source != PlaceSource::Coordinates) {
    incidentModel_->setPlaceName(QString::fromStdString(incident.id),
                                 QString::fromStdString(place.label));
  }
  if (incident.incidentClass == IncidentClass::Gunfire) {
    raiseAlert(incident);
  }
  emit liveIncidentShown(QString::fromStdString(incident.id));
}

void MainWindow::raiseAlert(const Incident &incident) {
  const int row = incidentModel_->rowOf(QString::fromStdString(incident.id));
  banner_->showIncident(incident, row >= 0 ? incidentModel_->placeText(row) : QString());
  if (alertSoundEnabled_) {
    alertSound_->play();
  }
  QApplication::alert(this);
}

bool MainWindow::selectIncident(const QString &incidentId) {
  const int row = incidentModel_->rowOf(incidentId);
  if (row < 0) {
    return false;
  }
  const QModelIndex index = incidentSortModel_->mapFromSource(incidentModel_->index(row, 0));
  if (!index.isValid()) {
    return false; // filtered out
  }
  incidentView_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
  incidentView_->setCurrentIndex(index);
  incidentView_->scrollTo(index);
  incidentDock_->show();
  incidentDock_->raise();
  return true;
}

void MainWindow::onScenarioLoaded(std::shared_ptr<const ScenarioFolder> scenario) {
  scenario_ = std::move(scenario);
  sensorModel_->setRecordings(scenario_->recordings);
  incidentModel_->clear();
  map_->fitToContent();
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
  if (pendingReplaySpeed_ > 0.0) {
    startReplayOf(scenario_, std::exchange(pendingReplaySpeed_, 0.0));
  } else {
    session_->stop();
  }
  emit scenarioOpened(QString::fromStdString(scenario_->manifest.name));
}

void MainWindow::onScenarioFailed(const QString &folder, const QString &message) {
  pendingReplaySpeed_ = 0.0;
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

int MainWindow::selectedIncidentRow() const {
  const QModelIndexList rows = incidentView_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : incidentSortModel_->mapToSource(rows.first()).row();
}

void MainWindow::syncMapSelection() {
  map_->setSelectedIncident(selectedIncidentRow());
}

void MainWindow::onIncidentSelectionChanged() {
  const int row = selectedIncidentRow();
  map_->setSelectedIncident(row);
  dispatchAction_->setEnabled(row >= 0 && incidentModel_->storeRowId(row) > 0);
  if (row < 0) {
    reviewPanel_->setIncident(std::nullopt);
    return;
  }
  const std::int64_t rowId = incidentModel_->storeRowId(row);
  Database *store = rowId > 0 ? guiStore() : nullptr;
  if (store != nullptr) {
    reviewPanel_->showIncident(*store, rowId);
  } else {
    reviewPanel_->setIncident(incidentModel_->incident(row));
  }
}

QString MainWindow::sourceDisplayName() const {
  // The sources name themselves in English for logs; the desk shows its own words.
  const QString name = session_->sourceName();
  if (name == QLatin1String("Demo city")) {
    return tr("Demo city");
  }
  if (name == QLatin1String("Audio input")) {
    return tr("Audio input");
  }
  return name;
}

QString MainWindow::demoStorePath() {
  if (!demoStoreDir_) {
    demoStoreDir_ = std::make_unique<QTemporaryDir>();
  }
  return demoStoreDir_->isValid() ? demoStoreDir_->filePath(QStringLiteral("demo.sqlite"))
                                  : QString();
}

void MainWindow::useStore(const QString &path, bool demo) {
  activeStorePath_ = path;
  demoStoreActive_ = demo && !path.isEmpty();
  applyRole();
  // Created and migrated here, before the session's threads open it too.
  guiStore();
}

Database *MainWindow::guiStore() {
  const QString path = activeStorePath_.isEmpty() ? databasePath_ : activeStorePath_;
  if (path.isEmpty()) {
    return nullptr;
  }
  if (!guiStore_ || guiStorePath_ != path) {
    try {
      // The panel and the network manager read the store being replaced.
      reviewPanel_->clear();
      if (manager_ != nullptr) {
        manager_->setHealthDatabase(nullptr);
      }
      guiStore_.reset();
      guiStore_ = std::make_unique<Database>(openStore(path.toStdString()));
      guiStorePath_ = path;
      if (manager_ != nullptr) {
        manager_->setHealthDatabase(guiStore_.get());
      }
    } catch (const std::exception &error) {
      qWarning().noquote() << "cannot open the desk store" << path << ":" << error.what();
      statusBar()->showMessage(
          tr("Cannot open the store %1: %2").arg(path, QString::fromLocal8Bit(error.what())));
      guiStore_.reset();
      return nullptr;
    }
  }
  return guiStore_.get();
}

void MainWindow::refreshReviewedRow(qint64 storeRowId) {
  Database *store = guiStore();
  if (store == nullptr) {
    return;
  }
  for (int row = 0; row < incidentModel_->rowCount(); ++row) {
    if (incidentModel_->storeRowId(row) != storeRowId) {
      continue;
    }
    try {
      IncidentStore incidents(*store, user_.name.toStdString());
      if (const auto stored = incidents.find(storeRowId)) {
        switch (stored->status) {
        case IncidentStatus::Confirmed:
        case IncidentStatus::Dispatched:
          incidentModel_->setStatus(row, ReviewStatus::Confirmed);
          break;
        case IncidentStatus::Dismissed:
          incidentModel_->setStatus(row, ReviewStatus::Rejected);
          break;
        case IncidentStatus::New:
          incidentModel_->setStatus(row, ReviewStatus::New);
          break;
        }
      }
    } catch (const std::exception &error) {
      qWarning().noquote() << "cannot read incident" << storeRowId << ":" << error.what();
    }
  }
}

void MainWindow::dispatchSelected() {
  const int row = selectedIncidentRow();
  Database *store = guiStore();
  if (row < 0 || store == nullptr || incidentModel_->storeRowId(row) <= 0) {
    return;
  }
  try {
    const QString dispatcher = user_.demo && demoStoreActive_ ? kDemoDispatcher : user_.name;
    DispatchDialog dialog(*store, incidentModel_->storeRowId(row), dispatcher, this);
    dialog.setMapImage(map_->grab().toImage());
    dialog.setWaveformImage(reviewPanel_->grab().toImage());
    dialog.setAddress(incidentModel_->placeText(row));
    connect(&dialog, &DispatchDialog::dispatched, this,
            [this](qint64 rowId, qint64) { refreshReviewedRow(rowId); });
    dialog.exec();
  } catch (const std::exception &error) {
    QMessageBox::warning(this, tr("Cannot Dispatch"), QString::fromLocal8Bit(error.what()));
  }
}

void MainWindow::configurePlaces() {
  const QSettings settings;
  const QString pointsFile = settings.value(QStringLiteral("geocode/addressPointsFile")).toString();
  if (!pointsFile.isEmpty()) {
    try {
      places_->setAddressPoints(readAddressPoints(pointsFile.toStdString()));
    } catch (const std::exception &error) {
      qWarning().noquote() << "address points" << pointsFile << ":" << error.what();
    }
  }
  const QString url = settings.value(QStringLiteral("geocode/nominatimUrl")).toString();
  if (url.isEmpty()) {
    places_->setReverseGeocoder(nullptr);
    return;
  }
  NominatimSettings nominatim;
  nominatim.baseUrl = QUrl(url);
  nominatim.userAgent = QStringLiteral("Salvo/%1 (gunfire-location desk)")
                            .arg(QCoreApplication::applicationVersion())
                            .toUtf8();
  const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  QDir().mkpath(dataDir);
  nominatim.cacheFile = QDir(dataDir).filePath(QStringLiteral("geocode-cache.json"));
  places_->setReverseGeocoder(std::make_unique<NominatimGeocoder>(nominatim));
}

void MainWindow::showAbout() {
  AboutDialog dialog(this);
  dialog.exec();
}

void MainWindow::showPreferences() {
  SettingsDialog dialog(this);
  connect(&dialog, &SettingsDialog::settingsSaved, this, [this] {
    map_->setTileSource(createTileSourceFromSettings());
    configurePlaces();
  });
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
  map_->fitToContent();
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
