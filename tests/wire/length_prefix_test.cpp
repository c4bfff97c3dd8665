#include <catch2/catch.hpp>

#include "libsync/wire/length_prefix.h"

using namespace mutual;
using namespace mutual::wire;

namespace {
Bytes Frame(const Bytes& payload) {
  auto f = FrameMessage(payload, 1024);
  REQUIRE(f.ok());
  return *f;
}
}  // namespace

TEST_CASE("PrefixIsFourBytesBigEndian") {
  Bytes payload(0x0102, 7);
  auto f = FrameMessage(payload, 1 << 20);
  REQUIRE(f.ok());
  REQUIRE(f->size() == 4 + payload.size());
  CHECK((*f)[0] == 0x00);
  CHECK((*f)[1] == 0x00);
  CHECK((*f)[2] == 0x01);
  CHECK((*f)[3] == 0x02);
}

TEST_CASE("MergedFramesSplitIntoMessages") {
  Bytes a = {1, 2, 3}, b = {}, c = {9};
  Bytes stream = Frame(a);
  for (const auto& x : {b, c}) {
    Bytes f = Frame(x);
    stream.insert(stream.end(), f.begin(), f.end());
  }
  FrameDecoder d(1024);
  REQUIRE(d.Feed(stream).ok());
  CHECK(d.Next() == a);
  CHECK(d.Next() == b);
  CHECK(d.Next() == c);
  CHECK_FALSE(d.Next().has_value());
  CHECK(d.idle());
}

TEST_CASE("ByteAtATimeChunksReassemble") {
  Bytes a = {10, 20, 30, 40, 50};
  Bytes stream = Frame(a);
  FrameDecoder d(1024);
  for (size_t i = 0; i < stream.size(); ++i) {
    CHECK_FALSE(d.Next().has_value());
    REQUIRE(d.Feed(ByteView(&stream[i], 1)).ok());
  }
  CHECK(d.Next() == a);
}

TEST_CASE("PartialFrameIsNotIdle") {
  Bytes stream = Frame({1, 2, 3});
  FrameDecoder d(1024);
  REQUIRE(d.Feed(ByteView(stream.data(), 5)).ok());
  CHECK_FALSE(d.idle());
  CHECK_FALSE(d.Next().has_value());
}

TEST_CASE("OverCapLengthIsRejectedFromTheHeaderAlone") {
  FrameDecoder d(16);
  const Bytes header = {0x00, 0x00, 0x00, 0x11};
  Status s = d.Feed(header);
  CHECK(s.IsPeerViolation());
  // The decoder stays failed.
  CHECK_FALSE(d.Feed(Frame({1})).ok());
  CHECK_FALSE(d.Next().has_value());
}

TEST_CASE("FrameMessageRefusesOversizedPayload") {
  Bytes payload(17, 0);
  CHECK(FrameMessage(payload, 16).status().IsInvalidArgument());
}
