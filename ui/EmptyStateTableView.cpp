#include "EmptyStateTableView.h"

#include <QHeaderView>
#include <QPainter>

namespace salvo {

EmptyStateTableView::EmptyStateTableView(QWidget *parent) : QTableView(parent) {
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setAlternatingRowColors(true);
  setSortingEnabled(true);
  setWordWrap(false);
  verticalHeader()->setVisible(false);
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  horizontalHeader()->setHighlightSections(false);
  horizontalHeader()->setStretchLastSection(true);
}

void EmptyStateTableView::setEmptyText(const QString &text) {
  emptyText_ = text;
  viewport()->update();
}

bool EmptyStateTableView::isShowingEmptyText() const {
  return !emptyText_.isEmpty() && (model() == nullptr || model()->rowCount() == 0);
}

void EmptyStateTableView::paintEvent(QPaintEvent *event) {
  QTableView::paintEvent(event);
  if (!isShowingEmptyText()) {
    return;
  }
  QPainter painter(viewport());
  QColor color = palette().color(QPalette::PlaceholderText);
  painter.setPen(color);
  const QRect area = viewport()->rect().adjusted(24, 16, -24, -16);
  painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, emptyText_);
}

} // namespace salvo
