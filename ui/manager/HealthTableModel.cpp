#include "HealthTableModel.h"

#include <QBrush>
#include <QColor>

namespace salvo {
namespace {

QString optionalNumber(const std::optional<double> &value, int decimals, double scale = 1.0) {
  return value ? QString::number(*value * scale, 'f', decimals) : QStringLiteral("–");
}

} // namespace

void HealthTableModel::setStatuses(std::vector<network::SensorHealthStatus> statuses) {
  beginResetModel();
  statuses_ = std::move(statuses);
  endResetModel();
}

int HealthTableModel::alarmCount() const {
  int n = 0;
  for (const auto &s : statuses_) {
    n += static_cast<int>(s.alarms.size());
  }
  return n;
}

int HealthTableModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : static_cast<int>(statuses_.size());
}

int HealthTableModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString HealthTableModel::alarmText(network::AlarmKind kind) {
  switch (kind) {
  case network::AlarmKind::Offline:
    return tr("offline");
  case network::AlarmKind::ClockFault:
    return tr("clock fault");
  case network::AlarmKind::AbnormalNoise:
    return tr("abnormal noise");
  case network::AlarmKind::LowBattery:
    return tr("low battery");
  case network::AlarmKind::Overheating:
    return tr("overheating");
  }
  return {};
}

QVariant HealthTableModel::display(const network::SensorHealthStatus &s, int column) const {
  switch (column) {
  case IdColumn:
    return QString::fromStdString(s.sensor_id);
  case OnlineColumn:
    return s.online ? tr("online") : tr("offline");
  case GpsColumn:
    return !s.gps_lock ? QStringLiteral("–") : (*s.gps_lock ? tr("locked") : tr("no lock"));
  case ClockColumn:
    return optionalNumber(s.clock_offset_s, 2, 1e3);
  case NoiseColumn:
    return optionalNumber(s.noise_floor_dbfs, 1);
  case PulseColumn:
    return optionalNumber(s.since_last_pulse_s, 0);
  case BatteryColumn:
    return optionalNumber(s.battery_v, 1);
  case TemperatureColumn:
    return optionalNumber(s.temperature_c, 0);
  case AlarmsColumn: {
    QStringList alarms;
    for (const auto &a : s.alarms) {
      alarms << alarmText(a.kind);
    }
    return alarms.join(QStringLiteral(", "));
  }
  }
  return {};
}

QVariant HealthTableModel::data(const QModelIndex &index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const network::SensorHealthStatus &s = statuses_[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    return display(s, index.column());
  }
  if (role == Qt::ToolTipRole && !s.alarms.empty()) {
    QStringList lines;
    for (const auto &a : s.alarms) {
      lines << QString::fromStdString(a.message);
    }
    return lines.join('\n');
  }
  if (role == Qt::ForegroundRole && !s.alarms.empty()) {
    return QBrush(QColor(0xc6, 0x28, 0x28));
  }
  return {};
}

QVariant HealthTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
  case IdColumn:
    return tr("Sensor");
  case OnlineColumn:
    return tr("State");
  case GpsColumn:
    return tr("GPS");
  case ClockColumn:
    return tr("Clock offset (ms)");
  case NoiseColumn:
    return tr("Noise floor (dBFS)");
  case PulseColumn:
    return tr("Last pulse (s ago)");
  case BatteryColumn:
    return tr("Battery (V)");
  case TemperatureColumn:
    return tr("Enclosure (°C)");
  case AlarmsColumn:
    return tr("Alarms");
  }
  return {};
}

} // namespace salvo
