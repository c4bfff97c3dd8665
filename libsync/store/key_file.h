// The storage key file: where the local StorageKey lives, beside the
// database.
//
// Without a passphrase the file holds the storage key itself: anyone who can
// read the file can read the sealed values, so it is protected only by its
// 0600 mode and the account (doc/store.md says so plainly). With a
// passphrase the file holds the storage key wrapped (XChaCha20-Poly1305)
// under a key derived from the passphrase with Argon2id (crypto_pwhash,
// ALG_ARGON2ID13); the salt and the cost parameters are in the file.
//
// Format (all integers unsigned LEB128, strict):
//   magic "mutual-storage-key" ‖ version 0x01 ‖ kind
//   kind 0x00 (plain):      key(32)
//   kind 0x01 (passphrase): opslimit ‖ memlimit ‖ salt(16) ‖ nonce(24) ‖
//                           wrapped key(32 + 16)
// The wrapped key's associated data is every byte before the nonce, so the
// parameters cannot be changed without detection. Nothing may follow.
//
// Reading refuses a file that is not a regular file owned by this user, or
// that group or others may read or write.
//
// Thread-safety: free functions; callers coordinate access to the file.
// REQUIRES (all functions): crypto::InitSodium() succeeded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libsync/store/storage_key.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::store {

// Argon2id cost. Stored in the key file, so a file made with cheap test
// parameters opens with them.
struct PwhashParams {
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;  // bytes

  // libsodium's "moderate" preset (3 passes, 256 MiB): for real use.
  static PwhashParams Default();
  // libsodium's minimums (1 pass, 8 KiB): tests only; offers no protection.
  static PwhashParams Cheapest();
};

// Bounds accepted when reading a file, so a hostile file cannot make the
// reader spend unbounded time or memory.
inline constexpr uint64_t kMaxOpslimit = 64;
inline constexpr uint64_t kMaxMemlimit = uint64_t{4} << 30;  // 4 GiB

enum class KeyFileKind { kPlain, kPassphrase };

// The file's bytes for `key`; wrapped when `passphrase` is given.
// InvalidArgument for an empty passphrase or parameters out of bounds;
// IOError when Argon2id cannot run (usually: not enough memory).
Result<Bytes> EncodeKeyFile(const StorageKey& key,
                            std::optional<std::string_view> passphrase,
                            const PwhashParams& params);

// Which kind of file `bytes` is. Corruption when malformed.
Result<KeyFileKind> KeyFileKindOf(ByteView bytes);

// The storage key in `bytes`. Corruption when malformed (truncated, bad
// magic or version, parameters out of bounds, trailing bytes);
// FailedPrecondition when the file needs a passphrase and none is given, or
// a passphrase is given for a plain file; PermissionDenied for a wrong
// passphrase (or a modified file: the two cannot be told apart).
Result<StorageKey> DecodeKeyFile(ByteView bytes,
                                 std::optional<std::string_view> passphrase);

// Creates the key file at `path` (mode 0600, atomically). AlreadyExists
// when a file is there: a key file is never overwritten by accident.
Status CreateKeyFile(const std::string& path, const StorageKey& key,
                     std::optional<std::string_view> passphrase,
                     const PwhashParams& params);

// Replaces the key file at `path` atomically (to set, change or remove the
// passphrase): a crash leaves the old file or the new one.
Status ReplaceKeyFile(const std::string& path, const StorageKey& key,
                      std::optional<std::string_view> passphrase,
                      const PwhashParams& params);

// The file's raw bytes after the ownership and permission checks.
// NotFound when absent; PermissionDenied when group/others have access or
// another user owns it; FailedPrecondition when not a regular file;
// Corruption when larger than any key file.
Result<Bytes> ReadKeyFileBytes(const std::string& path);

// ReadKeyFileBytes then DecodeKeyFile.
Result<StorageKey> ReadKeyFile(const std::string& path,
                               std::optional<std::string_view> passphrase);

}  // namespace mutual::store
