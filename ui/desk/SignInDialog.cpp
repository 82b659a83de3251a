#include "SignInDialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace salvo {
namespace {
constexpr int kMinPasswordLength = 8; // UserStore's rule
}

SignInDialog::SignInDialog(Mode mode, QWidget *parent) : QDialog(parent), mode_(mode) {
  setObjectName(QStringLiteral("signInDialog"));
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("userName"));
  password_ = new QLineEdit(this);
  password_->setObjectName(QStringLiteral("password"));
  password_->setEchoMode(QLineEdit::Password);
  repeat_ = new QLineEdit(this);
  repeat_->setObjectName(QStringLiteral("passwordRepeat"));
  repeat_->setEchoMode(QLineEdit::Password);
  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("signInError"));
  error_->setStyleSheet(QStringLiteral("color: #b71c1c;"));
  error_->setWordWrap(true);
  error_->hide();
  nameLabel_ = new QLabel(this);
  passwordLabel_ = new QLabel(this);
  repeatLabel_ = new QLabel(this);
  auto *form = new QFormLayout;
  form->addRow(nameLabel_, name_);
  form->addRow(passwordLabel_, password_);
  form->addRow(repeatLabel_, repeat_);
  if (mode_ == Mode::SignIn) {
    repeatLabel_->hide();
    repeat_->hide();
  } else {
    name_->setText(QStringLiteral("admin"));
  }
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &SignInDialog::validate);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(intro_);
  layout->addLayout(form);
  layout->addWidget(error_);
  layout->addWidget(buttons_);
  retranslateUi();
  (mode_ == Mode::SignIn ? name_ : password_)->setFocus();
}

QString SignInDialog::userName() const {
  return name_->text().trimmed();
}

QString SignInDialog::password() const {
  return password_->text();
}

void SignInDialog::showError(const QString &message) {
  error_->setText(message);
  error_->show();
  password_->clear();
  repeat_->clear();
  password_->setFocus();
}

void SignInDialog::validate() {
  if (userName().isEmpty()) {
    showError(tr("Enter a user name."));
    return;
  }
  if (mode_ == Mode::CreateAdmin) {
    if (password().size() < kMinPasswordLength) {
      showError(tr("The password needs at least %1 characters.").arg(kMinPasswordLength));
      return;
    }
    if (password() != repeat_->text()) {
      showError(tr("The two passwords differ."));
      return;
    }
  }
  accept();
}

void SignInDialog::retranslateUi() {
  if (mode_ == Mode::SignIn) {
    setWindowTitle(tr("Sign In — Salvo"));
    intro_->setText(tr("Sign in with your Salvo account."));
  } else {
    setWindowTitle(tr("Create the Administrator — Salvo"));
    intro_->setText(tr("This desk has no users yet. Choose the administrator's name and "
                       "password; the administrator then adds dispatchers and analysts."));
  }
  nameLabel_->setText(tr("&User name:"));
  nameLabel_->setBuddy(name_);
  passwordLabel_->setText(tr("&Password:"));
  passwordLabel_->setBuddy(password_);
  repeatLabel_->setText(tr("&Repeat password:"));
  repeatLabel_->setBuddy(repeat_);
  buttons_->button(QDialogButtonBox::Ok)
      ->setText(mode_ == Mode::SignIn ? tr("Sign In") : tr("Create"));
}

void SignInDialog::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
  }
  QDialog::changeEvent(event);
}

} // namespace salvo
