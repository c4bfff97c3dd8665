#include "libsync/wire/pair_codec.h"

#include <catch2/catch.hpp>

namespace mutual::wire {
namespace {

PairMessage Sample(PairKind kind) {
  PairMessage m;
  m.kind = kind;
  switch (kind) {
    case PairKind::kCPace:
      m.y = Bytes(kPairPointBytes, 7);
      m.ad = Bytes(kPairAdBytes, 1);
      break;
    case PairKind::kConfirm:
      m.tag = Bytes(kPairTagBytes, 9);
      break;
    case PairKind::kJoin:
      m.device_record = Bytes(161, 3);
      m.name = "Sam";
      break;
    case PairKind::kWelcome:
      m.doc_id[0] = 1;
      m.keys.push_back({{2}, Bytes(80, 4)});
      m.keys.push_back({{3}, Bytes(80, 6)});
      m.inviter_record = Bytes(161, 5);
      break;
  }
  return m;
}

TEST_CASE("EveryPairMessageRoundTrips") {
  for (PairKind k :
       {PairKind::kCPace, PairKind::kConfirm, PairKind::kJoin, PairKind::kWelcome}) {
    PairMessage m = Sample(k);
    auto bytes = EncodePairMessage(m);
    REQUIRE(bytes.ok());
    auto back = DecodePairMessage(*bytes);
    REQUIRE(back.ok());
    CHECK(*back == m);
  }
}

TEST_CASE("WrongSizedPairFieldsAreRefused") {
  PairMessage cpace = Sample(PairKind::kCPace);
  cpace.y.pop_back();
  CHECK(EncodePairMessage(cpace).status().IsInvalidArgument());
  PairMessage confirm = Sample(PairKind::kConfirm);
  confirm.tag.push_back(0);
  CHECK(EncodePairMessage(confirm).status().IsInvalidArgument());
  PairMessage join = Sample(PairKind::kJoin);
  join.name = "";
  CHECK(EncodePairMessage(join).status().IsInvalidArgument());
  join.name = "\xff\xfe";
  CHECK(EncodePairMessage(join).status().IsInvalidArgument());
  PairMessage welcome = Sample(PairKind::kWelcome);
  welcome.keys.clear();
  CHECK(EncodePairMessage(welcome).status().IsInvalidArgument());
  welcome.keys.assign(kPairMaxEpochKeys + 1, {{1}, Bytes(80, 1)});
  CHECK(EncodePairMessage(welcome).status().IsInvalidArgument());
  welcome.keys.assign(1, {{1}, Bytes()});
  CHECK(EncodePairMessage(welcome).status().IsInvalidArgument());
}

TEST_CASE("GarbageAndOversizedPairInputIsAPeerViolation") {
  CHECK(DecodePairMessage(Bytes{0xff, 0xff, 0xff}).status().IsPeerViolation());
  CHECK(DecodePairMessage(Bytes{}).status().IsPeerViolation());  // no body
  CHECK(DecodePairMessage(Bytes(kPairMaxMessageBytes + 1, 0)).status().IsPeerViolation());
}

}  // namespace
}  // namespace mutual::wire
