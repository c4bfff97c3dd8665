#include "libsync/store/storage_key.h"

#include <catch2/catch.hpp>

#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::RequireSodium;

const Bytes kRowA = {1, 2, 3};
const Bytes kRowB = {1, 2, 4};

TEST_CASE("SealedValueOpensForItsOwnRow") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "docs.title", kRowA, AsBytes("Our plan"));
  REQUIRE(sealed.size() == 8 + kSealedOverheadBytes);
  auto opened = OpenAtRest(key, "docs.title", kRowA, sealed);
  REQUIRE(opened.ok());
  REQUIRE(AsChars(*opened) == "Our plan");
}

TEST_CASE("SealedValueDoesNotOpenInAnotherRow") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "docs.title", kRowA, AsBytes("Our plan"));
  auto moved = OpenAtRest(key, "docs.title", kRowB, sealed);
  REQUIRE(moved.status().IsCorruption());
}

TEST_CASE("SealedValueDoesNotOpenInAnotherColumn") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "docs.title", kRowA, AsBytes("Our plan"));
  REQUIRE(OpenAtRest(key, "peers.record", kRowA, sealed).status().IsCorruption());
}

TEST_CASE("SealedValueDoesNotOpenUnderAnotherKey") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  StorageKey other = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "docs.title", kRowA, AsBytes("Our plan"));
  REQUIRE(OpenAtRest(other, "docs.title", kRowA, sealed).status().IsCorruption());
}

TEST_CASE("EveryFlippedBitOfASealedValueIsDetected") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "s", kRowA, AsBytes("secret"));
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes tampered = sealed;
    tampered[i] ^= 0x01;
    INFO(i);
    REQUIRE(OpenAtRest(key, "s", kRowA, tampered).status().IsCorruption());
  }
}

TEST_CASE("ShortOrEmptySealedValueIsCorruptionNotACrash") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "s", kRowA, AsBytes("secret"));
  for (size_t n = 0; n < kSealedOverheadBytes; ++n) {
    Bytes cut(sealed.begin(), sealed.begin() + static_cast<std::ptrdiff_t>(n));
    REQUIRE(OpenAtRest(key, "s", kRowA, cut).status().IsCorruption());
  }
}

TEST_CASE("EmptyPlaintextSealsAndOpens") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  Bytes sealed = SealAtRest(key, "s", kRowA, {});
  auto opened = OpenAtRest(key, "s", kRowA, sealed);
  REQUIRE(opened.ok());
  REQUIRE(opened->empty());
}

TEST_CASE("SealingTwiceUsesFreshNonces") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  REQUIRE(SealAtRest(key, "s", kRowA, AsBytes("x")) !=
          SealAtRest(key, "s", kRowA, AsBytes("x")));
}

TEST_CASE("TagsAreStablePerKeyAndPurpose") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  StorageKey other = StorageKey::Generate();
  Bytes value = {9, 9, 9};
  REQUIRE(key.Tag("a", value) == key.Tag("a", value));
  REQUIRE(key.Tag("a", value) != key.Tag("b", value));
  REQUIRE(key.Tag("a", value) != other.Tag("a", value));
  REQUIRE(key.Tag("a", value) != key.Tag("a", Bytes{9, 9}));
}

}  // namespace
}  // namespace mutual::store
