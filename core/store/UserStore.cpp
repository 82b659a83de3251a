#include "store/UserStore.h"

#include "store/StoreError.h"
#include "time/UtcTime.h"

#include <sodium.h>

namespace salvo {
namespace {

StoredUser readUser(const Statement &row) {
  StoredUser user;
  user.id = row.columnInt64(0);
  user.name = row.columnText(1);
  user.role = parseUserRole(row.columnText(2)).value_or(UserRole::Dispatcher);
  user.active = row.columnInt64(3) != 0;
  return user;
}

} // namespace

std::string_view userRoleName(UserRole role) {
  switch (role) {
  case UserRole::Dispatcher:
    return "dispatcher";
  case UserRole::Analyst:
    return "analyst";
  case UserRole::Admin:
    return "admin";
  }
  return "dispatcher";
}

std::optional<UserRole> parseUserRole(std::string_view name) {
  for (UserRole role : {UserRole::Dispatcher, UserRole::Analyst, UserRole::Admin}) {
    if (userRoleName(role) == name) {
      return role;
    }
  }
  return std::nullopt;
}

std::string hashPassword(std::string_view password, PasswordStrength strength) {
  ensureSodiumInitialised();
  const bool moderate = strength == PasswordStrength::Moderate;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(
          hash, password.data(), password.size(),
          moderate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          moderate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_INTERACTIVE,
          crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id password hashing ran out of memory");
  }
  return hash;
}

bool verifyPassword(std::string_view passwordHash, std::string_view password) {
  ensureSodiumInitialised();
  const std::string hash(passwordHash); // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

UserStore::UserStore(Database &database, std::string actor, PasswordStrength strength)
    : database_(database), actor_(std::move(actor)), strength_(strength) {}

std::int64_t UserStore::addUser(std::string_view name, UserRole role, std::string_view password) {
  const std::string item = "user " + std::string(name);
  if (name.empty() || name.size() > 64) {
    throw InputError(database_.fileName(), item, "name", "must be 1 to 64 characters");
  }
  if (password.size() < 8) {
    throw InputError(database_.fileName(), item, "password", "must be at least 8 characters");
  }
  // Hash before taking the write lock: Argon2id is deliberately slow.
  const std::string hash = hashPassword(password, strength_);
  Transaction transaction(database_);
  if (find(name)) {
    throw InputError(database_.fileName(), item, "name", "is already taken");
  }
  Statement insert(database_, "INSERT INTO users (name, role, password_hash, active, "
                              "created_utc_ns) VALUES (?, ?, ?, 1, ?)");
  insert.bind(1, name).bind(2, userRoleName(role)).bind(3, hash).bind(4, nowUtc_ns());
  insert.run();
  const std::int64_t id = database_.lastInsertRowId();
  AuditLog(database_).recordRow(actor_, "insert", "user", id);
  transaction.commit();
  return id;
}

void UserStore::setActive(std::string_view name, bool active) {
  Transaction transaction(database_);
  const std::optional<StoredUser> user = find(name);
  if (!user) {
    throw InputError(database_.fileName(), "user " + std::string(name), {}, "no such user");
  }
  Statement update(database_, "UPDATE users SET active = ? WHERE id = ?");
  update.bind(1, active ? 1 : 0).bind(2, user->id);
  update.run();
  AuditLog(database_).recordRow(actor_, active ? "activate" : "deactivate", "user", user->id);
  transaction.commit();
}

std::optional<StoredUser> UserStore::authenticate(std::string_view name,
                                                  std::string_view password) {
  Statement row(database_, "SELECT id, name, role, active, password_hash FROM users "
                           "WHERE name = ?");
  row.bind(1, name);
  if (!row.step()) {
    // Spend the same time as for a real user, so timing does not reveal names.
    verifyPassword("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                   "W6KhvcXmIPjvNBYVzQJDqa4nQ3Zy4mIzCUuD6vA7Q8s",
                   password);
    return std::nullopt;
  }
  StoredUser user = readUser(row);
  if (!verifyPassword(row.columnText(4), password) || !user.active) {
    return std::nullopt;
  }
  return user;
}

std::optional<StoredUser> UserStore::find(std::string_view name) {
  Statement row(database_, "SELECT id, name, role, active FROM users WHERE name = ?");
  row.bind(1, name);
  if (!row.step()) {
    return std::nullopt;
  }
  return readUser(row);
}

std::vector<StoredUser> UserStore::all() {
  Statement rows(database_, "SELECT id, name, role, active FROM users ORDER BY name");
  std::vector<StoredUser> users;
  while (rows.step()) {
    users.push_back(readUser(rows));
  }
  return users;
}

} // namespace salvo
