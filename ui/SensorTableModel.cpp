#include "SensorTableModel.h"

#include "TimeFormat.h"

#include <QColor>
#include <QLocale>

namespace salvo {

SensorTableModel::SensorTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void SensorTableModel::setRecordings(std::vector<SensorRecording> recordings) {
  beginResetModel();
  recordings_ = std::move(recordings);
  health_.assign(recordings_.size(), HealthState{});
  endResetModel();
}

void SensorTableModel::setOffline(int row, bool offline) {
  if (row < 0 || row >= rowCount()) {
    return;
  }
  health_[static_cast<std::size_t>(row)].offline = offline;
  emitHealthChanged(row);
}

void SensorTableModel::setClockFault(int row, double offset_s) {
  if (row < 0 || row >= rowCount()) {
    return;
  }
  health_[static_cast<std::size_t>(row)].clockOffset_s = offset_s;
  emitHealthChanged(row);
}

void SensorTableModel::clearHealth() {
  health_.assign(recordings_.size(), HealthState{});
  if (!recordings_.empty()) {
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  }
}

int SensorTableModel::health(int row) const {
  const HealthState &state = health_.at(static_cast<std::size_t>(row));
  if (state.offline) {
    return Offline;
  }
  return state.clockOffset_s ? ClockFault : Online;
}

void SensorTableModel::emitHealthChanged(int row) {
  // The whole row: the map reads health through any column's index.
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString SensorTableModel::healthText(int row) const {
  switch (health(row)) {
  case Offline:
    return tr("Offline");
  case ClockFault:
    return tr("Clock fault (%1 ms)").arg(QLocale().toString(*clockOffset_s(row) * 1e3, 'f', 1));
  default:
    return tr("Online");
  }
}

void SensorTableModel::clear() {
  setRecordings({});
}

int SensorTableModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : static_cast<int>(recordings_.size());
}

int SensorTableModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant SensorTableModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const SensorRecording &rec = recordings_[static_cast<std::size_t>(index.row())];
  switch (role) {
  case Qt::DisplayRole:
    return index.column() == HealthColumn ? healthText(index.row())
                                          : displayValue(rec, index.column());
  case Qt::ForegroundRole:
    if (index.column() == HealthColumn && health(index.row()) != Online) {
      return QColor(health(index.row()) == Offline ? 0x70707a : 0x8e24aa);
    }
    return {};
  case HealthRole:
    return health(index.row());
  case ClockOffsetRole: {
    const auto offset = clockOffset_s(index.row());
    return offset ? QVariant(*offset) : QVariant();
  }
  case Qt::TextAlignmentRole:
    return index.column() == IdColumn || index.column() == HealthColumn
               ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
               : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  case Qt::ToolTipRole:
    if (index.column() == StartColumn) {
      return QString::fromStdString(formatIso8601Utc(rec.spec.start_utc_ns));
    }
    return QString::fromStdString(rec.audio_path.string());
  case SensorIdRole:
    return QString::fromStdString(rec.spec.id);
  case LatitudeRole:
    return rec.spec.position.lat_deg;
  case LongitudeRole:
    return rec.spec.position.lon_deg;
  case AltitudeRole:
    return rec.spec.position.alt_m;
  case SortRole:
    return index.column() == HealthColumn ? QVariant(health(index.row()))
                                          : sortValue(rec, index.column());
  default:
    return {};
  }
}

QVariant SensorTableModel::displayValue(const SensorRecording &rec, int column) const {
  QLocale locale;
  locale.setNumberOptions(QLocale::OmitGroupSeparator); // "16000 Hz" reads as one figure
  switch (column) {
  case IdColumn:
    return QString::fromStdString(rec.spec.id);
  case LatitudeColumn:
    return locale.toString(rec.spec.position.lat_deg, 'f', 6);
  case LongitudeColumn:
    return locale.toString(rec.spec.position.lon_deg, 'f', 6);
  case AltitudeColumn:
    return locale.toString(rec.spec.position.alt_m, 'f', 1);
  case RateColumn:
    return locale.toString(rec.spec.sample_rate_hz, 'f', 0);
  case StartColumn:
    return formatUtcMillis(rec.spec.start_utc_ns);
  case DurationColumn:
    return locale.toString(rec.duration_s, 'f', 3);
  default:
    return {};
  }
}

QVariant SensorTableModel::sortValue(const SensorRecording &rec, int column) const {
  switch (column) {
  case IdColumn:
    return QString::fromStdString(rec.spec.id);
  case LatitudeColumn:
    return rec.spec.position.lat_deg;
  case LongitudeColumn:
    return rec.spec.position.lon_deg;
  case AltitudeColumn:
    return rec.spec.position.alt_m;
  case RateColumn:
    return rec.spec.sample_rate_hz;
  case StartColumn:
    return static_cast<qlonglong>(rec.spec.start_utc_ns);
  case DurationColumn:
    return rec.duration_s;
  default:
    return {};
  }
}

QVariant SensorTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
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
  case RateColumn:
    return tr("Rate (Hz)");
  case StartColumn:
    return tr("Start (UTC)");
  case DurationColumn:
    return tr("Duration (s)");
  case HealthColumn:
    return tr("Health");
  default:
    return {};
  }
}

void SensorTableModel::retranslate() {
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!recordings_.empty()) {
    // Numbers follow the language's locale (decimal comma in Spanish).
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
  }
}

} // namespace salvo
