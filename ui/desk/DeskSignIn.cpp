#include "DeskSignIn.h"

#include "SignInDialog.h"

#include "store/SchemaMigrations.h"

#include <QApplication>
#include <QCoreApplication>

#include <exception>

namespace salvo {
namespace {
class Text {
  Q_DECLARE_TR_FUNCTIONS(DeskSignIn)
};

DeskUser fromStored(const StoredUser &user) {
  return {QString::fromStdString(user.name), user.role, false};
}
} // namespace

bool canReview(UserRole role) {
  return role == UserRole::Analyst || role == UserRole::Admin;
}

bool canDispatch(UserRole /*role*/) {
  return true;
}

bool canManageNetwork(UserRole role) {
  return role == UserRole::Admin;
}

QString roleDisplayName(UserRole role) {
  switch (role) {
  case UserRole::Analyst:
    return Text::tr("analyst");
  case UserRole::Admin:
    return Text::tr("administrator");
  case UserRole::Dispatcher:
    break;
  }
  return Text::tr("dispatcher");
}

DeskUser demoDispatcher() {
  return {QStringLiteral("demo"), UserRole::Dispatcher, true};
}

std::optional<DeskUser> signInScripted(const QString &databasePath, const QString &name,
                                       const QString &password, QString *error) {
  try {
    Database database = openStore(databasePath.toStdString());
    UserStore users(database, name.toStdString());
    if (users.all().empty()) {
      users.addUser(name.toStdString(), UserRole::Admin, password.toStdString());
    }
    if (const auto user = users.authenticate(name.toStdString(), password.toStdString())) {
      return fromStored(*user);
    }
    *error = Text::tr("Wrong user name or password for %1.").arg(name);
  } catch (const std::exception &e) {
    *error = QString::fromLocal8Bit(e.what());
  }
  return std::nullopt;
}

std::optional<DeskUser> signInInteractive(const QString &databasePath, QWidget *parent,
                                          QString *error) {
  try {
    Database database = openStore(databasePath.toStdString());
    const bool firstRun = UserStore(database, "desk").all().empty();
    SignInDialog dialog(firstRun ? SignInDialog::Mode::CreateAdmin : SignInDialog::Mode::SignIn,
                        parent);
    while (dialog.exec() == QDialog::Accepted) {
      const std::string name = dialog.userName().toStdString();
      const std::string password = dialog.password().toStdString();
      UserStore users(database, name);
      try {
        if (firstRun && users.all().empty()) {
          users.addUser(name, UserRole::Admin, password);
        }
      } catch (const std::exception &e) {
        dialog.showError(QString::fromLocal8Bit(e.what()));
        continue;
      }
      QApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id takes a moment
      const auto user = users.authenticate(name, password);
      QApplication::restoreOverrideCursor();
      if (user) {
        return fromStored(*user);
      }
      dialog.showError(Text::tr("Wrong user name or password."));
    }
  } catch (const std::exception &e) {
    *error = QString::fromLocal8Bit(e.what());
  }
  return std::nullopt;
}

} // namespace salvo
