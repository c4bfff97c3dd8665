#include "libsync/crypto/x25519.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::FixedFromHex;
using testing::RequireSodium;

// RFC 7748 §6.1 (Alice and Bob), also reproduced with Python's
// `cryptography` package.
TEST_CASE("Rfc7748PublicKeysKnownAnswer") {
  RequireSodium();
  auto alice = X25519KeyPair::FromSecret(FixedFromHex<32>(
      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  REQUIRE(alice.public_key() ==
          FixedFromHex<32>(
              "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
  auto bob = X25519KeyPair::FromSecret(FixedFromHex<32>(
      "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  REQUIRE(bob.public_key() ==
          FixedFromHex<32>(
              "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
}

TEST_CASE("SecretRecreatesTheSamePair") {
  RequireSodium();
  auto pair = X25519KeyPair::Generate();
  auto again = X25519KeyPair::FromSecret(pair.secret());
  REQUIRE(again.public_key() == pair.public_key());
  REQUIRE(X25519KeyPair::Generate().public_key() != pair.public_key());
}

TEST_CASE("SmallOrderKeysAreWeak") {
  RequireSodium();
  PublicKey zero{};
  PublicKey one{};
  one[0] = 1;
  // A point of order 8 (from the well-known list of small-order encodings).
  PublicKey order8 = FixedFromHex<32>(
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
  REQUIRE(IsWeakX25519Key(zero));
  REQUIRE(IsWeakX25519Key(one));
  REQUIRE(IsWeakX25519Key(order8));
}

TEST_CASE("GeneratedKeysAreNotWeak") {
  RequireSodium();
  for (int i = 0; i < 20; ++i) {
    REQUIRE_FALSE(IsWeakX25519Key(X25519KeyPair::Generate().public_key()));
  }
}

}  // namespace
}  // namespace mutual::crypto
