#include "IncidentTableModel.h"

#include "TimeFormat.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace salvo {

IncidentTableModel::IncidentTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void IncidentTableModel::setIncidents(const std::vector<Incident> &incidents) {
  beginResetModel();
  rows_.clear();
  rows_.reserve(incidents.size());
  for (const Incident &incident : incidents) {
    rows_.push_back({incident, ReviewStatus::New, 0, {}});
  }
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row &a, const Row &b) {
    return a.incident.time_utc_ns > b.incident.time_utc_ns;
  });
  endResetModel();
}

void IncidentTableModel::addIncident(const Incident &incident, std::int64_t storeRowId) {
  const auto at = std::find_if(rows_.begin(), rows_.end(), [&](const Row &row) {
    return row.incident.time_utc_ns < incident.time_utc_ns;
  });
  const int row = static_cast<int>(at - rows_.begin());
  beginInsertRows({}, row, row);
  rows_.insert(at, {incident, ReviewStatus::New, storeRowId, {}});
  endInsertRows();
}

std::int64_t IncidentTableModel::storeRowId(int row) const {
  return rows_.at(static_cast<std::size_t>(row)).storeRowId;
}

int IncidentTableModel::rowOf(const QString &incidentId) const {
  const std::string id = incidentId.toStdString();
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].incident.id == id) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void IncidentTableModel::setPlaceName(const QString &incidentId, const QString &placeName) {
  const int row = rowOf(incidentId);
  if (row < 0) {
    return;
  }
  rows_[static_cast<std::size_t>(row)].placeName = placeName;
  emit dataChanged(index(row, PlaceColumn), index(row, PlaceColumn));
}

QString IncidentTableModel::placeText(int row) const {
  return displayValue(rows_.at(static_cast<std::size_t>(row)), PlaceColumn).toString();
}

void IncidentTableModel::clear() {
  setIncidents({});
}

bool IncidentTableModel::setStatus(int row, ReviewStatus status) {
  if (row < 0 || row >= rowCount()) {
    return false;
  }
  rows_[static_cast<std::size_t>(row)].status = status;
  emit dataChanged(index(row, StatusColumn), index(row, StatusColumn));
  return true;
}

const Incident &IncidentTableModel::incident(int row) const {
  return rows_.at(static_cast<std::size_t>(row)).incident;
}

ReviewStatus IncidentTableModel::status(int row) const {
  return rows_.at(static_cast<std::size_t>(row)).status;
}

int IncidentTableModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int IncidentTableModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant IncidentTableModel::data(const QModelIndex &index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Row &row = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
  case Qt::DisplayRole:
    return displayValue(row, index.column());
  case Qt::ToolTipRole:
    if (index.column() == SensorsColumn) {
      QStringList ids;
      for (const std::string &id : row.incident.sensors) {
        ids << QString::fromStdString(id);
      }
      return ids.join(QStringLiteral(", "));
    }
    if (index.column() == TimeColumn) {
      return QString::fromStdString(formatIso8601Utc(row.incident.time_utc_ns));
    }
    return {};
  case Qt::TextAlignmentRole:
    if (index.column() == ConfidenceColumn || index.column() == RoundsColumn ||
        index.column() == SensorsColumn) {
      return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
  case IncidentIdRole:
    return QString::fromStdString(row.incident.id);
  case LatitudeRole:
    return row.incident.position.lat_deg;
  case LongitudeRole:
    return row.incident.position.lon_deg;
  case ErrorRadiusRole:
    return row.incident.horizontal_error_m;
  case ClassRole:
    return static_cast<int>(row.incident.incidentClass);
  case StatusRole:
    return static_cast<int>(row.status);
  case RoundsRole:
    return row.incident.rounds;
  case TimeUtcNsRole:
    return static_cast<qlonglong>(row.incident.time_utc_ns);
  case StoreRowIdRole:
    return static_cast<qlonglong>(row.storeRowId);
  case SortRole:
    switch (index.column()) {
    case TimeColumn:
      return static_cast<qlonglong>(row.incident.time_utc_ns);
    case ConfidenceColumn:
      return row.incident.confidence;
    case RoundsColumn:
      return row.incident.rounds;
    case SensorsColumn:
      return static_cast<int>(row.incident.sensors.size());
    default:
      return displayValue(row, index.column());
    }
  default:
    return {};
  }
}

QVariant IncidentTableModel::displayValue(const Row &row, int column) const {
  const QLocale locale;
  const Incident &incident = row.incident;
  switch (column) {
  case TimeColumn:
    return formatUtcMillis(incident.time_utc_ns);
  case PlaceColumn: {
    const QString coordinates = tr("%1, %2 ± %3 m")
                                    .arg(locale.toString(incident.position.lat_deg, 'f', 5),
                                         locale.toString(incident.position.lon_deg, 'f', 5),
                                         locale.toString(incident.horizontal_error_m, 'f', 0));
    return row.placeName.isEmpty() ? coordinates : tr("%1 (%2)").arg(row.placeName, coordinates);
  }
  case ClassColumn:
    return className(incident.incidentClass);
  case ConfidenceColumn:
    return tr("%1 %").arg(locale.toString(incident.confidence * 100.0, 'f', 0));
  case RoundsColumn:
    return incident.rounds;
  case StatusColumn:
    return statusName(row.status);
  case SensorsColumn:
    return static_cast<int>(incident.sensors.size());
  default:
    return {};
  }
}

QVariant IncidentTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
  case TimeColumn:
    return tr("Time (UTC)");
  case PlaceColumn:
    return tr("Place");
  case ClassColumn:
    return tr("Class");
  case ConfidenceColumn:
    return tr("Confidence");
  case RoundsColumn:
    return tr("Rounds");
  case StatusColumn:
    return tr("Status");
  case SensorsColumn:
    return tr("Sensors");
  default:
    return {};
  }
}

void IncidentTableModel::retranslate() {
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!rows_.empty()) {
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
  }
}

QString IncidentTableModel::className(IncidentClass incidentClass) {
  switch (incidentClass) {
  case IncidentClass::Gunfire:
    return tr("Gunfire");
  case IncidentClass::Fireworks:
    return tr("Fireworks");
  case IncidentClass::Other:
    break;
  }
  return tr("Other");
}

QString IncidentTableModel::statusName(ReviewStatus status) {
  switch (status) {
  case ReviewStatus::Confirmed:
    return tr("Confirmed");
  case ReviewStatus::Rejected:
    return tr("Rejected");
  case ReviewStatus::New:
    break;
  }
  return tr("New");
}

} // namespace salvo
