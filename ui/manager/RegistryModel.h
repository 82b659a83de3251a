#pragma once

#include "network/NetworkSensor.h"

#include <QAbstractTableModel>

#include <vector>

namespace salvo {

// The sensor registry as an editable table: id, position, noise floor, status. Edits
// that do not parse (a latitude "north") are refused; edits that parse but make no sense
// (a duplicate id) are kept and shown by the manager's validation list.
class RegistryModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column {
    IdColumn,
    LatitudeColumn,
    LongitudeColumn,
    AltitudeColumn,
    NoiseFloorColumn,
    StatusColumn,
    ColumnCount
  };

  using QAbstractTableModel::QAbstractTableModel;

  void setSensors(std::vector<network::NetworkSensor> sensors);
  const std::vector<network::NetworkSensor> &sensors() const { return sensors_; }
  void addSensor(const network::NetworkSensor &sensor);
  void setStatus(int row, network::SensorStatus status);
  void moveSensor(int row, const GeodeticPosition &position);
  int rowOf(const QString &sensorId) const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex &index) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  static QString statusText(network::SensorStatus status);

signals:
  void registryChanged(); // any change: the manager revalidates and recomputes

private:
  std::vector<network::NetworkSensor> sensors_;
};

} // namespace salvo
