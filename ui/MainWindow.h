#pragma once

#include "contract/Scenario.h"

#include <QByteArray>
#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QSortFilterProxyModel;

namespace salvo {

class EmptyStateTableView;
class IncidentTableModel;
class ReviewPanel;
class ScenarioLoader;
class SensorMapWidget;
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
  bool isLoadingScenario() const;
  const ScenarioFolder *scenario() const { return scenario_.get(); }

  SensorTableModel *sensorModel() const { return sensorModel_; }
  IncidentTableModel *incidentModel() const { return incidentModel_; }
  SensorMapWidget *mapWidget() const { return map_; }
  EmptyStateTableView *incidentView() const { return incidentView_; }
  EmptyStateTableView *sensorView() const { return sensorView_; }
  ReviewPanel *reviewPanel() const { return reviewPanel_; }
  QDockWidget *incidentDock() const { return incidentDock_; }
  QDockWidget *reviewDock() const { return reviewDock_; }
  QDockWidget *sensorDock() const { return sensorDock_; }
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
  void loadingFinished(); // nothing left to load

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

  ScenarioLoader *loader_ = nullptr;
  std::shared_ptr<const ScenarioFolder> scenario_;
  QString loadingFolder_;

  SensorTableModel *sensorModel_ = nullptr;
  QSortFilterProxyModel *sensorSortModel_ = nullptr;
  IncidentTableModel *incidentModel_ = nullptr;
  QSortFilterProxyModel *incidentSortModel_ = nullptr;

  SensorMapWidget *map_ = nullptr;
  EmptyStateTableView *incidentView_ = nullptr;
  EmptyStateTableView *sensorView_ = nullptr;
  ReviewPanel *reviewPanel_ = nullptr;
  QDockWidget *incidentDock_ = nullptr;
  QDockWidget *reviewDock_ = nullptr;
  QDockWidget *sensorDock_ = nullptr;

  QMenu *fileMenu_ = nullptr;
  QMenu *recentMenu_ = nullptr;
  QMenu *editMenu_ = nullptr;
  QMenu *viewMenu_ = nullptr;
  QMenu *helpMenu_ = nullptr;
  QAction *openAction_ = nullptr;
  QAction *clearRecentAction_ = nullptr;
  QAction *quitAction_ = nullptr;
  QAction *preferencesAction_ = nullptr;
  QAction *fitMapAction_ = nullptr;
  QAction *resetLayoutAction_ = nullptr;
  QAction *aboutAction_ = nullptr;
  QAction *aboutQtAction_ = nullptr;

  QLabel *scenarioLabel_ = nullptr;
  QLabel *sensorCountLabel_ = nullptr;
  QLabel *timeSpanLabel_ = nullptr;

  bool persistSettings_ = false;
  bool settingsReadOnly_ = false;
};

} // namespace salvo
