#include "IncidentFilterProxyModel.h"

#include <algorithm>

namespace salvo {

IncidentFilterProxyModel::IncidentFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
  setSortRole(IncidentTableModel::SortRole);
}

void IncidentFilterProxyModel::setIncidentModel(IncidentTableModel *model) {
  incidents_ = model;
  setSourceModel(model);
}

void IncidentFilterProxyModel::setClassFilter(std::optional<IncidentClass> incidentClass) {
  class_ = incidentClass;
  invalidateFilter();
}

void IncidentFilterProxyModel::setStatusFilter(std::optional<ReviewStatus> status) {
  status_ = status;
  invalidateFilter();
}

void IncidentFilterProxyModel::setMinimumConfidence(double confidence) {
  minimumConfidence_ = std::clamp(confidence, 0.0, 1.0);
  invalidateFilter();
}

void IncidentFilterProxyModel::setPlaceFilter(const QString &text) {
  place_ = text.trimmed();
  invalidateFilter();
}

void IncidentFilterProxyModel::clearFilters() {
  class_.reset();
  status_.reset();
  minimumConfidence_ = 0.0;
  place_.clear();
  invalidateFilter();
}

bool IncidentFilterProxyModel::isFiltering() const {
  return class_ || status_ || minimumConfidence_ > 0.0 || !place_.isEmpty();
}

bool IncidentFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const {
  if (incidents_ == nullptr || !isFiltering()) {
    return true;
  }
  const Incident &incident = incidents_->incident(sourceRow);
  if (class_ && incident.incidentClass != *class_) {
    return false;
  }
  if (status_ && incidents_->status(sourceRow) != *status_) {
    return false;
  }
  // A hair under: 80 % typed means 0.80 passes even when stored as 0.7999999.
  if (incident.confidence < minimumConfidence_ - 1e-9) {
    return false;
  }
  return place_.isEmpty() || incidents_->placeText(sourceRow).contains(place_, Qt::CaseInsensitive);
}

} // namespace salvo
