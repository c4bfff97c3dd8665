#include "libsync/crypto/hash.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::FixedFromHex;
using testing::RequireSodium;

// Expected digests below were computed independently with Python 3's
// hashlib (CPython's own BLAKE2 implementation, not libsodium):
//   hashlib.blake2b(b"abc", digest_size=32).hexdigest()
//   hashlib.blake2b(b"", digest_size=32).hexdigest()
//   hashlib.blake2b(bytes(range(64)), digest_size=32,
//                   key=bytes(range(32))).hexdigest()
// (The same hashlib gives RFC 7693 Appendix A's 64-byte "abc" digest
// ba80a53f...d4009923, which cross-checks it; a 32-byte BLAKE2b digest is not
// a truncation of the 64-byte one, so the RFC value cannot be used directly.)

TEST_CASE("Blake2b256OfAbcMatchesKnownAnswer") {
  RequireSodium();
  REQUIRE(Blake2b256(AsBytes("abc")) ==
          FixedFromHex<32>(
              "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"));
}

TEST_CASE("Blake2b256OfEmptyInputMatchesKnownAnswer") {
  RequireSodium();
  REQUIRE(Blake2b256({}) ==
          FixedFromHex<32>(
              "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
}

Bytes Counting(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i);
  return b;
}

TEST_CASE("KeyedBlake2b256MatchesKnownAnswer") {
  RequireSodium();
  REQUIRE(Blake2b256Keyed(Counting(32), Counting(64)) ==
          FixedFromHex<32>(
              "7f46f043d63dfb3c9b1102c8824b632cae1fce453e3c0e9dc9e7113f3c1acc36"));
}

TEST_CASE("KeyedHashDiffersFromUnkeyedAndByKey") {
  RequireSodium();
  Bytes data = Counting(10);
  Bytes key_a(32, 0xaa), key_b(32, 0xab);
  REQUIRE(Blake2b256Keyed(key_a, data) != Blake2b256(data));
  REQUIRE(Blake2b256Keyed(key_a, data) != Blake2b256Keyed(key_b, data));
}

TEST_CASE("IncrementalHasherEqualsOneShotForEverySplit") {
  RequireSodium();
  Bytes data = Counting(300);
  Hash32 expected = Blake2b256(data);
  for (size_t split = 0; split <= data.size(); split += 7) {
    Blake2b256Hasher h;
    h.Update(ByteView(data).first(split));
    h.Update(ByteView(data).subspan(split));
    REQUIRE(h.Final() == expected);
  }
}

TEST_CASE("KeyedIncrementalHasherEqualsKeyedOneShot") {
  RequireSodium();
  Bytes key = Counting(32);
  Bytes data = Counting(64);
  Blake2b256Hasher h(key);
  h.Update(ByteView(data).first(10));
  h.Update(ByteView(data).subspan(10));
  REQUIRE(h.Final() == Blake2b256Keyed(key, data));
}

}  // namespace
}  // namespace mutual::crypto
