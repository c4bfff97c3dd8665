// StorageKey: the local 32-byte key that seals sensitive values at rest
// (plan titles, the device's secrets and name, wrapped doc keys, the peers
// table, snapshots), and the sealing functions themselves.
//
// A sealed value is  0x01 ‖ nonce(24) ‖ XChaCha20-Poly1305-IETF ciphertext,
// under a random nonce, with associated data
//   "mutual/at-rest/v1" ‖ varint len(slot) ‖ slot ‖ varint len(row) ‖ row
// where `slot` names the table and column ("docs.title") and `row` is the
// row's identity (e.g. the doc id). A sealed value copied into another row
// or column therefore fails to open. doc/store.md has the details and what
// the key does not protect.
//
// Every StorageKey copy wipes its bytes with sodium_memzero when destroyed.
//
// Thread-safety: values; const methods may be called concurrently.
// REQUIRES (all functions): crypto::InitSodium() succeeded.
#pragma once

#include <string_view>

#include "libsync/crypto/hash.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::store {

class StorageKey {
 public:
  static StorageKey Generate();
  static StorageKey FromBytes(const FixedBytes<32>& bytes);

  StorageKey(const StorageKey&) = default;
  StorageKey& operator=(const StorageKey&) = default;
  ~StorageKey();

  // Treat as secret.
  const FixedBytes<32>& bytes() const { return key_; }

  // A keyed BLAKE2b-256 of `value` under a subkey for `purpose`: a stable
  // lookup tag that reveals nothing about `value` without the key (used to
  // index peers by signing key and addresses by text).
  crypto::Hash32 Tag(std::string_view purpose, ByteView value) const;

 private:
  StorageKey() = default;
  FixedBytes<32> key_{};
};

// Version byte + nonce + tag.
inline constexpr size_t kSealedOverheadBytes = 1 + 24 + 16;

// Seals `plaintext` for (slot, row).
Bytes SealAtRest(const StorageKey& key, std::string_view slot, ByteView row,
                 ByteView plaintext);

// Opens a value sealed for the same (slot, row) under the same key.
// Corruption when it is malformed, was sealed for another row or slot,
// under another key, or was modified.
Result<Bytes> OpenAtRest(const StorageKey& key, std::string_view slot, ByteView row,
                         ByteView sealed);

}  // namespace mutual::store
