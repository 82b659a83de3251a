#pragma once

#include <QDialog>

class QLabel;

namespace salvo {

// Help → About Salvo: what Salvo is, its version, and the run-time versions of the
// libraries it uses (what a support request needs first).
class AboutDialog : public QDialog {
  Q_OBJECT
public:
  explicit AboutDialog(QWidget *parent = nullptr);

  // The dialog's text without markup: for tests, and for copying into a report.
  QString plainText() const;

private:
  QLabel *textLabel_ = nullptr;
};

} // namespace salvo
