#pragma once

#include <QTableView>

namespace salvo {

// A table that says why it is empty ("No incidents yet...") instead of showing a
// bare grid, and what the user can do about it.
class EmptyStateTableView : public QTableView {
  Q_OBJECT
public:
  explicit EmptyStateTableView(QWidget *parent = nullptr);

  void setEmptyText(const QString &text);
  QString emptyText() const { return emptyText_; }
  bool isShowingEmptyText() const;

protected:
  void paintEvent(QPaintEvent *event) override;

private:
  QString emptyText_;
};

} // namespace salvo
