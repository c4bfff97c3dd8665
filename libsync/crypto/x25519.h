// X25519 key pairs: a device's Noise static key and its delivery key
// (DESIGN.md §4). Each purpose has its own pair; none is reused.
//
// Every copy wipes its secret with sodium_memzero when destroyed. There is
// no default (all-zero) pair.
//
// Thread-safety: immutable after construction; const methods may be called
// concurrently.
#pragma once

#include "libsync/crypto/signing.h"
#include "libsync/util/bytes.h"

namespace mutual::crypto {

class X25519KeyPair {
 public:
  // A fresh random pair.
  static X25519KeyPair Generate();
  // The pair whose secret scalar is `secret` (libsodium clamps it when
  // used); the form in which store/ persists it.
  static X25519KeyPair FromSecret(const FixedBytes<32>& secret);

  X25519KeyPair(const X25519KeyPair&) = default;
  X25519KeyPair& operator=(const X25519KeyPair&) = default;
  ~X25519KeyPair();

  const PublicKey& public_key() const { return public_key_; }
  // The secret scalar, for the Noise handshake and for persisting the pair.
  // Treat as secret; do not copy it into longer-lived storage.
  const FixedBytes<32>& secret() const { return secret_; }

 private:
  X25519KeyPair() = default;
  FixedBytes<32> secret_{};
  PublicKey public_key_{};
};

// True when `key` is a point of small order (or otherwise gives an all-zero
// shared secret): such a key would make any Diffie-Hellman with it
// predictable, so a peer's X25519 key must be rejected when this holds.
bool IsWeakX25519Key(const PublicKey& key);

}  // namespace mutual::crypto
