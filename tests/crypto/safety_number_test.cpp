#include "libsync/crypto/safety_number.h"

#include <catch2/catch.hpp>
#include <cctype>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::FixedFromHex;
using testing::RequireSodium;

// RFC 8032 §7.1 test 1 and test 2 public keys.
PublicKey KeyOne() {
  return FixedFromHex<32>(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}
PublicKey KeyTwo() {
  return FixedFromHex<32>(
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
}

// Computed independently with Python 3's hashlib:
//   lo, hi = sorted([k1, k2])
//   d = hashlib.blake2b(b"mutual/safety-number/v1" + lo + hi, digest_size=64).digest()
//   " ".join("%05d" % (int.from_bytes(d[5*i:5*i+5], "big") % 100000) for i in range(12))
TEST_CASE("SafetyNumberMatchesKnownAnswer") {
  RequireSodium();
  REQUIRE(SafetyNumber(KeyOne(), KeyTwo()) ==
          "47141 89865 87912 46307 08000 62084 57005 62398 44654 84375 68391 28251");
}

TEST_CASE("SafetyNumberIsTheSameOnBothSides") {
  RequireSodium();
  REQUIRE(SafetyNumber(KeyOne(), KeyTwo()) == SafetyNumber(KeyTwo(), KeyOne()));
  auto a = SigningKey::Generate().public_key();
  auto b = SigningKey::Generate().public_key();
  REQUIRE(SafetyNumber(a, b) == SafetyNumber(b, a));
}

TEST_CASE("SafetyNumberDiffersForDifferentKeys") {
  RequireSodium();
  PublicKey three = KeyTwo();
  three[31] ^= 1;
  REQUIRE(SafetyNumber(KeyOne(), three) != SafetyNumber(KeyOne(), KeyTwo()));
  REQUIRE(SafetyNumber(KeyOne(), KeyOne()) != SafetyNumber(KeyOne(), KeyTwo()));
}

TEST_CASE("SafetyNumberIsTwelveGroupsOfFiveDigits") {
  RequireSodium();
  std::string number = SafetyNumber(SigningKey::Generate().public_key(),
                                    SigningKey::Generate().public_key());
  REQUIRE(number.size() == 12 * 5 + 11);
  for (size_t i = 0; i < number.size(); ++i) {
    if (i % 6 == 5) {
      REQUIRE(number[i] == ' ');
    } else {
      REQUIRE(std::isdigit(static_cast<unsigned char>(number[i])));
    }
  }
}

}  // namespace
}  // namespace mutual::crypto
