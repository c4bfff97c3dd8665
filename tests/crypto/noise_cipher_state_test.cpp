#include "libsync/crypto/noise_cipher_state.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::BytesFromHex;
using testing::FixedFromHex;
using testing::RequireSodium;

// Expected ciphertexts were computed independently with Python's
// `cryptography` package (OpenSSL's ChaCha20-Poly1305, not libsodium):
//   enc = lambda k, n, ad, pt: ChaCha20Poly1305(k).encrypt(
//       b"\0" * 4 + struct.pack("<Q", n), pt, ad)
// with k = bytes(range(32)); REKEY(k) = enc(k, 2**64 - 1, b"", bytes(32))[:32].

NoiseKey CountingKey() {
  NoiseKey k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(i);
  return k;
}

NoiseCipherState Keyed() {
  NoiseCipherState cs;
  cs.InitializeKey(CountingKey());
  return cs;
}

TEST_CASE("NoiseCipherNonceIsZeroPrefixedLittleEndianCounter") {
  RequireSodium();
  auto cs = Keyed();
  cs.SetNonce(5);
  auto ct = cs.EncryptWithAd(AsBytes("ad"), AsBytes("hello"));
  REQUIRE(ct.ok());
  REQUIRE(*ct == BytesFromHex("4b6dfa662aab79ce885b296a395ad49284a09f72da"));
  // A counter above 2^32 checks that all 8 counter bytes are placed.
  cs.SetNonce((uint64_t{1} << 32) + 1);
  ct = cs.EncryptWithAd({}, AsBytes("hello"));
  REQUIRE(ct.ok());
  REQUIRE(*ct == BytesFromHex("37054e45148ac6c545084bc4b564d6e64a1b9add58"));
}

TEST_CASE("NoiseCipherCountsNoncesOnBothSides") {
  RequireSodium();
  auto sender = Keyed();
  auto receiver = Keyed();
  for (uint64_t i = 0; i < 5; ++i) {
    REQUIRE(sender.nonce() == i);
    auto ct = sender.EncryptWithAd(AsBytes("h"), AsBytes("message"));
    REQUIRE(ct.ok());
    auto pt = receiver.DecryptWithAd(AsBytes("h"), *ct);
    REQUIRE(pt.ok());
    REQUIRE(*pt == ToBytes(std::string_view("message")));
    REQUIRE(receiver.nonce() == i + 1);
  }
}

TEST_CASE("NoiseCipherRejectsOutOfOrderMessage") {
  RequireSodium();
  auto sender = Keyed();
  auto receiver = Keyed();
  auto first = sender.EncryptWithAd({}, AsBytes("one"));
  auto second = sender.EncryptWithAd({}, AsBytes("two"));
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  auto pt = receiver.DecryptWithAd({}, *second);
  REQUIRE(pt.status().IsPeerViolation());
  REQUIRE(receiver.nonce() == 0);  // failure does not advance n
  REQUIRE(receiver.DecryptWithAd({}, *first).ok());
  REQUIRE(receiver.DecryptWithAd({}, *second).ok());
}

TEST_CASE("NoiseCipherRejectsTamperedCiphertextAndWrongAd") {
  RequireSodium();
  auto sender = Keyed();
  auto ct = sender.EncryptWithAd(AsBytes("ad"), AsBytes("payload"));
  REQUIRE(ct.ok());
  for (size_t i = 0; i < ct->size(); ++i) {
    Bytes bad = *ct;
    bad[i] ^= 0x01;
    auto receiver = Keyed();
    REQUIRE(receiver.DecryptWithAd(AsBytes("ad"), bad).status().IsPeerViolation());
  }
  auto receiver = Keyed();
  REQUIRE(receiver.DecryptWithAd(AsBytes("other"), *ct).status().IsPeerViolation());
  REQUIRE(receiver.DecryptWithAd(AsBytes("ad"), ByteView(ct->data(), 15))
              .status()
              .IsPeerViolation());
}

TEST_CASE("NoiseCipherReservesTheMaximumNonce") {
  RequireSodium();
  auto cs = Keyed();
  cs.SetNonce(kNoiseMaxNonce - 1);
  auto last = cs.EncryptWithAd({}, {});
  REQUIRE(last.ok());
  REQUIRE(*last == BytesFromHex("38eec54b508001298f5cdd67bd2369e7"));
  REQUIRE(cs.nonce() == kNoiseMaxNonce);
  REQUIRE(cs.EncryptWithAd({}, {}).status().IsFailedPrecondition());
  REQUIRE(cs.nonce() == kNoiseMaxNonce);

  auto receiver = Keyed();
  receiver.SetNonce(kNoiseMaxNonce - 1);
  REQUIRE(receiver.DecryptWithAd({}, *last).ok());
  REQUIRE(receiver.DecryptWithAd({}, *last).status().IsFailedPrecondition());
}

TEST_CASE("NoiseCipherRekeyMatchesKnownAnswerAndKeepsNonce") {
  RequireSodium();
  auto cs = Keyed();
  cs.SetNonce(7);
  REQUIRE(cs.Rekey().ok());
  REQUIRE(cs.nonce() == 7);  // §11.3: rekey leaves n alone
  // The new key is 50835543...: encrypting "x" at n = 0 under it.
  cs.SetNonce(0);
  auto ct = cs.EncryptWithAd({}, AsBytes("x"));
  REQUIRE(ct.ok());
  REQUIRE(*ct == BytesFromHex("93779c28ffe78376d160e0fcbc20389b3b"));
  // It is the same as initialising with the expected REKEY(k) directly.
  NoiseCipherState direct;
  direct.InitializeKey(FixedFromHex<32>(
      "50835543a205b22c9323f2022bc4f67d838f90e61d5ccf33c4513e01f85b5042"));
  REQUIRE(direct.EncryptWithAd({}, AsBytes("x")).value() == *ct);
}

TEST_CASE("NoiseCipherBothSidesStayInSyncAcrossRekeys") {
  RequireSodium();
  auto sender = Keyed();
  auto receiver = Keyed();
  Bytes last;
  for (int round = 0; round < 3; ++round) {
    auto ct = sender.EncryptWithAd({}, AsBytes("before"));
    REQUIRE(receiver.DecryptWithAd({}, ct.value()).ok());
    REQUIRE(sender.Rekey().ok());
    REQUIRE(receiver.Rekey().ok());
    ct = sender.EncryptWithAd({}, AsBytes("after"));
    auto pt = receiver.DecryptWithAd({}, ct.value());
    REQUIRE(pt.ok());
    REQUIRE(*pt == ToBytes(std::string_view("after")));
    last = *ct;
  }
  // The original key, at the right nonce, no longer opens the traffic.
  auto stale = Keyed();
  stale.SetNonce(receiver.nonce() - 1);
  REQUIRE(stale.DecryptWithAd({}, last).status().IsPeerViolation());
  // A receiver that skipped one rekey is out of sync.
  auto lagging = Keyed();
  REQUIRE(lagging.Rekey().ok());
  REQUIRE(lagging.Rekey().ok());
  lagging.SetNonce(receiver.nonce() - 1);
  REQUIRE(lagging.DecryptWithAd({}, last).status().IsPeerViolation());
}

TEST_CASE("NoiseCipherWithoutKeyPassesDataThrough") {
  RequireSodium();
  NoiseCipherState cs;
  REQUIRE_FALSE(cs.HasKey());
  REQUIRE(cs.EncryptWithAd(AsBytes("ad"), AsBytes("clear")).value() ==
          ToBytes(std::string_view("clear")));
  REQUIRE(cs.DecryptWithAd(AsBytes("ad"), AsBytes("clear")).value() ==
          ToBytes(std::string_view("clear")));
  REQUIRE(cs.nonce() == 0);
  REQUIRE(cs.Rekey().IsFailedPrecondition());
}

TEST_CASE("NoiseCipherRefusesMessagesOver65535Bytes") {
  RequireSodium();
  auto cs = Keyed();
  Bytes max_plain(kNoiseMaxMessageSize - kNoiseTagSize, 0xab);
  auto ct = cs.EncryptWithAd({}, max_plain);
  REQUIRE(ct.ok());
  REQUIRE(ct->size() == kNoiseMaxMessageSize);
  Bytes too_big(max_plain.size() + 1, 0xab);
  REQUIRE(cs.EncryptWithAd({}, too_big).status().IsInvalidArgument());
  REQUIRE(cs.nonce() == 1);

  auto receiver = Keyed();
  REQUIRE(receiver.DecryptWithAd({}, *ct).ok());
  Bytes oversized(kNoiseMaxMessageSize + 1, 0);
  REQUIRE(receiver.DecryptWithAd({}, oversized).status().IsPeerViolation());
}

TEST_CASE("NoiseCipherMoveLeavesSourceWithoutKey") {
  RequireSodium();
  auto cs = Keyed();
  NoiseCipherState moved = std::move(cs);
  REQUIRE(moved.HasKey());
  REQUIRE_FALSE(cs.HasKey());  // NOLINT(bugprone-use-after-move): the contract
}

}  // namespace
}  // namespace mutual::crypto
