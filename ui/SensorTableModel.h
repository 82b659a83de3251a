#pragma once

#include "contract/Scenario.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace salvo {

// The sensors of the open scenario, one row each, in manifest order. The Sensors
// table shows the columns; the map reads positions through the roles, so both
// views stay in step with one model.
class SensorTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column {
    IdColumn,
    LatitudeColumn,
    LongitudeColumn,
    AltitudeColumn,
    RateColumn,
    StartColumn,
    DurationColumn,
    HealthColumn,
    ColumnCount
  };
  enum Role {
    SensorIdRole = Qt::UserRole + 1, // QString
    LatitudeRole,                    // double, degrees
    LongitudeRole,                   // double, degrees
    AltitudeRole,                    // double, metres above the ellipsoid
    SortRole,                        // the raw value of the column, for sorting
    HealthRole,                      // int: 0 online, 1 offline, 2 clock fault
    ClockOffsetRole                  // double, seconds the clock reads late; null unless known
  };
  enum Health { Online = 0, Offline = 1, ClockFault = 2 };

  explicit SensorTableModel(QObject *parent = nullptr);

  void setRecordings(std::vector<SensorRecording> recordings);
  void clear();
  // What the live pipeline found; offline wins over a clock fault (a sensor that sends
  // nothing cannot be trusted for its clock either, and needs a visit first).
  void setOffline(int row, bool offline);
  void setClockFault(int row, double offset_s);
  void clearHealth(); // every sensor online again (a new live source)
  int health(int row) const;
  std::optional<double> clockOffset_s(int row) const {
    return health_.at(static_cast<std::size_t>(row)).clockOffset_s;
  }
  const SensorRecording &recording(int row) const {
    return recordings_.at(static_cast<std::size_t>(row));
  }

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  // Headers are translated when asked for; call after a language change.
  void retranslate();

private:
  QVariant displayValue(const SensorRecording &recording, int column) const;
  QVariant sortValue(const SensorRecording &recording, int column) const;

  struct HealthState {
    bool offline = false;
    std::optional<double> clockOffset_s;
  };
  QString healthText(int row) const;
  void emitHealthChanged(int row);

  std::vector<SensorRecording> recordings_;
  std::vector<HealthState> health_; // same rows
};

} // namespace salvo
