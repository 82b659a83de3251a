#include "HealthPanel.h"

#include "HealthTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace salvo {
namespace {

void addSeries(QCustomPlot *chart, const QString &name, const QColor &colour, QCPAxis *valueAxis,
               const std::vector<SensorHealthSample> &samples,
               std::optional<double> (*value)(const SensorHealthSample &)) {
  QVector<double> t, y;
  for (const SensorHealthSample &s : samples) {
    if (const auto v = value(s)) {
      t << static_cast<double>(s.time_utc_ns) * 1e-9;
      y << *v;
    }
  }
  QCPGraph *graph = chart->addGraph(chart->xAxis, valueAxis);
  graph->setName(name);
  graph->setPen(QPen(colour, 1.6));
  graph->setData(t, y, true);
}

} // namespace

HealthPanel::HealthPanel(QWidget *parent) : QWidget(parent) {
  model_ = new HealthTableModel(this);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("healthTable"));
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  chart_ = new QCustomPlot(this);
  chart_->setObjectName(QStringLiteral("healthChart"));
  chart_->setMinimumHeight(140);
  auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
  ticker->setDateTimeFormat(QStringLiteral("HH:mm"));
  ticker->setDateTimeSpec(Qt::UTC);
  chart_->xAxis->setTicker(ticker);
  chart_->xAxis->setLabel(tr("UTC"));
  chart_->yAxis->setLabel(tr("Noise floor (dBFS)"));
  chart_->yAxis2->setVisible(true);
  chart_->yAxis2->setLabel(tr("Clock offset (ms), battery (V)"));
  chart_->legend->setVisible(true);
  summary_ = new QLabel(this);
  auto *splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(table_);
  splitter->addWidget(chart_);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(summary_);
  layout->addWidget(splitter, 1);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex &current) {
            if (current.isValid()) {
              showHistory(model_->index(current.row(), 0).data().toString());
            }
          });
}

void HealthPanel::setStatuses(std::vector<network::SensorHealthStatus> statuses) {
  model_->setStatuses(std::move(statuses));
  const int alarms = model_->alarmCount();
  summary_->setText(alarms == 0 ? tr("No alarms.")
                                : tr("%n alarm(s): see the red rows.", nullptr, alarms));
}

void HealthPanel::setHistory(const QString &sensorId, std::vector<SensorHealthSample> samples) {
  history_.insert(sensorId, std::move(samples));
}

std::vector<SensorHealthSample> HealthPanel::historyOf(const QString &sensorId) const {
  if (database_) {
    try {
      return network::readHealthHistory(*database_, sensorId.toStdString(), 0,
                                        std::numeric_limits<UtcNs>::max());
    } catch (const std::exception &) {
      return {}; // a store being migrated or locked: no chart rather than a crash
    }
  }
  return history_.value(sensorId);
}

void HealthPanel::showHistory(const QString &sensorId) {
  const std::vector<SensorHealthSample> samples = historyOf(sensorId);
  chart_->clearGraphs();
  addSeries(chart_, tr("noise floor"), QColor(0x15, 0x65, 0xc0), chart_->yAxis, samples,
            [](const SensorHealthSample &s) { return s.noise_floor_dbfs; });
  addSeries(chart_, tr("clock offset"), QColor(0x8e, 0x24, 0xaa), chart_->yAxis2, samples,
            [](const SensorHealthSample &s) -> std::optional<double> {
              if (!s.clock_offset_ns) {
                return std::nullopt;
              }
              return static_cast<double>(*s.clock_offset_ns) * 1e-6;
            });
  addSeries(chart_, tr("battery"), QColor(0x2e, 0x7d, 0x32), chart_->yAxis2, samples,
            [](const SensorHealthSample &s) { return s.battery_v; });
  chart_->plotLayout()->setAutoMargins(QCP::msAll);
  chart_->rescaleAxes();
  chart_->xAxis->setLabel(tr("UTC — sensor %1").arg(sensorId));
  chart_->replot();
}

} // namespace salvo
