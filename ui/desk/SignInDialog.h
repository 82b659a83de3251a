#pragma once

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace salvo {

// Sign-in, or on the first run (no users yet) the creation of the administrator: a
// name, a password and, when creating, the password again. It only collects; the
// caller checks with the UserStore and calls showError() to ask again.
class SignInDialog : public QDialog {
  Q_OBJECT
public:
  enum class Mode { SignIn, CreateAdmin };
  explicit SignInDialog(Mode mode, QWidget *parent = nullptr);

  QString userName() const;
  QString password() const;
  void showError(const QString &message);

protected:
  void changeEvent(QEvent *event) override;

private:
  void retranslateUi();
  void validate();

  Mode mode_;
  QLabel *intro_ = nullptr;
  QLabel *nameLabel_ = nullptr;
  QLabel *passwordLabel_ = nullptr;
  QLabel *repeatLabel_ = nullptr;
  QLineEdit *name_ = nullptr;
  QLineEdit *password_ = nullptr;
  QLineEdit *repeat_ = nullptr;
  QLabel *error_ = nullptr;
  QDialogButtonBox *buttons_ = nullptr;
};

} // namespace salvo
