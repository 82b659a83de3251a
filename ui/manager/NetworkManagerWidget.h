#pragma once

#include "network/NetworkMaps.h"
#include "network/SensorHealth.h"

#include <QSet>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace salvo {

class AccuracyLayer;
class CoverageLayer;
class HealthPanel;
class MapsComputer;
class NetworkSensorLayer;
class RegistryModel;
class RegistryPanel;
class TileMapWidget;

// The admin's view of the sensor network: coverage and accuracy maps side by side (kept
// on the same view), the registry and the health of every sensor. Planning mode: click
// a map to place a proposed sensor, drag it, and both maps follow; "Suggest next site"
// puts it where it adds the most area heard by at least three sensors.
//
//   auto *manager = new NetworkManagerWidget(this);
//   manager->setSensors(network::readSensorsAnyFormat(path)); // or a scenario's sensors
//   manager->setHealth(inputs, nowUtc_ns());                   // heartbeats, clock faults
//   manager->setHealthDatabase(&database);                     // history charts
class NetworkManagerWidget : public QWidget {
  Q_OBJECT
public:
  explicit NetworkManagerWidget(QWidget *parent = nullptr);
  ~NetworkManagerWidget() override;

  void setSensors(std::vector<network::NetworkSensor> sensors);
  void setHealth(std::vector<network::SensorHealthInput> inputs, UtcNs now_utc_ns);
  void setHealthDatabase(Database *database);
  void setMapOptions(const network::NetworkMapOptions &options);

  // Planning: the one proposed sensor (not in the registry until added).
  void setPlanningMode(bool on);
  bool planningMode() const;
  void setProposedSensor(const GeodeticPosition &position);
  std::optional<GeodeticPosition> proposedSensor() const { return proposed_; }
  void suggestNextSite();

  const network::NetworkMaps &maps() const;
  bool isComputing() const;
  RegistryModel *registry() const { return registry_; }
  RegistryPanel *registryPanel() const { return registryPanel_; }
  HealthPanel *healthPanel() const { return healthPanel_; }
  TileMapWidget *coverageMap() const { return coverageMap_; }
  TileMapWidget *accuracyMap() const { return accuracyMap_; }

signals:
  void mapsUpdated();

protected:
  bool eventFilter(QObject *watched, QEvent *event) override;

private:
  QWidget *buildToolbar();
  void registryChanged();
  void recompute();
  void mapsReady();
  void refreshSensorLayers();
  void fitMapsToGrid();
  void syncView(TileMapWidget *from, TileMapWidget *to);
  std::vector<network::NetworkSensor> listeningSensors() const;
  bool handleMapMouse(TileMapWidget *map, QEvent *event);

  RegistryModel *registry_ = nullptr;
  RegistryPanel *registryPanel_ = nullptr;
  HealthPanel *healthPanel_ = nullptr;
  MapsComputer *computer_ = nullptr;
  TileMapWidget *coverageMap_ = nullptr;
  TileMapWidget *accuracyMap_ = nullptr;
  CoverageLayer *coverageLayer3_ = nullptr;
  CoverageLayer *coverageLayer4_ = nullptr;
  AccuracyLayer *accuracyLayer_ = nullptr;
  NetworkSensorLayer *coverageSensors_ = nullptr;
  NetworkSensorLayer *accuracySensors_ = nullptr;
  QComboBox *coverageChoice_ = nullptr;
  QCheckBox *planning_ = nullptr;
  QPushButton *suggest_ = nullptr;
  QPushButton *adopt_ = nullptr;
  QLabel *status_ = nullptr;

  network::NetworkMapOptions options_;
  std::optional<network::GridSpec> grid_;
  std::optional<GeodeticPosition> proposed_;
  QSet<QString> offline_; // from health: not listening
  QSet<QString> alarmed_;
  double suggestedGain_m2_ = 0.0;
  bool dragging_ = false;
  bool syncing_ = false;
};

} // namespace salvo
