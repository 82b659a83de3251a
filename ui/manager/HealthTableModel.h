#pragma once

#include "network/SensorHealth.h"

#include <QAbstractTableModel>

#include <vector>

namespace salvo {

// One row a sensor: online, GPS lock, clock offset, noise floor, time since the last
// pulse, battery, enclosure temperature and its alarms (rows with alarms in red).
class HealthTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column {
    IdColumn,
    OnlineColumn,
    GpsColumn,
    ClockColumn,
    NoiseColumn,
    PulseColumn,
    BatteryColumn,
    TemperatureColumn,
    AlarmsColumn,
    ColumnCount
  };

  using QAbstractTableModel::QAbstractTableModel;

  void setStatuses(std::vector<network::SensorHealthStatus> statuses);
  const std::vector<network::SensorHealthStatus> &statuses() const { return statuses_; }
  int alarmCount() const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  static QString alarmText(network::AlarmKind kind);

private:
  QVariant display(const network::SensorHealthStatus &s, int column) const;
  std::vector<network::SensorHealthStatus> statuses_;
};

} // namespace salvo
