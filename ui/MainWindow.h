#pragma once

#include "contract/Incidents.h"
#include "contract/Scenario.h"
#include "desk/DeskSignIn.h"

#include <QByteArray>
#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTemporaryDir;

namespace salvo {

class AlertBanner;
class AlertSound;
class DeskSession;
class EmptyStateTableView;
class IncidentFilterBar;
class IncidentFilterProxyModel;
class IncidentTableModel;
class ReviewPanel;
class ScenarioLoader;
class Database;
class NetworkManagerWidget;
class PlaceResolver;
class TileMapWidget;
class SensorTableModel;

// The desk's main window. The map is the central widget; the incident queue, the
// review panel and the sensor list are docks a user may move, hide and restore.
// Scenarios open on a worker thread (ScenarioLoader); the window only ever shows a
// scenario that opened completely, and reports a failed one without dropping the
// one on screen.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget *parent = nullptr);
  ~MainWindow() override;

  void openScenario(const QString &folder); // asynchronous; see scenarioOpened/Failed
  // Live sources (see DeskSession): the demo city, or a scenario folder replayed as live
  // audio at `speed` × real time once it has opened. Either replaces the running one.
  void startDemo();
  void startReplay(const QString &folder, double speed);
  // The default sound input as one local sensor (QSettings "desk/localSensorLat/Lon").
  void startAudioInput();
  void stopLive();
  DeskSession *session() const { return session_; }
  AlertBanner *alertBanner() const { return banner_; }
  // Where live incidents are stored; empty: not stored. Takes effect at the next start.
  void setDatabasePath(const QString &path) { databasePath_ = path; }
  QString databasePath() const { return databasePath_; }
  // The store the live incidents on screen are in: the demo city's temporary store while
  // the demo runs, else databasePath().
  QString activeStorePath() const { return activeStorePath_; }
  void setAlertSoundEnabled(bool enabled) { alertSoundEnabled_ = enabled; }
  // Who is signed in; what the window offers follows the role (see DeskSignIn.h).
  void setUser(const DeskUser &user);
  const DeskUser &user() const { return user_; }
  // Opens the dispatch dialog for the selected incident (stored incidents only).
  void dispatchSelected();
  // Selects the incident in the queue (and so in the review panel); false if unknown.
  bool selectIncident(const QString &incidentId);
  bool isLoadingScenario() const;
  const ScenarioFolder *scenario() const { return scenario_.get(); }

  SensorTableModel *sensorModel() const { return sensorModel_; }
  IncidentTableModel *incidentModel() const { return incidentModel_; }
  TileMapWidget *mapWidget() const { return map_; }
  PlaceResolver *placeResolver() const { return places_; }
  EmptyStateTableView *incidentView() const { return incidentView_; }
  IncidentFilterBar *incidentFilterBar() const { return filterBar_; }
  EmptyStateTableView *sensorView() const { return sensorView_; }
  ReviewPanel *reviewPanel() const { return reviewPanel_; }
  QDockWidget *incidentDock() const { return incidentDock_; }
  QDockWidget *reviewDock() const { return reviewDock_; }
  QDockWidget *sensorDock() const { return sensorDock_; }
  QDockWidget *networkManagerDock() const { return managerDock_; } // null unless an admin
  QMenu *recentMenu() const { return recentMenu_; }

  // Geometry and dock layout through QSettings. restoreSettings() also makes the
  // window save them again when it closes.
  void restoreSettings();
  void saveSettings() const;
  void resetLayout();

  // For a one-off run (--screenshot): read nothing from and write nothing to
  // QSettings, not even the recent scenarios.
  void setSettingsReadOnly(bool readOnly) { settingsReadOnly_ = readOnly; }

public slots:
  void chooseScenario();
  void showAbout();
  void showPreferences();

signals:
  void scenarioOpened(const QString &name);
  void scenarioFailed(const QString &folder, const QString &message);
  void loadingFinished();                            // nothing left to load
  void liveIncidentShown(const QString &incidentId); // in the queue (and alerted)

protected:
  void closeEvent(QCloseEvent *event) override;
  void changeEvent(QEvent *event) override;

private:
  void createActions();
  void createMenus();
  void createDocks();
  void createStatusBar();
  void applyDefaultLayout();
  void retranslateUi();
  void updateRecentMenu();
  void updateStatusLabels();
  void onScenarioLoaded(std::shared_ptr<const ScenarioFolder> scenario);
  void onScenarioFailed(const QString &folder, const QString &message);
  void onIncidentSelectionChanged();
  void onNetworkReady(const ScenarioManifest &manifest);
  void onLiveIncident(const Incident &incident, qint64 storeRowId);
  void raiseAlert(const Incident &incident);
  void applyRole();
  void configurePlaces();
  void updateNetworkManager();
  void updateNetworkHealth();
  void onSensorStateChanged(int sensorIndex, int state, double clockOffset_s);
  void syncMapSelection();
  void refreshReviewedRow(qint64 storeRowId);
  int selectedIncidentRow() const; // source row, -1 when none
  Database *guiStore(); // the store of the incidents shown, for the GUI thread; null without one
  QString sourceDisplayName() const;
  QString demoStorePath(); // the demo city's temporary store (made on first use)
  void useStore(const QString &path, bool demo);
  void startReplayOf(std::shared_ptr<const ScenarioFolder> scenario, double speed);

  ScenarioLoader *loader_ = nullptr;
  DeskSession *session_ = nullptr;
  AlertBanner *banner_ = nullptr;
  std::unique_ptr<AlertSound> alertSound_;
  QString databasePath_;
  std::unique_ptr<QTemporaryDir> demoStoreDir_; // removed with the window, after the store
  std::unique_ptr<Database> guiStore_;
  QString guiStorePath_;
  QString activeStorePath_;      // where the live incidents on screen are
  bool demoStoreActive_ = false; // they are the demo city's
  PlaceResolver *places_ = nullptr;
  NetworkManagerWidget *manager_ = nullptr; // admins only
  QDockWidget *managerDock_ = nullptr;
  DeskUser user_;
  bool alertSoundEnabled_ = true;
  double pendingReplaySpeed_ = 0.0; // > 0: replay the scenario being opened
  qint64 streamUtc_ns_ = 0;         // the live source's stream time, last told
  std::shared_ptr<const ScenarioFolder> scenario_;
  QString loadingFolder_;

  SensorTableModel *sensorModel_ = nullptr;
  QSortFilterProxyModel *sensorSortModel_ = nullptr;
  IncidentTableModel *incidentModel_ = nullptr;
  IncidentFilterProxyModel *incidentSortModel_ = nullptr;
  IncidentFilterBar *filterBar_ = nullptr;

  TileMapWidget *map_ = nullptr;
  EmptyStateTableView *incidentView_ = nullptr;
  EmptyStateTableView *sensorView_ = nullptr;
  ReviewPanel *reviewPanel_ = nullptr;
  QDockWidget *incidentDock_ = nullptr;
  QDockWidget *reviewDock_ = nullptr;
  QDockWidget *sensorDock_ = nullptr;

  QMenu *fileMenu_ = nullptr;
  QMenu *recentMenu_ = nullptr;
  QMenu *liveMenu_ = nullptr;
  QMenu *editMenu_ = nullptr;
  QMenu *viewMenu_ = nullptr;
  QMenu *helpMenu_ = nullptr;
  QAction *openAction_ = nullptr;
  QAction *clearRecentAction_ = nullptr;
  QAction *quitAction_ = nullptr;
  QAction *preferencesAction_ = nullptr;
  QAction *fitMapAction_ = nullptr;
  QAction *demoAction_ = nullptr;
  QAction *dispatchAction_ = nullptr;
  QAction *replayAction_ = nullptr;
  QAction *audioInputAction_ = nullptr;
  QAction *stopLiveAction_ = nullptr;
  QAction *surgeAction_ = nullptr;
  QAction *resetLayoutAction_ = nullptr;
  QAction *findAction_ = nullptr;
  QAction *aboutAction_ = nullptr;
  QAction *aboutQtAction_ = nullptr;

  QLabel *scenarioLabel_ = nullptr;
  QLabel *sensorCountLabel_ = nullptr;
  QLabel *timeSpanLabel_ = nullptr;
  QLabel *liveLabel_ = nullptr;
  QLabel *userLabel_ = nullptr;

  bool persistSettings_ = false;
  bool settingsReadOnly_ = false;
};

} // namespace salvo
