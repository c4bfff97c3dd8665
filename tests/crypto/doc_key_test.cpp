#include "libsync/crypto/doc_key.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/device.h"
#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::RequireSodium;

TEST_CASE("SealedDocKeyOpensWithTheRecipientsDeliveryKey") {
  RequireSodium();
  DocKey key = DocKey::Generate();
  X25519KeyPair delivery = X25519KeyPair::Generate();
  Bytes sealed = SealDocKeyTo(key, delivery.public_key());
  REQUIRE(sealed.size() == kSealedDocKeyBytes);
  REQUIRE(sealed.size() == 80);
  auto opened = OpenSealedDocKey(sealed, delivery);
  REQUIRE(opened.ok());
  REQUIRE(opened->bytes() == key.bytes());
}

TEST_CASE("SealedDocKeyDoesNotOpenWithAnotherDeliveryKey") {
  RequireSodium();
  DocKey key = DocKey::Generate();
  X25519KeyPair recipient = X25519KeyPair::Generate();
  X25519KeyPair other = X25519KeyPair::Generate();
  Bytes sealed = SealDocKeyTo(key, recipient.public_key());
  REQUIRE(OpenSealedDocKey(sealed, other).status().IsPeerViolation());
}

TEST_CASE("SealedDocKeyDoesNotOpenWithTheRecipientsNoiseKey") {
  RequireSodium();
  DeviceSecrets device = DeviceSecrets::Generate();
  Bytes sealed = SealDocKeyTo(DocKey::Generate(), device.delivery.public_key());
  REQUIRE(OpenSealedDocKey(sealed, device.noise_static).status().IsPeerViolation());
  REQUIRE(OpenSealedDocKey(sealed, device.delivery).ok());
}

TEST_CASE("SealedDocKeyEveryFlippedByteIsRejected") {
  RequireSodium();
  X25519KeyPair delivery = X25519KeyPair::Generate();
  Bytes sealed = SealDocKeyTo(DocKey::Generate(), delivery.public_key());
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes bad = sealed;
    bad[i] ^= 0x80;
    INFO("byte " << i);
    REQUIRE(OpenSealedDocKey(bad, delivery).status().IsPeerViolation());
  }
}

TEST_CASE("SealedDocKeyWithWrongLengthIsRejected") {
  RequireSodium();
  X25519KeyPair delivery = X25519KeyPair::Generate();
  Bytes sealed = SealDocKeyTo(DocKey::Generate(), delivery.public_key());
  Bytes shorter(sealed.begin(), sealed.end() - 1);
  Bytes longer = sealed;
  longer.push_back(0);
  REQUIRE(OpenSealedDocKey(shorter, delivery).status().IsPeerViolation());
  REQUIRE(OpenSealedDocKey(longer, delivery).status().IsPeerViolation());
  REQUIRE(OpenSealedDocKey({}, delivery).status().IsPeerViolation());
}

TEST_CASE("SealingTwiceGivesDifferentBoxes") {
  RequireSodium();
  // Each seal uses a fresh ephemeral key, so boxes cannot be linked.
  DocKey key = DocKey::Generate();
  X25519KeyPair delivery = X25519KeyPair::Generate();
  REQUIRE(SealDocKeyTo(key, delivery.public_key()) !=
          SealDocKeyTo(key, delivery.public_key()));
}

TEST_CASE("GeneratedDocKeysDifferAndFromBytesKeepsBytes") {
  RequireSodium();
  DocKey a = DocKey::Generate();
  DocKey b = DocKey::Generate();
  REQUIRE(a.bytes() != b.bytes());
  REQUIRE(DocKey::FromBytes(a.bytes()).bytes() == a.bytes());
}

TEST_CASE("KeyHintIsTheFirstFourBytesOfTheEpochId") {
  RequireSodium();
  Hash32 epoch = Blake2b256(AsBytes("rotation change"));
  KeyHint hint = KeyHintOf(epoch);
  REQUIRE(hint == KeyHint{epoch[0], epoch[1], epoch[2], epoch[3]});
}

}  // namespace
}  // namespace mutual::crypto
