#pragma once

#include "network/SensorHealth.h"

#include <QHash>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QTableView;

namespace salvo {

class HealthTableModel;

// The health tab: one row a sensor with its alarms, and the history of the selected
// sensor (noise floor, clock offset, battery) in a chart. History comes from the store
// when a database is set, else from samples handed in with setHistory().
class HealthPanel : public QWidget {
  Q_OBJECT
public:
  explicit HealthPanel(QWidget *parent = nullptr);

  void setStatuses(std::vector<network::SensorHealthStatus> statuses);
  void setDatabase(Database *database) { database_ = database; }
  void setHistory(const QString &sensorId, std::vector<SensorHealthSample> samples);
  HealthTableModel *model() const { return model_; }
  QCustomPlot *chart() const { return chart_; }
  void showHistory(const QString &sensorId);

private:
  std::vector<SensorHealthSample> historyOf(const QString &sensorId) const;

  HealthTableModel *model_ = nullptr;
  QTableView *table_ = nullptr;
  QCustomPlot *chart_ = nullptr;
  QLabel *summary_ = nullptr;
  Database *database_ = nullptr;
  QHash<QString, std::vector<SensorHealthSample>> history_;
};

} // namespace salvo
