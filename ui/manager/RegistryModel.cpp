#include "RegistryModel.h"

#include <cmath>

namespace salvo {

using network::SensorStatus;

void RegistryModel::setSensors(std::vector<network::NetworkSensor> sensors) {
  beginResetModel();
  sensors_ = std::move(sensors);
  endResetModel();
  emit registryChanged();
}

void RegistryModel::addSensor(const network::NetworkSensor &sensor) {
  const int row = rowCount();
  beginInsertRows({}, row, row);
  sensors_.push_back(sensor);
  endInsertRows();
  emit registryChanged();
}

void RegistryModel::setStatus(int row, SensorStatus status) {
  if (row < 0 || row >= rowCount()) {
    return;
  }
  sensors_[static_cast<std::size_t>(row)].status = status;
  emit dataChanged(index(row, StatusColumn), index(row, StatusColumn));
  emit registryChanged();
}

void RegistryModel::moveSensor(int row, const GeodeticPosition &position) {
  if (row < 0 || row >= rowCount()) {
    return;
  }
  sensors_[static_cast<std::size_t>(row)].position = position;
  emit dataChanged(index(row, LatitudeColumn), index(row, AltitudeColumn));
  emit registryChanged();
}

int RegistryModel::rowOf(const QString &sensorId) const {
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    if (QString::fromStdString(sensors_[i].id) == sensorId) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int RegistryModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : static_cast<int>(sensors_.size());
}

int RegistryModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString RegistryModel::statusText(SensorStatus status) {
  switch (status) {
  case SensorStatus::Active:
    return tr("active");
  case SensorStatus::Offline:
    return tr("offline");
  case SensorStatus::Proposed:
    return tr("proposed");
  case SensorStatus::Retired:
    return tr("retired");
  }
  return {};
}

QVariant RegistryModel::data(const QModelIndex &index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const network::NetworkSensor &s = sensors_[static_cast<std::size_t>(index.row())];
  if (role == Qt::TextAlignmentRole && index.column() != IdColumn &&
      index.column() != StatusColumn) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole && role != Qt::EditRole) {
    return {};
  }
  switch (index.column()) {
  case IdColumn:
    return QString::fromStdString(s.id);
  case LatitudeColumn:
    return role == Qt::EditRole ? QVariant(s.position.lat_deg)
                                : QVariant(QString::number(s.position.lat_deg, 'f', 6));
  case LongitudeColumn:
    return role == Qt::EditRole ? QVariant(s.position.lon_deg)
                                : QVariant(QString::number(s.position.lon_deg, 'f', 6));
  case AltitudeColumn:
    return QString::number(s.position.alt_m, 'f', 1);
  case NoiseFloorColumn:
    return std::isfinite(s.noise_floor_db_spl) ? QString::number(s.noise_floor_db_spl, 'f', 1)
                                               : (role == Qt::EditRole ? QString() : tr("default"));
  case StatusColumn:
    return role == Qt::EditRole ? QString::fromLatin1(network::statusName(s.status))
                                : statusText(s.status);
  }
  return {};
}

bool RegistryModel::setData(const QModelIndex &index, const QVariant &value, int role) {
  if (!index.isValid() || role != Qt::EditRole || index.row() >= rowCount()) {
    return false;
  }
  network::NetworkSensor &s = sensors_[static_cast<std::size_t>(index.row())];
  const QString text = value.toString().trimmed();
  bool ok = true;
  const double number = text.toDouble(&ok);
  switch (index.column()) {
  case IdColumn:
    s.id = text.toStdString();
    break;
  case LatitudeColumn:
    if (!ok)
      return false;
    s.position.lat_deg = number;
    break;
  case LongitudeColumn:
    if (!ok)
      return false;
    s.position.lon_deg = number;
    break;
  case AltitudeColumn:
    if (!ok)
      return false;
    s.position.alt_m = number;
    break;
  case NoiseFloorColumn:
    if (text.isEmpty()) {
      s.noise_floor_db_spl = std::numeric_limits<double>::quiet_NaN();
    } else if (ok) {
      s.noise_floor_db_spl = number;
    } else {
      return false;
    }
    break;
  case StatusColumn:
    if (!network::parseStatus(text.toStdString(), s.status)) {
      return false;
    }
    break;
  default:
    return false;
  }
  emit dataChanged(index, index);
  emit registryChanged();
  return true;
}

Qt::ItemFlags RegistryModel::flags(const QModelIndex &index) const {
  return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

QVariant RegistryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
  case IdColumn:
    return tr("Sensor");
  case LatitudeColumn:
    return tr("Latitude (°)");
  case LongitudeColumn:
    return tr("Longitude (°)");
  case AltitudeColumn:
    return tr("Altitude (m)");
  case NoiseFloorColumn:
    return tr("Noise floor (dB SPL)");
  case StatusColumn:
    return tr("Status");
  }
  return {};
}

} // namespace salvo
