// Ed25519 signing keys: a device's identity (DESIGN.md §4).
//
// A SigningKey holds a secret; every copy wipes its secret bytes with
// sodium_memzero when destroyed. There is no default (all-zero) key.
//
// Thread-safety: a SigningKey is an immutable value after construction;
// const methods may be called concurrently.
#pragma once

#include "libsync/util/bytes.h"

namespace mutual::crypto {

using PublicKey = FixedBytes<32>;
using Signature = FixedBytes<64>;

class SigningKey {
 public:
  // A fresh random key.
  static SigningKey Generate();
  // The key derived deterministically from a 32-byte seed (RFC 8032 secret
  // key); the form in which store/ persists it.
  static SigningKey FromSeed(const FixedBytes<32>& seed);

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  // The 32-byte seed, for persisting the key. Treat as secret.
  const FixedBytes<32>& seed() const { return seed_; }

  // Deterministic Ed25519 signature over `message`.
  Signature Sign(ByteView message) const;

 private:
  SigningKey() = default;
  FixedBytes<32> seed_{};
  FixedBytes<64> secret_key_{};  // libsodium form: seed ‖ public key
  PublicKey public_key_{};
};

// True when `signature` is a valid Ed25519 signature of `message` by `key`.
// Rejects non-canonical signatures and small-order public keys (libsodium's
// strict verification), so a key never verifies a signature it did not make.
bool VerifySignature(const PublicKey& key, ByteView message, const Signature& signature);

}  // namespace mutual::crypto
