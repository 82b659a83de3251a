#pragma once

#include <QWidget>

class QListWidget;
class QTableView;

namespace salvo {

class RegistryModel;

// The registry tab: the editable table, add / retire / import / export, and the
// validation messages of the current registry (errors red, warnings amber).
class RegistryPanel : public QWidget {
  Q_OBJECT
public:
  explicit RegistryPanel(RegistryModel *model, QWidget *parent = nullptr);

  QListWidget *issueList() const { return issues_; }
  QTableView *table() const { return table_; }
  int selectedRow() const;

  // Without a dialog, for scripts and tests; false with a message on failure.
  bool importFile(const QString &path, QString *message = nullptr);
  bool exportFile(const QString &path, QString *message = nullptr);

signals:
  void addRequested();

private:
  void revalidate();
  void importWithDialog();
  void exportWithDialog();

  RegistryModel *model_;
  QTableView *table_ = nullptr;
  QListWidget *issues_ = nullptr;
};

} // namespace salvo
