#include "NetworkManagerWidget.h"

#include "GridImageLayer.h"
#include "HealthPanel.h"
#include "MapsComputer.h"
#include "NetworkSensorLayer.h"
#include "RegistryModel.h"
#include "RegistryPanel.h"
#include "map/TileMapWidget.h"
#include "network/SiteSuggester.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace salvo {
namespace {

constexpr double kGridMargin_m = 600.0;
constexpr double kCell_m = 10.0;
const char *const kProposedId = "PROPOSED";

TileMapWidget *makeMap(QWidget *parent, const QString &name) {
  auto *map = new TileMapWidget(parent);
  map->setObjectName(name);
  map->setMinimumSize(320, 260);
  return map;
}

} // namespace

NetworkManagerWidget::NetworkManagerWidget(QWidget *parent) : QWidget(parent) {
  registry_ = new RegistryModel(this);
  computer_ = new MapsComputer(this);
  coverageMap_ = makeMap(this, QStringLiteral("coverageMap"));
  accuracyMap_ = makeMap(this, QStringLiteral("accuracyMap"));
  coverageLayer3_ = new CoverageLayer(coverageMap_, 3);
  coverageLayer4_ = new CoverageLayer(coverageMap_, 4);
  coverageLayer4_->setVisible(false);
  accuracyLayer_ = new AccuracyLayer(accuracyMap_);
  coverageSensors_ = new NetworkSensorLayer(coverageMap_);
  accuracySensors_ = new NetworkSensorLayer(accuracyMap_);
  coverageMap_->addLayer(coverageLayer3_);
  coverageMap_->addLayer(coverageLayer4_);
  coverageMap_->addLayer(coverageSensors_);
  accuracyMap_->addLayer(accuracyLayer_);
  accuracyMap_->addLayer(accuracySensors_);
  for (TileMapWidget *map : {coverageMap_, accuracyMap_}) {
    map->installEventFilter(this);
  }
  connect(coverageMap_, &TileMapWidget::viewChanged, this,
          [this] { syncView(coverageMap_, accuracyMap_); });
  connect(accuracyMap_, &TileMapWidget::viewChanged, this,
          [this] { syncView(accuracyMap_, coverageMap_); });

  registryPanel_ = new RegistryPanel(registry_, this);
  healthPanel_ = new HealthPanel(this);
  auto *tabs = new QTabWidget(this);
  tabs->setObjectName(QStringLiteral("managerTabs"));
  tabs->addTab(registryPanel_, tr("Registry"));
  tabs->addTab(healthPanel_, tr("Health"));

  auto *maps = new QSplitter(Qt::Horizontal, this);
  maps->addWidget(coverageMap_);
  maps->addWidget(accuracyMap_);
  auto *vertical = new QSplitter(Qt::Vertical, this);
  vertical->addWidget(maps);
  vertical->addWidget(tabs);
  vertical->setStretchFactor(0, 3);
  vertical->setStretchFactor(1, 2);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(buildToolbar());
  layout->addWidget(vertical, 1);

  connect(registry_, &RegistryModel::registryChanged, this, &NetworkManagerWidget::registryChanged);
  connect(computer_, &MapsComputer::mapsReady, this, &NetworkManagerWidget::mapsReady);
  connect(registryPanel_, &RegistryPanel::addRequested, this, [this] {
    network::NetworkSensor s;
    s.id = QStringLiteral("NEW%1").arg(registry_->rowCount() + 1).toStdString();
    s.position = coverageMap_->viewport().centre;
    registry_->addSensor(s);
  });
}

NetworkManagerWidget::~NetworkManagerWidget() = default;

QWidget *NetworkManagerWidget::buildToolbar() {
  auto *bar = new QWidget(this);
  coverageChoice_ = new QComboBox(bar);
  coverageChoice_->addItem(tr("Coverage: ≥ 3 sensors"), 3);
  coverageChoice_->addItem(tr("Coverage: ≥ 4 sensors"), 4);
  planning_ = new QCheckBox(tr("Planning mode"), bar);
  planning_->setToolTip(
      tr("Click a map to place a proposed sensor, drag it to see the maps change."));
  suggest_ = new QPushButton(tr("Suggest next site"), bar);
  suggest_->setObjectName(QStringLiteral("suggestButton"));
  adopt_ = new QPushButton(tr("Add proposed sensor to registry"), bar);
  adopt_->setEnabled(false);
  status_ = new QLabel(bar);
  status_->setObjectName(QStringLiteral("mapStatus"));
  auto *layout = new QHBoxLayout(bar);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(coverageChoice_);
  layout->addWidget(planning_);
  layout->addWidget(suggest_);
  layout->addWidget(adopt_);
  layout->addWidget(status_, 1);
  connect(coverageChoice_, &QComboBox::currentIndexChanged, this, [this](int index) {
    coverageLayer3_->setVisible(index == 0);
    coverageLayer4_->setVisible(index == 1);
  });
  connect(suggest_, &QPushButton::clicked, this, &NetworkManagerWidget::suggestNextSite);
  connect(adopt_, &QPushButton::clicked, this, [this] {
    if (!proposed_) {
      return;
    }
    network::NetworkSensor s;
    s.id = QStringLiteral("NEW%1").arg(registry_->rowCount() + 1).toStdString();
    s.position = *proposed_;
    proposed_.reset();
    registry_->addSensor(s);
  });
  return bar;
}

void NetworkManagerWidget::setSensors(std::vector<network::NetworkSensor> sensors) {
  registry_->setSensors(std::move(sensors));
}

void NetworkManagerWidget::setHealth(std::vector<network::SensorHealthInput> inputs,
                                     UtcNs now_utc_ns) {
  auto statuses = network::evaluateHealth(inputs, now_utc_ns);
  offline_.clear();
  alarmed_.clear();
  for (const auto &s : statuses) {
    const QString id = QString::fromStdString(s.sensor_id);
    if (!s.online) {
      offline_.insert(id);
    }
    if (!s.alarms.empty()) {
      alarmed_.insert(id);
    }
  }
  healthPanel_->setStatuses(std::move(statuses));
  refreshSensorLayers();
  recompute(); // an offline sensor no longer covers anything
}

void NetworkManagerWidget::setHealthDatabase(Database *database) {
  healthPanel_->setDatabase(database);
}

void NetworkManagerWidget::setMapOptions(const network::NetworkMapOptions &options) {
  options_ = options;
  recompute();
}

void NetworkManagerWidget::setPlanningMode(bool on) {
  planning_->setChecked(on);
}
bool NetworkManagerWidget::planningMode() const {
  return planning_ && planning_->isChecked();
}

void NetworkManagerWidget::setProposedSensor(const GeodeticPosition &position) {
  proposed_ = position;
  adopt_->setEnabled(true);
  refreshSensorLayers();
  recompute();
}

const network::NetworkMaps &NetworkManagerWidget::maps() const {
  return computer_->maps();
}
bool NetworkManagerWidget::isComputing() const {
  return computer_->isBusy();
}

void NetworkManagerWidget::registryChanged() {
  std::vector<network::NetworkSensor> placed;
  for (const auto &s : registry_->sensors()) {
    if (s.status != network::SensorStatus::Retired && isValidGeodetic(s.position)) {
      placed.push_back(s);
    }
  }
  grid_.reset();
  if (!placed.empty()) {
    try {
      grid_ = network::gridAround(placed, kCell_m, kGridMargin_m);
    } catch (const std::exception &e) {
      status_->setText(tr("No maps: %1").arg(QString::fromStdString(e.what())));
    }
  }
  refreshSensorLayers();
  fitMapsToGrid();
  recompute();
}

std::vector<network::NetworkSensor> NetworkManagerWidget::listeningSensors() const {
  std::vector<network::NetworkSensor> sensors;
  for (network::NetworkSensor s : registry_->sensors()) {
    if (offline_.contains(QString::fromStdString(s.id)) &&
        s.status == network::SensorStatus::Active) {
      s.status = network::SensorStatus::Offline;
    }
    sensors.push_back(s);
  }
  if (proposed_) {
    network::NetworkSensor s;
    s.id = kProposedId;
    s.position = *proposed_;
    s.status = network::SensorStatus::Proposed;
    sensors.push_back(s);
  }
  return sensors;
}

void NetworkManagerWidget::recompute() {
  if (!grid_) {
    return;
  }
  computer_->request(listeningSensors(), *grid_, options_);
}

void NetworkManagerWidget::mapsReady() {
  const network::NetworkMaps &maps = computer_->maps();
  coverageLayer3_->setMaps(maps);
  coverageLayer4_->setMaps(maps);
  accuracyLayer_->setMaps(maps);
  QString text = tr("Heard by ≥ 3 sensors (P ≥ 0.9): %1 km², by ≥ 4: %2 km² — computed in %3 ms")
                     .arg(maps.coverage.coveredArea_m2(0.9) / 1e6, 0, 'f', 2)
                     .arg(std::count_if(maps.coverage.p4.begin(), maps.coverage.p4.end(),
                                        [](float p) { return p >= 0.9f; }) *
                              maps.coverage.grid.cellArea_m2() / 1e6,
                          0, 'f', 2)
                     .arg(computer_->lastCompute_ms(), 0, 'f', 0);
  if (proposed_ && suggestedGain_m2_ > 0.0) {
    text += tr("; suggested site adds %1 km²").arg(suggestedGain_m2_ / 1e6, 0, 'f', 2);
  }
  status_->setText(text);
  if (!computer_->isBusy()) {
    emit mapsUpdated();
  }
}

void NetworkManagerWidget::refreshSensorLayers() {
  std::vector<network::NetworkSensor> shown = listeningSensors();
  coverageSensors_->setSensors(shown, alarmed_);
  accuracySensors_->setSensors(shown, alarmed_);
}

void NetworkManagerWidget::fitMapsToGrid() {
  if (!grid_) {
    return;
  }
  const double extent_m = std::max(grid_->cols, grid_->rows) * grid_->cell_m;
  const double side_px = std::max(200, std::min(coverageMap_->width(), coverageMap_->height()));
  MapViewport probe;
  probe.centre = grid_->origin;
  probe.zoom = 0.0;
  const double zoom = std::log2(probe.metresPerPixel() * side_px / extent_m);
  for (TileMapWidget *map : {coverageMap_, accuracyMap_}) {
    map->setCentre(grid_->origin);
    map->setZoom(std::clamp(zoom, TileMapWidget::kMinZoom, TileMapWidget::kMaxZoom));
  }
}

void NetworkManagerWidget::syncView(TileMapWidget *from, TileMapWidget *to) {
  if (syncing_) {
    return;
  }
  syncing_ = true;
  to->setCentre(from->viewport().centre);
  to->setZoom(from->viewport().zoom);
  syncing_ = false;
}

void NetworkManagerWidget::suggestNextSite() {
  if (!grid_) {
    return;
  }
  // Best site for the network as it is (without the current proposal).
  std::vector<network::NetworkSensor> sensors = listeningSensors();
  if (proposed_) {
    sensors.pop_back();
  }
  // The current maps when they are of exactly this network, else one synchronous pass
  // (tens of ms; the candidates' gains need no further recompute).
  const bool current = !proposed_ && !computer_->isBusy() &&
                       computer_->maps().coverage.grid.cellCount() == grid_->cellCount();
  const network::NetworkMaps base =
      current ? computer_->maps() : network::computeNetworkMaps(sensors, *grid_, options_);
  const auto sites = network::suggestSites(base.coverage, options_.detection);
  if (sites.empty() || sites.front().gained_area_m2 <= 0.0) {
    status_->setText(tr("No site adds coverage."));
    return;
  }
  suggestedGain_m2_ = sites.front().gained_area_m2;
  setPlanningMode(true);
  setProposedSensor(sites.front().position);
}

bool NetworkManagerWidget::eventFilter(QObject *watched, QEvent *event) {
  auto *map = qobject_cast<TileMapWidget *>(watched);
  if (map && planningMode() && handleMapMouse(map, event)) {
    return true;
  }
  return QWidget::eventFilter(watched, event);
}

// Planning mode: press on the proposed sensor drags it; a click elsewhere places it.
bool NetworkManagerWidget::handleMapMouse(TileMapWidget *map, QEvent *event) {
  const auto type = event->type();
  if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove &&
      type != QEvent::MouseButtonRelease) {
    return false;
  }
  auto *mouse = static_cast<QMouseEvent *>(event);
  const MapViewport &viewport = map->viewport();
  const QPointF at = mouse->position();
  if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
    bool onProposed = false;
    if (proposed_) {
      const QPointF p = viewport.toScreen(proposed_->lat_deg, proposed_->lon_deg);
      onProposed = std::hypot(p.x() - at.x(), p.y() - at.y()) <= 12.0;
    }
    if (!onProposed && proposed_) {
      return false; // pan as usual
    }
    dragging_ = true;
    suggestedGain_m2_ = 0.0;
    setProposedSensor(viewport.toGeo(at));
    return true;
  }
  if (type == QEvent::MouseMove && dragging_) {
    setProposedSensor(viewport.toGeo(at));
    return true;
  }
  if (type == QEvent::MouseButtonRelease && dragging_) {
    dragging_ = false;
    setProposedSensor(viewport.toGeo(at));
    return true;
  }
  return false;
}

} // namespace salvo
