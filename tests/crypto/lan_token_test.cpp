#include "libsync/crypto/lan_token.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::FixedFromHex;
using testing::RequireSodium;

DocKey CountingKey() {
  FixedBytes<32> k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(i);
  return DocKey::FromBytes(k);
}

LanSalt CountingSalt() {
  LanSalt s;
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(0xa0 + i);
  return s;
}

constexpr int64_t kT = 1700000000;  // 2023-11-14T22:13:20Z, epoch 28333333

// Computed independently with Python 3's hashlib:
//   doc_key = bytes(range(32)); salt = bytes(range(0xa0, 0xb0))
//   lan = hashlib.blake2b(b"mutual/lan/v1", key=doc_key, digest_size=32).digest()
//   epoch = 1700000000 // 60
//   hashlib.blake2b(epoch.to_bytes(8, "big") + salt, key=lan, digest_size=32)
TEST_CASE("LanKeyAndTokenMatchKnownAnswers") {
  RequireSodium();
  LanKey key(CountingKey());
  CHECK(key.bytes() ==
        FixedFromHex<32>(
            "b5a0f34eefbe8f64bfe66288736981a0f814f49e00e079d502dd07d859e90439"));
  CHECK(LanEpochAt(kT) == 28333333);
  CHECK(LanTokenFor(key, LanEpochAt(kT), CountingSalt()) ==
        FixedFromHex<32>(
            "be62f6d044846976bd6e61e26069f4823f677687c03aa65e3d26353098e05e20"));
}

TEST_CASE("LanEpochIsTheMinute") {
  CHECK(LanEpochAt(0) == 0);
  CHECK(LanEpochAt(59) == 0);
  CHECK(LanEpochAt(60) == 1);
  CHECK(LanEpochAt(kT + 59 - kT % 60) == LanEpochAt(kT));
  CHECK(LanEpochAt(-5) == 0);
}

TEST_CASE("DifferentMinutesSaltsAndKeysGiveDifferentTokens") {
  RequireSodium();
  LanKey key(CountingKey());
  LanKey other(DocKey::Generate());
  const LanSalt salt = CountingSalt();
  LanSalt salt2 = salt;
  salt2[15] ^= 1;
  const uint64_t e = LanEpochAt(kT);
  const LanToken base = LanTokenFor(key, e, salt);
  CHECK(LanTokenFor(key, e + 1, salt) != base);
  CHECK(LanTokenFor(key, e - 1, salt) != base);
  CHECK(LanTokenFor(key, e, salt2) != base);
  CHECK(LanTokenFor(other, e, salt) != base);
  CHECK(RandomLanSalt() != RandomLanSalt());
  // The lan key is not the doc key.
  CHECK(key.bytes() != CountingKey().bytes());
}

TEST_CASE("TokensMatchInTheSameOrANeighbouringMinuteOnly") {
  RequireSodium();
  LanKey key(CountingKey());
  const LanSalt salt = CountingSalt();
  const LanToken t = LanTokenFor(key, LanEpochAt(kT), salt);
  CHECK(LanTokenMatches(key, t, salt, kT));
  CHECK(LanTokenMatches(key, t, salt, kT + 60));  // receiver's clock a minute ahead
  CHECK(LanTokenMatches(key, t, salt, kT - 60));  // or behind
  CHECK_FALSE(LanTokenMatches(key, t, salt, kT + 120));
  CHECK_FALSE(LanTokenMatches(key, t, salt, kT - 120));
  LanSalt other_salt = salt;
  other_salt[0] ^= 0x80;
  CHECK_FALSE(LanTokenMatches(key, t, other_salt, kT));
  CHECK_FALSE(LanTokenMatches(LanKey(DocKey::Generate()), t, salt, kT));
  // Minute 0 has no minute before it.
  CHECK(LanTokenMatches(key, LanTokenFor(key, 0, salt), salt, 30));
}

}  // namespace
}  // namespace mutual::crypto
