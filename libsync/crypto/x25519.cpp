#include "libsync/crypto/x25519.h"

#include <sodium.h>

#include <cassert>

namespace mutual::crypto {
namespace {

static_assert(crypto_scalarmult_BYTES == 32);
static_assert(crypto_scalarmult_SCALARBYTES == 32);
// crypto_box (used for sealed doc keys) takes X25519 keys as they are.
static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);

}  // namespace

X25519KeyPair X25519KeyPair::Generate() {
  FixedBytes<32> secret;
  randombytes_buf(secret.data(), secret.size());
  X25519KeyPair pair = FromSecret(secret);
  sodium_memzero(secret.data(), secret.size());
  return pair;
}

X25519KeyPair X25519KeyPair::FromSecret(const FixedBytes<32>& secret) {
  X25519KeyPair pair;
  pair.secret_ = secret;
  // The clamped scalar is never zero mod the group order, so the base-point
  // multiple is never the identity and this cannot fail.
  [[maybe_unused]] int rc =
      crypto_scalarmult_base(pair.public_key_.data(), pair.secret_.data());
  assert(rc == 0);
  return pair;
}

X25519KeyPair::~X25519KeyPair() { sodium_memzero(secret_.data(), secret_.size()); }

bool IsWeakX25519Key(const PublicKey& key) {
  // A clamped scalar is a multiple of the cofactor 8, so multiplying a point
  // of small order by it gives the identity, which libsodium reports as -1.
  // Any fixed scalar will do; 9s are arbitrary.
  FixedBytes<32> scalar;
  scalar.fill(9);
  FixedBytes<32> out;
  bool weak = crypto_scalarmult(out.data(), scalar.data(), key.data()) != 0;
  sodium_memzero(out.data(), out.size());
  return weak;
}

}  // namespace mutual::crypto
