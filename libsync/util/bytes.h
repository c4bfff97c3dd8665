// Byte strings and their text encodings (hex, RFC 4648 base32 lower-case
// without padding).
//
// Thread-safety: free functions on values.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/util/status.h"

namespace mutual {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

template <size_t N>
using FixedBytes = std::array<uint8_t, N>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes ToBytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
inline Bytes ToBytes(ByteView b) { return Bytes(b.begin(), b.end()); }

// Appends `b` to `out`.
inline void Append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

// Lower-case hex.
std::string ToHex(ByteView b);
// Accepts upper or lower case. Fails with InvalidArgument on odd length or a
// non-hex character.
Result<Bytes> FromHex(std::string_view hex);

// RFC 4648 base32 alphabet, lower-case, no padding.
std::string ToBase32(ByteView b);
// Accepts upper or lower case, no padding. Fails with InvalidArgument on a
// character outside the alphabet or non-zero trailing bits.
Result<Bytes> FromBase32(std::string_view text);

// Constant-time comparison of equal-length spans (false on length mismatch).
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace mutual
