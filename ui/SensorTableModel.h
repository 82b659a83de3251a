#pragma once

#include "contract/Scenario.h"

#include <QAbstractTableModel>

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
    ColumnCount
  };
  enum Role {
    SensorIdRole = Qt::UserRole + 1, // QString
    LatitudeRole,                    // double, degrees
    LongitudeRole,                   // double, degrees
    AltitudeRole,                    // double, metres above the ellipsoid
    SortRole                         // the raw value of the column, for sorting
  };

  explicit SensorTableModel(QObject *parent = nullptr);

  void setRecordings(std::vector<SensorRecording> recordings);
  void clear();
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

  std::vector<SensorRecording> recordings_;
};

} // namespace salvo
