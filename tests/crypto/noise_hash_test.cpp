#include "libsync/crypto/noise_hash.h"

#include <sodium.h>

#include <array>
#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::FixedFromHex;
using testing::RequireSodium;

// Expected values were computed independently with Python 3's standard
// library (CPython's own BLAKE2b and hmac module, not libsodium):
//   H = lambda k, d: hmac.new(k, d, hashlib.blake2b).digest()
// HKDF is the Noise spec's definition written in Python over that H:
//   t = H(ck, ikm); out_i = H(t, out_{i-1} + bytes([i])), out_0 = b"".

Bytes Counting(size_t n, size_t mod = 256) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i % mod);
  return b;
}

NoiseHash Counting64() {
  NoiseHash h;
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(i);
  return h;
}

TEST_CASE("HmacBlake2bWith64ByteKeyMatchesPythonHmac") {
  RequireSodium();
  // H(bytes(range(64)), b"abc")
  REQUIRE(HmacBlake2b512(Counting(64), AsBytes("abc")) ==
          FixedFromHex<64>(
              "cfb7fadba5986a2320ddff615fe9386cf3927144d40c77320914b152bb06ab8e"
              "04e835035bab5ff0f4518528fe5ce4a190d75b7b4cc03337b78f8c9d8a0761e5"));
}

TEST_CASE("HmacBlake2bWithEmptyKeyAndDataMatchesPythonHmac") {
  RequireSodium();
  // H(b"", b"")
  REQUIRE(HmacBlake2b512({}, {}) ==
          FixedFromHex<64>(
              "198cd2006f66ff83fbbd913f78aca2251caf4f19fe9475aade8cf2091b99a684"
              "66775177424f58286886cbae8229644cec747237d4b721735485e17372fdf59c"));
}

TEST_CASE("HmacBlake2bHashesKeysLongerThanTheBlock") {
  RequireSodium();
  // H(bytes(i % 251 for i in range(200)), b"The quick brown fox")
  REQUIRE(HmacBlake2b512(Counting(200, 251), AsBytes("The quick brown fox")) ==
          FixedFromHex<64>(
              "8e4ffb94ea8af3e823b4ee752e0665451477f32c4709b8185c516869bc4ccc8e"
              "677335ccbb5fa162626d0047293b6f1c97c0e7a8d80301bf6698f3fa95c53ca6"));
}

TEST_CASE("HmacBlake2bWithBlockSizedKeyMatchesPythonHmac") {
  RequireSodium();
  // H(bytes(range(128)), b"x" * 300)
  Bytes data(300, 'x');
  REQUIRE(HmacBlake2b512(Counting(128), data) ==
          FixedFromHex<64>(
              "6507c6ad41e137e578c6d754aee4591c7d2233256ec17d515479d00be723d299"
              "c14fd07203464892fe630673fdde817fa655ccadf0385fb29892e41626c52353"));
}

TEST_CASE("HmacBlake2bIsNotKeyedBlake2b") {
  RequireSodium();
  // The spec's HMAC differs from BLAKE2b's built-in keying; mixing them up
  // would silently break interoperability.
  Bytes key = Counting(64);
  NoiseHash keyed;
  crypto_generichash(keyed.data(), keyed.size(), reinterpret_cast<const uint8_t*>("abc"),
                     3, key.data(), key.size());
  REQUIRE(HmacBlake2b512(key, AsBytes("abc")) != keyed);
}

TEST_CASE("NoiseHkdfThreeOutputsMatchPython") {
  RequireSodium();
  Bytes ikm(32, 0x11);
  std::array<NoiseHash, 3> out;
  NoiseHkdf(Counting64(), ikm, out);
  REQUIRE(out[0] ==
          FixedFromHex<64>(
              "e55206d7dc57c3f7b00ff218957463c54bcc9146a6664219fde27d17febfe51f"
              "4bf92fbcc1b2495aa06e16b7b4f6e653f3cd136a8323d83e12d82dbdc7aa61ff"));
  REQUIRE(out[1] ==
          FixedFromHex<64>(
              "9e0e0774ba6c733870efdc1f188c28c9d78d3b51c307c9a05551b8e6e662f547"
              "baedbe70bae8519c1debfb4cefb340572a24af43b67991a33809dc1a522cc9ad"));
  REQUIRE(out[2] ==
          FixedFromHex<64>(
              "8261a0444d4f93f0d11fc10e353d909226d7c8f7e7190795fe94968fff2b7677"
              "e02ec5d03985dd2adf4dea1175e9c5c937c57b2d76fef90ed7933097bd4da8d5"));
}

TEST_CASE("NoiseHkdfTwoOutputsWithEmptyInputMatchPython") {
  RequireSodium();
  // Split()'s form: zero-length input key material.
  std::array<NoiseHash, 2> out;
  NoiseHkdf(NoiseHash{}, {}, out);
  REQUIRE(out[0] ==
          FixedFromHex<64>(
              "5206a97d30367ecb2db33721e4a747360e940b2d430e3b51c384c11676d69fe6"
              "9a9366b5a746e6c8996cbb70c1da57e4d6f73835d8730d9c458feb1c843d9433"));
  REQUIRE(out[1] ==
          FixedFromHex<64>(
              "ebd9b589fba37e730c5deaac3634bb62797bf3f2ea17439d7da2915e19fb8da9"
              "20449a5dffe6d36c2d80538a8fdb5c663e783659b41d62e1f01b604be1de2e9e"));
}

TEST_CASE("NoiseHashOfTwoPartsHashesTheConcatenation") {
  RequireSodium();
  Bytes ab = ToBytes(std::string_view("mutual/1"));
  REQUIRE(NoiseHashOf(AsBytes("mutual"), AsBytes("/1")) == NoiseHashOf(ab));
  // RFC 7693 Appendix A: BLAKE2b-512("abc").
  REQUIRE(NoiseHashOf(AsBytes("abc")) ==
          FixedFromHex<64>(
              "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
              "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
}

}  // namespace
}  // namespace mutual::crypto
