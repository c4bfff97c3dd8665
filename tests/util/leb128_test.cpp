#include "libsync/util/leb128.h"

#include <catch2/catch.hpp>

namespace mutual {
namespace {

TEST_CASE("VarintRoundTripsBoundaryValues", "[util][leb128]") {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull, (1ull << 32),
                     ~0ull}) {
    ByteWriter w;
    w.Varint(v);
    ByteReader r(w.bytes());
    auto got = r.Varint();
    REQUIRE(got.ok());
    CHECK(*got == v);
    CHECK(r.ExpectEnd().ok());
  }
}

TEST_CASE("VarintEncodingIsMinimal", "[util][leb128]") {
  ByteWriter w;
  w.Varint(300);
  CHECK(w.bytes() == Bytes{0xac, 0x02});
}

TEST_CASE("NonMinimalVarintIsRejected", "[util][leb128]") {
  Bytes padded{0x81, 0x00};  // 1 written in two bytes
  ByteReader r(padded);
  CHECK(r.Varint().status().IsCorruption());
}

TEST_CASE("OverlongVarintIsRejected", "[util][leb128]") {
  Bytes eleven(11, 0x80);
  ByteReader r(eleven);
  CHECK(r.Varint().status().IsCorruption());
  Bytes overflow{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  ByteReader r2(overflow);
  CHECK(r2.Varint().status().IsCorruption());
}

TEST_CASE("TruncatedVarintIsRejected", "[util][leb128]") {
  Bytes truncated{0x80};
  ByteReader r(truncated);
  CHECK(r.Varint().status().IsCorruption());
}

TEST_CASE("SignedVarintRoundTrips", "[util][leb128]") {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-64}, int64_t{64},
                    INT64_MIN, INT64_MAX}) {
    ByteWriter w;
    w.SignedVarint(v);
    ByteReader r(w.bytes());
    auto got = r.SignedVarint();
    REQUIRE(got.ok());
    CHECK(*got == v);
  }
}

TEST_CASE("LengthPrefixedRejectsLengthPastEnd", "[util][leb128]") {
  Bytes b{0x05, 'a', 'b'};
  ByteReader r(b);
  CHECK(r.LengthPrefixed(100).status().IsCorruption());
}

TEST_CASE("LengthPrefixedRejectsLengthOverMax", "[util][leb128]") {
  ByteWriter w;
  w.String("hello");
  ByteReader r(w.bytes());
  CHECK(r.LengthPrefixed(4).status().IsCorruption());
}

TEST_CASE("Utf8StringRejectsInvalidUtf8", "[util][leb128]") {
  for (std::string bad : {std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
                          std::string("\xe2\x82"), std::string("\xff")}) {
    ByteWriter w;
    w.String(bad);
    ByteReader r(w.bytes());
    CHECK(r.Utf8String(100).status().IsCorruption());
  }
  ByteWriter w;
  w.String("caf\xc3\xa9 \xf0\x9f\x99\x82");
  ByteReader r(w.bytes());
  CHECK(r.Utf8String(100).ok());
}

TEST_CASE("ExpectEndRejectsTrailingBytes", "[util][leb128]") {
  Bytes b{0x01, 0x02};
  ByteReader r(b);
  REQUIRE(r.Varint().ok());
  CHECK(r.ExpectEnd().IsCorruption());
}

}  // namespace
}  // namespace mutual
