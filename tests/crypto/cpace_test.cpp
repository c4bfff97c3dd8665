#include "libsync/crypto/cpace.h"

#include <sodium.h>

#include <catch2/catch.hpp>

#include "tests/crypto/cpace_vectors.h"
#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::CPaceVectors;
using testing::FixedFromHex;
using testing::LoadCPaceVectors;
using testing::RequireSodium;

CPaceParty VectorParty(const CPaceVectors& v, CPaceRole role) {
  bool a = role == CPaceRole::kInitiator;
  auto party = CPaceParty::StartWithScalarForTesting(role, v.prs, v.ci, v.sid,
                                                     a ? v.ada : v.adb, a ? v.ya : v.yb);
  REQUIRE(party.ok());
  return std::move(party).value();
}

Bytes Ad(std::string_view s) { return ToBytes(s); }

TEST_CASE("GeneratorMatchesDraftVector") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  REQUIRE(CPaceGenerator(v.prs, v.ci, v.sid) == v.generator);
}

TEST_CASE("MessagesMatchDraftVectors") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  REQUIRE(VectorParty(v, CPaceRole::kInitiator).Message() == v.ya_point);
  REQUIRE(VectorParty(v, CPaceRole::kResponder).Message() == v.yb_point);
}

// K is never exposed by CPaceParty (draft §10.3); the vector's K is checked
// with the same libsodium call CPaceParty makes, and the ISK checks below
// can only match if CPaceParty derived that same K.
TEST_CASE("SharedPointMatchesDraftVector") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPacePoint k_a, k_b;
  REQUIRE(crypto_scalarmult_ristretto255(k_a.data(), v.ya.data(), v.yb_point.data()) ==
          0);
  REQUIRE(crypto_scalarmult_ristretto255(k_b.data(), v.yb.data(), v.ya_point.data()) ==
          0);
  REQUIRE(k_a == v.k);
  REQUIRE(k_b == v.k);
}

TEST_CASE("BothRolesDeriveTheDraftIsk") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
  CPaceParty b = VectorParty(v, CPaceRole::kResponder);
  auto isk_a = a.Receive(v.yb_point, v.adb);
  auto isk_b = b.Receive(v.ya_point, v.ada);
  REQUIRE(isk_a.ok());
  REQUIRE(isk_b.ok());
  REQUIRE(*isk_a == v.isk);
  REQUIRE(*isk_b == v.isk);
}

TEST_CASE("RandomScalarsGiveBothSidesTheSameIsk") {
  RequireSodium();
  Bytes sid(64, 0x5a);
  auto a = CPaceParty::Start(CPaceRole::kInitiator, ToBytes("pw"), ToBytes("ci"), sid,
                             Ad("A"));
  auto b = CPaceParty::Start(CPaceRole::kResponder, ToBytes("pw"), ToBytes("ci"), sid,
                             Ad("B"));
  REQUIRE(a.Message() != b.Message());
  auto isk_a = a.Receive(b.Message(), b.ad());
  auto isk_b = b.Receive(a.Message(), a.ad());
  REQUIRE(isk_a.ok());
  REQUIRE(isk_b.ok());
  REQUIRE(*isk_a == *isk_b);
}

TEST_CASE("FreshPartiesUseFreshScalars") {
  RequireSodium();
  auto one = CPaceParty::Start(CPaceRole::kInitiator, ToBytes("pw"), {}, {}, {});
  auto two = CPaceParty::Start(CPaceRole::kInitiator, ToBytes("pw"), {}, {}, {});
  REQUIRE(one.Message() != two.Message());
}

TEST_CASE("DifferentPasswordsGiveDifferentIsks") {
  RequireSodium();
  Bytes sid(64, 1);
  auto a = CPaceParty::Start(CPaceRole::kInitiator, ToBytes("crossover-clockwork"), {},
                             sid, Ad("A"));
  auto b = CPaceParty::Start(CPaceRole::kResponder, ToBytes("crossover-cobra"), {}, sid,
                             Ad("B"));
  auto isk_a = a.Receive(b.Message(), b.ad());
  auto isk_b = b.Receive(a.Message(), a.ad());
  REQUIRE(isk_a.ok());  // CPace cannot tell; only key confirmation can
  REQUIRE(isk_b.ok());
  REQUIRE(*isk_a != *isk_b);
}

TEST_CASE("DifferentChannelIdsOrSessionIdsGiveDifferentGenerators") {
  RequireSodium();
  Bytes prs = ToBytes("pw");
  CPacePoint base = CPaceGenerator(prs, ToBytes("ci"), ToBytes("sid"));
  REQUIRE(CPaceGenerator(prs, ToBytes("ci2"), ToBytes("sid")) != base);
  REQUIRE(CPaceGenerator(prs, ToBytes("ci"), ToBytes("sid2")) != base);
  // lv_cat keeps field boundaries: moving a byte from CI to sid changes g.
  REQUIRE(CPaceGenerator(prs, ToBytes("cis"), ToBytes("id")) != base);
}

TEST_CASE("LongPasswordsNeedNoPaddingAndStillWork") {
  RequireSodium();
  Bytes long_prs(300, 'p');  // longer than a SHA-512 block: zpad is 0
  auto a = CPaceParty::Start(CPaceRole::kInitiator, long_prs, {}, {}, Ad("A"));
  auto b = CPaceParty::Start(CPaceRole::kResponder, long_prs, {}, {}, Ad("B"));
  auto isk_a = a.Receive(b.Message(), b.ad());
  auto isk_b = b.Receive(a.Message(), a.ad());
  REQUIRE(isk_a.ok());
  REQUIRE(isk_b.ok());
  REQUIRE(*isk_a == *isk_b);
  REQUIRE(CPaceGenerator(long_prs, {}, {}) != CPaceGenerator(Bytes(299, 'p'), {}, {}));
}

TEST_CASE("SwappedOrAlteredAdChangesIsk") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
  auto swapped = a.Receive(v.yb_point, v.ada);  // peer's AD replaced by ours
  REQUIRE(swapped.ok());
  REQUIRE(*swapped != v.isk);
  CPaceParty b = VectorParty(v, CPaceRole::kResponder);
  auto altered = b.Receive(v.ya_point, Ad("ADx"));
  REQUIRE(altered.ok());
  REQUIRE(*altered != v.isk);
}

TEST_CASE("SwappedRolesChangeIsk") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  // The initiator's scalar and AD, but run as the responder: the transcript
  // order flips, so the ISK differs from the vector.
  auto party = CPaceParty::StartWithScalarForTesting(CPaceRole::kResponder, v.prs, v.ci,
                                                     v.sid, v.ada, v.ya);
  REQUIRE(party.ok());
  auto isk = party->Receive(v.yb_point, v.adb);
  REQUIRE(isk.ok());
  REQUIRE(*isk != v.isk);
}

// The abort cases of draft B.3.11 and the vector file's "must_abort".
TEST_CASE("IdentityAndInvalidPeerPointsAreRejected") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  Bytes identity(32, 0);
  Bytes all_ff(32, 0xff);
  Bytes draft_invalid = testing::BytesFromHex(
      "2b3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c");
  for (const Bytes& bad : {identity, all_ff, draft_invalid}) {
    CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
    auto isk = a.Receive(bad, v.adb);
    REQUIRE(isk.status().IsPeerViolation());
  }
}

TEST_CASE("DraftValidScalarMultInputIsAccepted") {
  RequireSodium();
  // Draft B.3.10: the valid counterpart of the invalid point above.
  CPaceScalar s = FixedFromHex<32>(
      "7cd0e075fa7955ba52c02759a6c90dbbfc10e6d40aea8d283e407d88cf538a05");
  CPacePoint x = FixedFromHex<32>(
      "2c3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c");
  CPacePoint out;
  REQUIRE(crypto_scalarmult_ristretto255(out.data(), s.data(), x.data()) == 0);
  REQUIRE(out == FixedFromHex<32>(
                     "7c13645fe790a468f62c39beb7388e541d8405d1ade69d1778c5fe3e7f6b600e"));
  auto party = CPaceParty::StartWithScalarForTesting(CPaceRole::kInitiator, ToBytes("pw"),
                                                     {}, {}, {}, s);
  REQUIRE(party.ok());
  REQUIRE(party->Receive(x, {}).ok());
}

TEST_CASE("PeerMessageOfWrongLengthIsRejected") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  Bytes short_y(v.yb_point.begin(), v.yb_point.end() - 1);
  CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
  REQUIRE(a.Receive(short_y, v.adb).status().IsPeerViolation());
  Bytes long_y(v.yb_point.begin(), v.yb_point.end());
  long_y.push_back(0);
  CPaceParty b = VectorParty(v, CPaceRole::kInitiator);
  REQUIRE(b.Receive(long_y, v.adb).status().IsPeerViolation());
}

TEST_CASE("ReflectedMessageIsRejected") {
  RequireSodium();
  auto a = CPaceParty::Start(CPaceRole::kInitiator, ToBytes("pw"), {}, {}, Ad("A"));
  CPacePoint own = a.Message();
  REQUIRE(a.Receive(own, a.ad()).status().IsPeerViolation());
}

TEST_CASE("PartyIsSpentAfterOneReceive") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
  REQUIRE(a.Receive(Bytes(32, 0), v.adb).status().IsPeerViolation());
  // Even a valid message cannot be tried once the first one was processed.
  REQUIRE(a.Receive(v.yb_point, v.adb).status().IsFailedPrecondition());
  CPaceParty b = VectorParty(v, CPaceRole::kResponder);
  REQUIRE(b.Receive(v.ya_point, v.ada).ok());
  REQUIRE(b.Receive(v.ya_point, v.ada).status().IsFailedPrecondition());
}

TEST_CASE("MovedFromPartyIsSpent") {
  RequireSodium();
  CPaceVectors v = LoadCPaceVectors();
  CPaceParty a = VectorParty(v, CPaceRole::kInitiator);
  CPaceParty moved = std::move(a);
  REQUIRE(a.Receive(v.yb_point, v.adb).status().IsFailedPrecondition());  // NOLINT
  auto isk = moved.Receive(v.yb_point, v.adb);
  REQUIRE(isk.ok());
  REQUIRE(*isk == v.isk);
}

TEST_CASE("ZeroScalarIsRefused") {
  RequireSodium();
  auto party = CPaceParty::StartWithScalarForTesting(CPaceRole::kInitiator, ToBytes("pw"),
                                                     {}, {}, {}, CPaceScalar{});
  REQUIRE(party.status().IsInvalidArgument());
}

}  // namespace
}  // namespace mutual::crypto
