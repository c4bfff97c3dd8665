// The hash-based functions of Noise_*_BLAKE2b (Noise spec rev 34, §4.3 and
// §12.8): HASH = BLAKE2b with a 64-byte digest (HASHLEN = 64, BLOCKLEN = 128),
// HMAC-HASH = the RFC 2104 HMAC construction over that HASH, and the spec's
// HKDF built from HMAC-HASH.
//
// HMAC here is RFC 2104 (key padded to BLOCKLEN, ipad/opad), NOT keyed
// BLAKE2b: the spec requires HMAC and the two give different outputs, so an
// independent Noise implementation would not interoperate with keyed BLAKE2b.
// libsodium has no HMAC-BLAKE2b, so it is assembled from crypto_generichash.
//
// Thread-safety: pure functions on values.
#pragma once

#include <cstddef>
#include <span>

#include "libsync/util/bytes.h"

namespace mutual::crypto {

inline constexpr size_t kNoiseHashLen = 64;    // HASHLEN
inline constexpr size_t kNoiseBlockLen = 128;  // BLOCKLEN

using NoiseHash = FixedBytes<kNoiseHashLen>;

// HASH(a || b): unkeyed BLAKE2b-512 over the concatenation (b may be empty).
NoiseHash NoiseHashOf(ByteView a, ByteView b = {});

// HMAC-HASH(key, data) per RFC 2104 with H = BLAKE2b-512, B = 128. A key
// longer than 128 bytes is first hashed, as RFC 2104 says. Intermediate
// key material is wiped before returning.
NoiseHash HmacBlake2b512(ByteView key, ByteView data);

// The spec's HKDF(chaining_key, input_key_material, num_outputs):
//   temp_key = HMAC-HASH(chaining_key, input_key_material)
//   output1  = HMAC-HASH(temp_key, 0x01)
//   output2  = HMAC-HASH(temp_key, output1 || 0x02)
//   output3  = HMAC-HASH(temp_key, output2 || 0x03)
// Writes outputs.size() outputs into `outputs`.
// REQUIRES: outputs.size() is 2 or 3 (the only counts the spec defines).
void NoiseHkdf(const NoiseHash& chaining_key, ByteView input_key_material,
               std::span<NoiseHash> outputs);

}  // namespace mutual::crypto
