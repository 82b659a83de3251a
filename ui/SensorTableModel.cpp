#include "SensorTableModel.h"

#include "TimeFormat.h"

#include <QLocale>

namespace salvo {

SensorTableModel::SensorTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void SensorTableModel::setRecordings(std::vector<SensorRecording> recordings) {
  beginResetModel();
  recordings_ = std::move(recordings);
  endResetModel();
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
    return displayValue(rec, index.column());
  case Qt::TextAlignmentRole:
    return index.column() == IdColumn ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
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
    return sortValue(rec, index.column());
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
