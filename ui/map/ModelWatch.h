#pragma once

#include <QAbstractItemModel>
#include <QObject>

namespace salvo {

// Calls `rebuild` (in `context`) whenever the rows or their data may have changed: the
// layers keep a projected copy of what they draw and refresh it from here.
template <typename Rebuild>
void watchModel(QAbstractItemModel *model, QObject *context, Rebuild rebuild) {
  QObject::connect(model, &QAbstractItemModel::modelReset, context, rebuild);
  QObject::connect(model, &QAbstractItemModel::rowsInserted, context, rebuild);
  QObject::connect(model, &QAbstractItemModel::rowsRemoved, context, rebuild);
  QObject::connect(model, &QAbstractItemModel::rowsMoved, context, rebuild);
  QObject::connect(model, &QAbstractItemModel::layoutChanged, context, rebuild);
  QObject::connect(model, &QAbstractItemModel::dataChanged, context, rebuild);
}

} // namespace salvo
