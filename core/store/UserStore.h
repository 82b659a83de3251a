#pragma once

#include "store/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salvo {

enum class UserRole { Dispatcher, Analyst, Admin };

std::string_view userRoleName(UserRole role); // "dispatcher", "analyst", "admin"
std::optional<UserRole> parseUserRole(std::string_view name);

struct StoredUser {
  std::int64_t id = 0;
  std::string name;
  UserRole role = UserRole::Dispatcher;
  bool active = true;
};

// How much work Argon2id does per password. Interactive is libsodium's
// OPSLIMIT/MEMLIMIT_INTERACTIVE (64 MiB, well under a second); Moderate is for a
// server that can afford 256 MiB and about a second per login.
enum class PasswordStrength { Interactive, Moderate };

// Hashes a password with Argon2id (crypto_pwhash_str_alg): the result carries its own
// salt and parameters, "$argon2id$v=19$m=...".
std::string hashPassword(std::string_view password,
                         PasswordStrength strength = PasswordStrength::Interactive);
bool verifyPassword(std::string_view passwordHash, std::string_view password);

// Users and their roles. Passwords are stored only as Argon2id hashes; every change
// is audited (the hash is in the audited row, the password never is).
class UserStore {
public:
  UserStore(Database &database, std::string actor,
            PasswordStrength strength = PasswordStrength::Interactive);

  // Own transaction. Throws InputError for an empty or duplicate name or a password
  // shorter than 8 characters.
  std::int64_t addUser(std::string_view name, UserRole role, std::string_view password);
  void setActive(std::string_view name, bool active);

  // The user when the name exists, is active and the password matches.
  std::optional<StoredUser> authenticate(std::string_view name, std::string_view password);
  std::optional<StoredUser> find(std::string_view name);
  std::vector<StoredUser> all();

private:
  Database &database_;
  std::string actor_;
  PasswordStrength strength_;
};

} // namespace salvo
