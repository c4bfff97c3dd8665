#include "libsync/store/home.h"

#include <sys/stat.h>

namespace mutual::store {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

HomePaths HomePaths::In(const std::string& home_dir) {
  std::string base = home_dir;
  if (!base.empty() && base.back() != '/') base += '/';
  return {base + "mutual.db", base + "storage.key"};
}

bool HomeHasDatabase(const HomePaths& paths) { return Exists(paths.database); }

Result<KeyFileKind> HomeKeyKind(const HomePaths& paths) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes bytes, ReadKeyFileBytes(paths.key_file));
  return KeyFileKindOf(bytes);
}

Result<Store> CreateHome(const HomePaths& paths,
                         std::optional<std::string_view> passphrase,
                         const PwhashParams& params) {
  if (HomeHasDatabase(paths)) {
    return Status::AlreadyExists("a mutual database already exists at " + paths.database);
  }
  if (!Exists(paths.key_file)) {
    Status created =
        CreateKeyFile(paths.key_file, StorageKey::Generate(), passphrase, params);
    if (!created.ok() && !created.IsAlreadyExists()) return created;
  }
  // Read back what is on disk (ours, or one an interrupted run left), so
  // the database is only ever created under the key in the file.
  MUTUAL_ASSIGN_OR_RETURN(StorageKey key, ReadKeyFile(paths.key_file, passphrase));
  return Store::Open(paths.database, key);
}

Result<Store> OpenHome(const HomePaths& paths,
                       std::optional<std::string_view> passphrase) {
  if (!HomeHasDatabase(paths)) {
    return Status::NotFound("no mutual database at " + paths.database);
  }
  auto key = ReadKeyFile(paths.key_file, passphrase);
  if (!key.ok()) {
    if (key.status().IsNotFound()) {
      return Status::FailedPrecondition(
          "the storage key file " + paths.key_file + " is missing; the database " +
          paths.database + " cannot be read without it (restore the key file)");
    }
    return key.status();
  }
  return Store::Open(paths.database, *key);
}

}  // namespace mutual::store
