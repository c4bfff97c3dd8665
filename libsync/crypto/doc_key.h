// Document keys (DESIGN.md §4): 32 random bytes per plan and key epoch,
// and their delivery to a member sealed to that member's X25519 delivery
// key (libsodium crypto_box_seal: anonymous sender, so the sealed box must
// travel inside a signed change that names the plan and the epoch).
//
// Every DocKey copy wipes its bytes with sodium_memzero when destroyed.
//
// Thread-safety: values; const methods may be called concurrently.
#pragma once

#include "libsync/crypto/hash.h"
#include "libsync/crypto/signing.h"
#include "libsync/crypto/x25519.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

class DocKey {
 public:
  static DocKey Generate();
  static DocKey FromBytes(const FixedBytes<32>& bytes);

  DocKey(const DocKey&) = default;
  DocKey& operator=(const DocKey&) = default;
  ~DocKey();

  // Treat as secret.
  const FixedBytes<32>& bytes() const { return key_; }

 private:
  DocKey() = default;
  FixedBytes<32> key_{};
};

// Names a key epoch inside an envelope header: the first 4 bytes of the
// epoch id (the hash of the change that rotated the key). Not unique; it
// only picks which key to try.
using KeyHint = FixedBytes<4>;
KeyHint KeyHintOf(const Hash32& epoch_id);

// Sealed doc key size: ephemeral public key 32 + key 32 + MAC 16.
inline constexpr size_t kSealedDocKeyBytes = 32 + 32 + 16;

// Encrypts `key` to the holder of `recipient_delivery_key`.
// REQUIRES: !IsWeakX25519Key(recipient_delivery_key) (true for any key
// taken from a decoded DeviceRecord).
Bytes SealDocKeyTo(const DocKey& key, const PublicKey& recipient_delivery_key);

// Opens a box made by SealDocKeyTo for `delivery`'s public key.
// PeerViolation when the box is malformed, was sealed to another key, or
// was tampered with.
Result<DocKey> OpenSealedDocKey(ByteView sealed, const X25519KeyPair& delivery);

}  // namespace mutual::crypto
