#include "libsync/crypto/safety_number.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace mutual::crypto {
namespace {

constexpr std::string_view kDomain = "mutual/safety-number/v1";
constexpr size_t kGroupBytes = 5;

FixedBytes<64> Digest(const PublicKey& lo, const PublicKey& hi) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 64);
  crypto_generichash_update(&state, AsBytes(kDomain).data(), kDomain.size());
  crypto_generichash_update(&state, lo.data(), lo.size());
  crypto_generichash_update(&state, hi.data(), hi.size());
  FixedBytes<64> out;
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

void AppendGroup(ByteView five_bytes, std::string& out) {
  uint64_t v = 0;
  for (uint8_t b : five_bytes) v = (v << 8) | b;
  v %= 100000;
  char digits[kSafetyNumberGroupDigits];
  for (size_t i = kSafetyNumberGroupDigits; i-- > 0; v /= 10) {
    digits[i] = static_cast<char>('0' + v % 10);
  }
  out.append(digits, kSafetyNumberGroupDigits);
}

}  // namespace

std::string SafetyNumber(const PublicKey& a, const PublicKey& b) {
  bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  FixedBytes<64> h = a_first ? Digest(a, b) : Digest(b, a);
  std::string out;
  for (size_t i = 0; i < kSafetyNumberGroups; ++i) {
    if (i > 0) out.push_back(' ');
    AppendGroup(ByteView(h).subspan(i * kGroupBytes, kGroupBytes), out);
  }
  return out;
}

}  // namespace mutual::crypto
