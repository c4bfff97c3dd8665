#include "libsync/crypto/lan_token.h"

#include <sodium.h>

#include <string_view>

namespace mutual::crypto {
namespace {

constexpr std::string_view kLanDomain = "mutual/lan/v1";

}  // namespace

LanKey::LanKey(const DocKey& doc_key)
    : key_(Blake2b256Keyed(doc_key.bytes(), AsBytes(kLanDomain))) {}

LanKey::~LanKey() { sodium_memzero(key_.data(), key_.size()); }

uint64_t LanEpochAt(int64_t unix_seconds) {
  if (unix_seconds < 0) return 0;
  return static_cast<uint64_t>(unix_seconds / kLanEpochSeconds);
}

LanSalt RandomLanSalt() {
  LanSalt salt;
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

LanToken LanTokenFor(const LanKey& key, uint64_t epoch, const LanSalt& salt) {
  uint8_t message[8 + kLanSaltBytes];
  for (int i = 0; i < 8; ++i) message[i] = static_cast<uint8_t>(epoch >> (56 - 8 * i));
  std::copy(salt.begin(), salt.end(), message + 8);
  return Blake2b256Keyed(key.bytes(), ByteView(message, sizeof(message)));
}

bool LanTokenMatches(const LanKey& key, const LanToken& token, const LanSalt& salt,
                     int64_t unix_seconds) {
  const uint64_t now = LanEpochAt(unix_seconds);
  bool match = false;
  // Every candidate is computed and compared, so timing does not say which
  // minute matched.
  for (uint64_t epoch : {now == 0 ? now : now - 1, now, now + 1}) {
    const LanToken expected = LanTokenFor(key, epoch, salt);
    match |= crypto_verify_32(expected.data(), token.data()) == 0;
  }
  return match;
}

}  // namespace mutual::crypto
