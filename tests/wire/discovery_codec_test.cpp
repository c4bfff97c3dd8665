#include "libsync/wire/discovery_codec.h"

#include <catch2/catch.hpp>

#include "proto/discovery.pb.h"

namespace mutual::wire {
namespace {

Beacon Member(size_t tokens) {
  Beacon b;
  b.kind = BeaconKind::kMember;
  b.port = 47470;
  b.salt.fill(0x5a);
  for (size_t i = 0; i < tokens; ++i) {
    FixedBytes<kBeaconTokenBytes> t;
    t.fill(static_cast<uint8_t>(i));
    b.tokens.push_back(t);
  }
  return b;
}

Beacon Invite(uint16_t channel) {
  Beacon b;
  b.kind = BeaconKind::kInvite;
  b.port = 50123;
  b.channel = channel;
  return b;
}

Bytes Serialized(const proto::Beacon& p) {
  std::string s = p.SerializeAsString();
  return Bytes(s.begin(), s.end());
}

TEST_CASE("BothBeaconKindsRoundTrip") {
  for (const Beacon& b : {Member(1), Member(kMaxBeaconTokens), Invite(1), Invite(999)}) {
    auto bytes = EncodeBeacon(b);
    REQUIRE(bytes.ok());
    CHECK(bytes->size() <= kMaxBeaconBytes);
    auto back = DecodeBeacon(*bytes);
    REQUIRE(back.ok());
    CHECK(*back == b);
  }
}

TEST_CASE("AnInviteBeaconCarriesOnlyPortAndChannel") {
  auto bytes = EncodeBeacon(Invite(7));
  REQUIRE(bytes.ok());
  proto::Beacon p;
  REQUIRE(p.ParseFromArray(bytes->data(), static_cast<int>(bytes->size())));
  proto::Beacon expected;
  expected.set_version(1);
  expected.mutable_invite()->set_port(50123);
  expected.mutable_invite()->set_channel(7);
  CHECK(p.SerializeAsString() == expected.SerializeAsString());
}

TEST_CASE("BeaconsBreakingARuleAreNotSent") {
  CHECK(EncodeBeacon(Member(0)).status().IsInvalidArgument());
  CHECK(EncodeBeacon(Member(kMaxBeaconTokens + 1)).status().IsInvalidArgument());
  Beacon no_port = Member(1);
  no_port.port = 0;
  CHECK(EncodeBeacon(no_port).status().IsInvalidArgument());
  CHECK(EncodeBeacon(Invite(0)).status().IsInvalidArgument());
  CHECK(EncodeBeacon(Invite(1000)).status().IsInvalidArgument());
}

proto::Beacon GoodMember() {
  proto::Beacon p;
  p.set_version(1);
  p.mutable_member()->set_port(47470);
  p.mutable_member()->set_salt(std::string(16, 's'));
  p.mutable_member()->add_tokens(std::string(32, 't'));
  return p;
}

TEST_CASE("WrongLengthsRangesAndVersionsAreAPeerViolation") {
  REQUIRE(DecodeBeacon(Serialized(GoodMember())).ok());
  auto refused = [](const proto::Beacon& p) {
    return DecodeBeacon(Serialized(p)).status().IsPeerViolation();
  };
  proto::Beacon p = GoodMember();
  p.mutable_member()->set_salt(std::string(15, 's'));
  CHECK(refused(p));
  p = GoodMember();
  p.mutable_member()->set_salt(std::string(17, 's'));
  CHECK(refused(p));
  p = GoodMember();
  p.mutable_member()->add_tokens(std::string(31, 't'));
  CHECK(refused(p));
  p = GoodMember();
  p.mutable_member()->clear_tokens();
  CHECK(refused(p));
  p = GoodMember();
  for (size_t i = 0; i < kMaxBeaconTokens; ++i) {
    p.mutable_member()->add_tokens(std::string(32, 'u'));
  }
  CHECK(refused(p));  // 33 tokens
  p = GoodMember();
  p.mutable_member()->set_port(0);
  CHECK(refused(p));
  p = GoodMember();
  p.mutable_member()->set_port(65536);
  CHECK(refused(p));
  p = GoodMember();
  p.set_version(2);
  CHECK(refused(p));
  proto::Beacon invite;
  invite.set_version(1);
  invite.mutable_invite()->set_port(1);
  invite.mutable_invite()->set_channel(1000);
  CHECK(refused(invite));
  invite.mutable_invite()->set_channel(0);
  CHECK(refused(invite));
}

TEST_CASE("GarbageEmptyAndOversizedDatagramsAreAPeerViolation") {
  CHECK(DecodeBeacon(Bytes{0xff, 0xff, 0xff}).status().IsPeerViolation());
  CHECK(DecodeBeacon(Bytes{}).status().IsPeerViolation());  // version 0, no body
  CHECK(DecodeBeacon(Bytes(kMaxBeaconBytes + 1, 0)).status().IsPeerViolation());
  proto::Beacon bodiless;
  bodiless.set_version(1);
  CHECK(DecodeBeacon(Serialized(bodiless)).status().IsPeerViolation());
}

}  // namespace
}  // namespace mutual::wire
