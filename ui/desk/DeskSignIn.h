#pragma once

#include "store/UserStore.h"

#include <QString>

#include <optional>

class QWidget;

namespace salvo {

// Who sits at the desk.
struct DeskUser {
  QString name;
  UserRole role = UserRole::Dispatcher;
  bool demo = false; // the --demo account: not in the store
};

// What each role may do. Dispatchers watch and dispatch; analysts also review
// (confirm, reject, reclassify); admins also manage the network and the users.
bool canReview(UserRole role);
bool canDispatch(UserRole role);
bool canManageNetwork(UserRole role);
QString roleDisplayName(UserRole role); // translated

// The account a `--demo` run signs in with when no --user is given: a dispatcher,
// never stored, so the demo needs no set-up.
DeskUser demoDispatcher();

// Scripted sign-in (--user NAME with --password-file or SALVO_DESK_PASSWORD): checks the
// password with UserStore::authenticate (Argon2id). On a store without users, the first
// run, NAME becomes the administrator with that password. nullopt with `error` set when
// the store cannot be opened or the name or password is wrong.
std::optional<DeskUser> signInScripted(const QString &databasePath, const QString &name,
                                       const QString &password, QString *error);

// Interactive: the first-run dialog creating the administrator when the store has no
// users, else the sign-in dialog, asking again after a wrong password. nullopt when
// the user cancels or the store cannot be opened (`error` says why).
std::optional<DeskUser> signInInteractive(const QString &databasePath, QWidget *parent,
                                          QString *error);

} // namespace salvo
