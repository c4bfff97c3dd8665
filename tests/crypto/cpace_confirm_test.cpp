#include "libsync/crypto/cpace_confirm.h"

#include <catch2/catch.hpp>

#include "tests/crypto/cpace_vectors.h"
#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::CPaceVectors;
using testing::FixedFromHex;
using testing::LoadCPaceVectors;
using testing::RequireSodium;

// The draft gives no vectors for §10.4. These were computed independently
// with Python 3's hashlib and hmac from the B.3 vector values:
//   mac_key = hashlib.sha512(b"CPaceMac" + sid + ISK_IR).digest()
//   Ta = hmac.new(mac_key, lv(Ya) + lv(b"ADa"), hashlib.sha512).hexdigest()
//   Tb = hmac.new(mac_key, lv(Yb) + lv(b"ADb"), hashlib.sha512).hexdigest()
// with lv(x) = LEB128(len(x)) + x.
constexpr const char* kMacKey =
    "26cef0ae277a6b25bb1ad7e3ca83ce2cd8f4341669dde058314a6a73d5fff55e"
    "09872d5546058d1d9374ee0363d4ec9aecb9b1beb2e50d30f122ad8e5056b413";
constexpr const char* kTa =
    "30478d28d83ae3b214295e91f4a3eb62999a8ed94575075db4a7d3bc3e4d26f1"
    "6c51adba12dc7771372637a46b5134e0937cddd7d820bfdd83be335e339eb57a";
constexpr const char* kTb =
    "e927a7da291676f8878caae9cb70407d2f14117e6f9ff9adcfda797c4bcf2bd2"
    "fefd2ca3f2ddcce81b7386996c895b2f359010cc92069d5ff4ad49a977de79a6";

TEST_CASE("MacKeyMatchesKnownAnswer") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  REQUIRE(CPaceMacKeyFor(v.sid, v.isk) == FixedFromHex<64>(kMacKey));
}

TEST_CASE("TagsMatchKnownAnswers") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceMacKey key = CPaceMacKeyFor(v.sid, v.isk);
  REQUIRE(CPaceTagFor(key, v.ya_point, v.ada) == FixedFromHex<64>(kTa));
  REQUIRE(CPaceTagFor(key, v.yb_point, v.adb) == FixedFromHex<64>(kTb));
}

TEST_CASE("VerifyAcceptsOnlyTheRightTag") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceMacKey key = CPaceMacKeyFor(v.sid, v.isk);
  CPaceTag ta = FixedFromHex<64>(kTa);
  REQUIRE(VerifyCPaceTag(key, v.ya_point, v.ada, ta));
  REQUIRE_FALSE(VerifyCPaceTag(key, v.yb_point, v.adb, ta));  // Ta is not Tb
  CPaceTag flipped = ta;
  flipped[63] ^= 1;
  REQUIRE_FALSE(VerifyCPaceTag(key, v.ya_point, v.ada, flipped));
  REQUIRE_FALSE(VerifyCPaceTag(key, v.ya_point, v.ada, ByteView(ta).first(63)));
  REQUIRE_FALSE(VerifyCPaceTag(key, v.ya_point, v.ada, {}));
}

// Runs both parties with the given passwords and returns whether each side
// accepted the other's tag.
std::pair<bool, bool> ConfirmRun(std::string_view prs_a, std::string_view prs_b) {
  Bytes sid(64, 0x42);
  auto a = CPaceParty::Start(CPaceRole::kInitiator, AsBytes(prs_a), AsBytes("ci"), sid,
                             AsBytes("A"));
  auto b = CPaceParty::Start(CPaceRole::kResponder, AsBytes(prs_b), AsBytes("ci"), sid,
                             AsBytes("B"));
  auto isk_a = a.Receive(b.Message(), b.ad());
  auto isk_b = b.Receive(a.Message(), a.ad());
  REQUIRE(isk_a.ok());
  REQUIRE(isk_b.ok());
  CPaceKeyConfirmation conf_a(sid, *isk_a, a.Message(), a.ad(), b.Message(), b.ad());
  CPaceKeyConfirmation conf_b(sid, *isk_b, b.Message(), b.ad(), a.Message(), a.ad());
  return {conf_a.CheckPeerTag(conf_b.own_tag()).ok(),
          conf_b.CheckPeerTag(conf_a.own_tag()).ok()};
}

TEST_CASE("SamePasswordConfirmsOnBothSides") {
  RequireSodium();
  auto [a_ok, b_ok] = ConfirmRun("crossover-clockwork", "crossover-clockwork");
  REQUIRE(a_ok);
  REQUIRE(b_ok);
}

TEST_CASE("DifferentPasswordFailsConfirmationOnBothSides") {
  RequireSodium();
  auto [a_ok, b_ok] = ConfirmRun("crossover-clockwork", "crossover-cobra");
  REQUIRE_FALSE(a_ok);
  REQUIRE_FALSE(b_ok);
}

TEST_CASE("ConfirmationMatchesDraftTagsAndRejectsOwnTag") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceKeyConfirmation conf_a(v.sid, v.isk, v.ya_point, v.ada, v.yb_point, v.adb);
  REQUIRE(conf_a.own_tag() == FixedFromHex<64>(kTa));
  REQUIRE(conf_a.CheckPeerTag(FixedFromHex<64>(kTb)).ok());
  // A tag reflected back is not the peer's tag.
  REQUIRE(conf_a.CheckPeerTag(conf_a.own_tag()).IsPeerViolation());
  REQUIRE(conf_a.CheckPeerTag(Bytes(10, 0)).IsPeerViolation());
}

}  // namespace
}  // namespace mutual::crypto
