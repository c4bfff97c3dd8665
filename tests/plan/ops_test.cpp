#include "libsync/plan/ops.h"

#include <catch2/catch.hpp>

namespace mutual::plan {
namespace {

std::vector<PlanOp> OneOfEachKind() {
  ContentHash h{};
  h.fill(0xab);
  Bytes device(161, 1);
  return {
      PlanOp::Of(OpKind::kCreatePlan, "rae").Text("Rae").Device(device),
      PlanOp::Of(OpKind::kEndorse, "rae").Item("abcdefgh").Hash(h),
      PlanOp::Of(OpKind::kWithdraw, "jun").Item("abcdefgh").Text("not yet"),
      PlanOp::Of(OpKind::kRevisit, "jun").Item("abcdefgh").Text(""),
      PlanOp::Of(OpKind::kAck, "jun").Item("abcdefgh").Hash(h),
      PlanOp::Of(OpKind::kSuggest, "jun").Item("abcdefgh").Target("looks_like").Text("x"),
      PlanOp::Of(OpKind::kDismiss, "rae").Item("abcdefgh").Target("sugg1234").Flag(true),
      PlanOp::Of(OpKind::kRemove, "rae").Item("abcdefgh").Text("old").Flag(false),
      PlanOp::Of(OpKind::kRemovalStance, "jun").Item("abcdefgh").Flag(true),
      PlanOp::Of(OpKind::kRespond, "jun").Item("abcdefgh").Text("thanks"),
      PlanOp::Of(OpKind::kInvite, "rae").Target("sam").Text("Sam"),
      PlanOp::Of(OpKind::kApprove, "jun").Target("sam"),
      PlanOp::Of(OpKind::kAddMember, "rae").Target("sam").Text("Sam").Device(device),
      PlanOp::Of(OpKind::kAddDevice, "rae").Device(device),
      PlanOp::Of(OpKind::kLeave, "jun"),
      PlanOp::Of(OpKind::kRemoveMember, "rae").Target("sam"),
      PlanOp::Of(OpKind::kApproveRemoval, "jun").Target("sam"),
      PlanOp::Of(OpKind::kRotateKey, "rae").Keys({{{1}, Bytes(80, 7)}, {{2}, Bytes(80, 8)}}),
      PlanOp::Of(OpKind::kShareKey, "jun").Hash(h).Keys({{{3}, Bytes(80, 9)}}),
  };
}

TEST_CASE("EveryOpKindRoundTrips") {
  auto ops = OneOfEachKind();
  CHECK(ops.size() == kMaxOpKind - kMinOpKind + 1);
  for (const PlanOp& op : ops) {
    Bytes enc = EncodePlanOp(op);
    auto dec = DecodePlanOp(static_cast<uint32_t>(op.kind), enc);
    REQUIRE(dec.ok());
    CHECK(*dec == op);
    CHECK(EncodePlanOp(*dec) == enc);
  }
}

TEST_CASE("EndorsementEncodesAsMemberItemAndHash") {
  ContentHash h{};
  h.fill(7);
  Bytes enc = EncodePlanOp(PlanOp::Of(OpKind::kEndorse, "rae").Item("ab").Hash(h));
  Bytes want;
  want.reserve(64);
  for (char c : std::string("\x03rae\x02"
                            "ab"))
    want.push_back(static_cast<uint8_t>(c));
  for (uint8_t b : h) want.push_back(b);
  CHECK(enc == want);
}

TEST_CASE("TrailingBytesAreRejected") {
  for (const PlanOp& op : OneOfEachKind()) {
    Bytes enc = EncodePlanOp(op);
    enc.push_back(0);
    CHECK(DecodePlanOp(static_cast<uint32_t>(op.kind), enc).status().IsCorruption());
  }
}

TEST_CASE("TruncatedOpsAreRejected") {
  for (const PlanOp& op : OneOfEachKind()) {
    Bytes enc = EncodePlanOp(op);
    for (size_t n = 0; n < enc.size(); ++n) {
      Bytes cut(enc.begin(), enc.begin() + n);
      CHECK(!DecodePlanOp(static_cast<uint32_t>(op.kind), cut).ok());
    }
  }
}

TEST_CASE("UnknownKindIsRejected") {
  CHECK(DecodePlanOp(0, {}).status().IsCorruption());
  CHECK(DecodePlanOp(kMaxOpKind + 1, {}).status().IsCorruption());
}

TEST_CASE("FlagOtherThanZeroOrOneIsRejected") {
  Bytes enc =
      EncodePlanOp(PlanOp::Of(OpKind::kRemovalStance, "jun").Item("x").Flag(true));
  enc.back() = 2;
  CHECK(DecodePlanOp(static_cast<uint32_t>(OpKind::kRemovalStance), enc)
            .status()
            .IsCorruption());
}

TEST_CASE("EmptyMemberIdIsRejected") {
  Bytes enc = EncodePlanOp(PlanOp::Of(OpKind::kLeave, ""));
  CHECK(DecodePlanOp(static_cast<uint32_t>(OpKind::kLeave), enc).status().IsCorruption());
}

TEST_CASE("KeyRecipientsMustAscendAndBeThere") {
  Bytes one = EncodePlanOp(PlanOp::Of(OpKind::kRotateKey, "rae").Keys({{{1}, Bytes(80, 7)}}));
  const uint32_t kind = static_cast<uint32_t>(OpKind::kRotateKey);
  // Count 0: a rotation to nobody.
  Bytes none = one;
  none.resize(5);  // "\x03rae" + count
  none[4] = 0;
  CHECK(DecodePlanOp(kind, none).status().IsCorruption());
  // The same device twice, and devices out of order.
  Bytes twice = EncodePlanOp(PlanOp::Of(OpKind::kRotateKey, "rae")
                                 .Keys({{{1}, Bytes(80, 7)}, {{2}, Bytes(80, 7)}}));
  Bytes swapped = twice;
  std::swap(swapped[5], swapped[5 + 32 + 80]);
  CHECK(DecodePlanOp(kind, swapped).status().IsCorruption());
  swapped[5] = swapped[5 + 32 + 80];
  CHECK(DecodePlanOp(kind, swapped).status().IsCorruption());
  CHECK(DecodePlanOp(kind, twice).ok());
}

TEST_CASE("InvalidUtf8IsRejected") {
  Bytes enc = EncodePlanOp(PlanOp::Of(OpKind::kWithdraw, "jun").Item("x").Text("ok"));
  enc[enc.size() - 1] = 0xff;
  CHECK(!DecodePlanOp(static_cast<uint32_t>(OpKind::kWithdraw), enc).ok());
}

}  // namespace
}  // namespace mutual::plan
