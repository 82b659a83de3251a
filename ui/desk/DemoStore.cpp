#include "DemoStore.h"

#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QRandomGenerator>

namespace salvo {
namespace {

std::string randomPassword() {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 24; ++i) {
    password += kAlphabet[QRandomGenerator::system()->bounded(int(sizeof kAlphabet) - 1)];
  }
  return password;
}

} // namespace

void addDemoUsers(const std::filesystem::path &database) {
  Database db = openStore(database);
  UserStore users(db, "demo");
  for (const auto &[name, role] : {std::pair{kDemoAnalyst, UserRole::Analyst},
                                   std::pair{kDemoDispatcher, UserRole::Dispatcher}}) {
    if (!users.find(name.toStdString())) {
      users.addUser(name.toStdString(), role, randomPassword());
    }
  }
}

} // namespace salvo
