#pragma once

#include <QString>

#include <filesystem>

namespace salvo {

// The demo city's accounts. The demo runs on a temporary store of its own (demo incidents
// are not real and never mix with the desk's store); these two users are in it so that
// reviews and dispatches of demo incidents are recorded and audited like real ones.
inline const QString kDemoAnalyst = QStringLiteral("demo-analyst");
inline const QString kDemoDispatcher = QStringLiteral("demo-dispatcher");

// Adds both users to the store if missing, with random passwords nobody knows (nobody
// signs in as them; the desk acts as them while the demo runs). Argon2id hashing takes
// a moment: call it off the GUI thread. Throws StoreError/InputError.
void addDemoUsers(const std::filesystem::path &database);

} // namespace salvo
