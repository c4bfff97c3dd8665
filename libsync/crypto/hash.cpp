#include "libsync/crypto/hash.h"

#include <cassert>
#include <cstdlib>

namespace mutual::crypto {
namespace {

static_assert(crypto_generichash_BYTES == 32);

[[maybe_unused]] bool KeySizeOk(ByteView key) {
  return key.size() >= crypto_generichash_KEYBYTES_MIN &&
         key.size() <= crypto_generichash_KEYBYTES_MAX;
}

}  // namespace

Hash32 Blake2b256(ByteView data) {
  Hash32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

Hash32 Blake2b256Keyed(ByteView key, ByteView data) {
  assert(KeySizeOk(key));
  Hash32 out;
  // A bad key size leaves `out` unwritten; never hand out such a "hash".
  if (crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(),
                         key.size()) != 0) {
    std::abort();
  }
  return out;
}

Blake2b256Hasher::Blake2b256Hasher() {
  crypto_generichash_init(&state_, nullptr, 0, sizeof(Hash32));
}

Blake2b256Hasher::Blake2b256Hasher(ByteView key) {
  assert(KeySizeOk(key));
  if (crypto_generichash_init(&state_, key.data(), key.size(), sizeof(Hash32)) != 0) {
    std::abort();  // bad key size: see Blake2b256Keyed
  }
}

// A keyed state holds key material.
Blake2b256Hasher::~Blake2b256Hasher() { sodium_memzero(&state_, sizeof(state_)); }

void Blake2b256Hasher::Update(ByteView data) {
  assert(!finished_);
  crypto_generichash_update(&state_, data.data(), data.size());
}

Hash32 Blake2b256Hasher::Final() {
  assert(!finished_);
  finished_ = true;
  Hash32 out;
  crypto_generichash_final(&state_, out.data(), out.size());
  return out;
}

}  // namespace mutual::crypto
