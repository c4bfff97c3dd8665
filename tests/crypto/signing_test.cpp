#include "libsync/crypto/signing.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::BytesFromHex;
using testing::FixedFromHex;
using testing::RequireSodium;

// RFC 8032 §7.1 TEST 1 and TEST 2 (also reproduced with Python's
// `cryptography` package, an independent Ed25519 implementation).
TEST_CASE("Rfc8032Test1KnownAnswer") {
  RequireSodium();
  SigningKey key = SigningKey::FromSeed(FixedFromHex<32>(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  REQUIRE(key.public_key() ==
          FixedFromHex<32>(
              "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  Signature expected = FixedFromHex<64>(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  REQUIRE(key.Sign({}) == expected);
  REQUIRE(VerifySignature(key.public_key(), {}, expected));
}

TEST_CASE("Rfc8032Test2KnownAnswer") {
  RequireSodium();
  SigningKey key = SigningKey::FromSeed(FixedFromHex<32>(
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  REQUIRE(key.public_key() ==
          FixedFromHex<32>(
              "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
  Bytes message = BytesFromHex("72");
  REQUIRE(key.Sign(message) ==
          FixedFromHex<64>(
              "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
              "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"));
}

TEST_CASE("SignedMessageVerifies") {
  RequireSodium();
  SigningKey key = SigningKey::Generate();
  Signature sig = key.Sign(AsBytes("hello"));
  REQUIRE(VerifySignature(key.public_key(), AsBytes("hello"), sig));
}

TEST_CASE("SignatureOverAnotherMessageIsRejected") {
  RequireSodium();
  SigningKey key = SigningKey::Generate();
  Signature sig = key.Sign(AsBytes("hello"));
  REQUIRE_FALSE(VerifySignature(key.public_key(), AsBytes("hellp"), sig));
}

TEST_CASE("SignatureByAnotherKeyIsRejected") {
  RequireSodium();
  SigningKey a = SigningKey::Generate();
  SigningKey b = SigningKey::Generate();
  REQUIRE(a.public_key() != b.public_key());
  REQUIRE_FALSE(VerifySignature(b.public_key(), AsBytes("m"), a.Sign(AsBytes("m"))));
}

TEST_CASE("EveryFlippedSignatureBitIsRejected") {
  RequireSodium();
  SigningKey key = SigningKey::Generate();
  Signature sig = key.Sign(AsBytes("message"));
  for (size_t i = 0; i < sig.size() * 8; ++i) {
    Signature bad = sig;
    bad[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
    INFO("bit " << i);
    REQUIRE_FALSE(VerifySignature(key.public_key(), AsBytes("message"), bad));
  }
}

TEST_CASE("SeedRecreatesTheSameKey") {
  RequireSodium();
  SigningKey key = SigningKey::Generate();
  SigningKey again = SigningKey::FromSeed(key.seed());
  REQUIRE(again.public_key() == key.public_key());
  REQUIRE(again.Sign(AsBytes("x")) == key.Sign(AsBytes("x")));
}

TEST_CASE("GeneratedKeysDiffer") {
  RequireSodium();
  REQUIRE(SigningKey::Generate().public_key() != SigningKey::Generate().public_key());
}

}  // namespace
}  // namespace mutual::crypto
