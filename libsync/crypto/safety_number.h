// Safety numbers (DESIGN.md §5, `mutual verify`): 60 decimal digits derived
// from two devices' Ed25519 identity keys, the same on both devices, for two
// people to compare in person (like Signal's safety numbers).
//
//   lo, hi = the two public keys in lexicographic (memcmp) order
//   h      = BLAKE2b-512("mutual/safety-number/v1" ‖ lo ‖ hi)   (64 bytes)
//   group i (i = 0..11) = (h[5i .. 5i+4] as a big-endian 40-bit integer)
//                         mod 100000, written as 5 digits with leading zeros
// Rendered as the 12 groups separated by single spaces. Sorting makes the
// number independent of who computes it; the last 4 bytes of h are unused.
// 2^40 mod 10^5 bias is below 10^-7 per group, and 60 digits carry ~199 bits,
// so finding a different key pair with the same number is infeasible.
//
// Thread-safety: pure function. REQUIRES: InitSodium() succeeded.
#pragma once

#include <string>

#include "libsync/crypto/signing.h"

namespace mutual::crypto {

inline constexpr size_t kSafetyNumberGroups = 12;
inline constexpr size_t kSafetyNumberGroupDigits = 5;

// "12345 67890 ..." (12 groups of 5 digits, 71 characters).
std::string SafetyNumber(const PublicKey& a, const PublicKey& b);

}  // namespace mutual::crypto
