#pragma once

#include "IncidentTableModel.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace salvo {

// The queue as the filter bar narrows it: class, review status, a minimum confidence and
// text in the place (address or coordinates, case-insensitive). Sorting by the model's
// SortRole. Every filter off shows every incident.
class IncidentFilterProxyModel : public QSortFilterProxyModel {
  Q_OBJECT
public:
  explicit IncidentFilterProxyModel(QObject *parent = nullptr);

  void setIncidentModel(IncidentTableModel *model);

  void setClassFilter(std::optional<IncidentClass> incidentClass);
  void setStatusFilter(std::optional<ReviewStatus> status);
  void setMinimumConfidence(double confidence); // 0..1; 0: off
  void setPlaceFilter(const QString &text);
  void clearFilters();
  bool isFiltering() const;

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
  IncidentTableModel *incidents_ = nullptr;
  std::optional<IncidentClass> class_;
  std::optional<ReviewStatus> status_;
  double minimumConfidence_ = 0.0;
  QString place_;
};

} // namespace salvo
