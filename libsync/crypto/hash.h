// BLAKE2b-256 (libsodium crypto_generichash with a 32-byte output): the one
// hash function of mutual — envelope hashes, epoch ids, content hashes.
//
// Thread-safety: the free functions are pure; a Blake2b256Hasher is a
// single-owner value.
#pragma once

#include <sodium.h>

#include "libsync/util/bytes.h"

namespace mutual::crypto {

using Hash32 = FixedBytes<32>;

// Unkeyed BLAKE2b with a 32-byte digest.
Hash32 Blake2b256(ByteView data);

// Keyed BLAKE2b with a 32-byte digest (a MAC / PRF, not HMAC).
// REQUIRES: 16 <= key.size() <= 64 (crypto_generichash key bounds).
Hash32 Blake2b256Keyed(ByteView key, ByteView data);

// Incremental form: Update() any number of times, then Final() once.
// The result equals Blake2b256 / Blake2b256Keyed over the concatenation.
class Blake2b256Hasher {
 public:
  Blake2b256Hasher();
  // REQUIRES: 16 <= key.size() <= 64.
  explicit Blake2b256Hasher(ByteView key);
  ~Blake2b256Hasher();
  Blake2b256Hasher(const Blake2b256Hasher&) = delete;
  Blake2b256Hasher& operator=(const Blake2b256Hasher&) = delete;

  void Update(ByteView data);
  // REQUIRES: Final() was not called before on this hasher.
  Hash32 Final();

 private:
  crypto_generichash_state state_;
  bool finished_ = false;
};

}  // namespace mutual::crypto
