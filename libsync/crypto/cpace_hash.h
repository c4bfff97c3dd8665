// The string helpers of CPace (draft-irtf-cfrg-cpace-21 §6.3 and App. A.1)
// over SHA-512, the hash of the CPACE-RISTR255-SHA512 suite:
//   prepend_len(s) = LEB128(len(s)) ‖ s
//   lv_cat(a0, a1, ...) = prepend_len(a0) ‖ prepend_len(a1) ‖ ...
// Every CPace hash input (generator string, ISK, key-confirmation message) is
// built from these, so the encoding is prefix-free (draft §10.2).
//
// Thread-safety: CPaceSha512 is a single-owner value; CPaceLvCat is pure.
#pragma once

#include <sodium.h>

#include <initializer_list>

#include "libsync/util/bytes.h"

namespace mutual::crypto {

using Sha512Digest = FixedBytes<64>;

// Incremental SHA-512 that can append raw bytes or prepend_len(bytes). The
// state can hold secrets (the PRS, K), so it is wiped on destruction.
class CPaceSha512 {
 public:
  CPaceSha512();
  ~CPaceSha512();
  CPaceSha512(const CPaceSha512&) = delete;
  CPaceSha512& operator=(const CPaceSha512&) = delete;

  // Appends `b` as is.
  void Raw(ByteView b);
  // Appends prepend_len(b).
  void Lv(ByteView b);
  // REQUIRES: Final() was not called before.
  Sha512Digest Final();

 private:
  crypto_hash_sha512_state state_;
  bool finished_ = false;
};

// lv_cat(parts...) as one byte string.
Bytes CPaceLvCat(std::initializer_list<ByteView> parts);

}  // namespace mutual::crypto
