// A device home's store files, and the safe order to create and open them.
//
// A home holds `mutual.db` and `storage.key` side by side. Creating writes
// the key file first and the database second, so a crash in between leaves
// a key file that the next CreateHome/OpenHome simply reuses; a database is
// never left without its key by us. Opening never invents a key for an
// existing database (that would make it unreadable): a missing key file is
// a clear error.
//
// Thread-safety: free functions; callers coordinate access to the home
// (the daemon holds a per-home lock).
// REQUIRES (all functions): crypto::InitSodium() succeeded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsync/store/key_file.h"
#include "libsync/store/store.h"

namespace mutual::store {

struct HomePaths {
  std::string database;  // <home>/mutual.db
  std::string key_file;  // <home>/storage.key

  static HomePaths In(const std::string& home_dir);
};

// Whether the home has a database yet (any file at its path counts).
bool HomeHasDatabase(const HomePaths& paths);

// Which kind of key file the home has, so the daemon knows whether to start
// locked. NotFound when there is none; the key file's read errors otherwise.
Result<KeyFileKind> HomeKeyKind(const HomePaths& paths);

// Creates the home's key file (new random storage key, wrapped when
// `passphrase` is given) and database. AlreadyExists when a database is
// already there. A key file left by an interrupted CreateHome is reused
// (opened with `passphrase`) rather than replaced.
Result<Store> CreateHome(const HomePaths& paths,
                         std::optional<std::string_view> passphrase,
                         const PwhashParams& params);

// Opens an existing home. NotFound when it has no database; FailedPrecondition
// when the database exists but its key file does not; otherwise the errors
// of ReadKeyFile (wrong or missing passphrase) and Store::Open.
Result<Store> OpenHome(const HomePaths& paths,
                       std::optional<std::string_view> passphrase);

}  // namespace mutual::store
