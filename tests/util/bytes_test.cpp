#include "libsync/util/bytes.h"

#include <catch2/catch.hpp>

namespace mutual {
namespace {

TEST_CASE("HexRoundTrips", "[util][bytes]") {
  Bytes b{0x00, 0x01, 0xab, 0xff};
  CHECK(ToHex(b) == "0001abff");
  auto back = FromHex("0001ABff");
  REQUIRE(back.ok());
  CHECK(*back == b);
}

TEST_CASE("HexRejectsOddLengthAndBadDigits", "[util][bytes]") {
  CHECK(FromHex("abc").status().IsInvalidArgument());
  CHECK(FromHex("zz").status().IsInvalidArgument());
}

TEST_CASE("Base32MatchesRfc4648Vectors", "[util][bytes]") {
  // RFC 4648 section 10, lower-cased, padding removed.
  CHECK(ToBase32(AsBytes("")) == "");
  CHECK(ToBase32(AsBytes("f")) == "my");
  CHECK(ToBase32(AsBytes("fo")) == "mzxq");
  CHECK(ToBase32(AsBytes("foo")) == "mzxw6");
  CHECK(ToBase32(AsBytes("foob")) == "mzxw6yq");
  CHECK(ToBase32(AsBytes("fooba")) == "mzxw6ytb");
  CHECK(ToBase32(AsBytes("foobar")) == "mzxw6ytboi");
  auto back = FromBase32("MZXW6YTBOI");
  REQUIRE(back.ok());
  CHECK(AsChars(*back) == "foobar");
}

TEST_CASE("Base32RejectsNonCanonicalTrailingBits", "[util][bytes]") {
  CHECK(FromBase32("mz").status().IsInvalidArgument());  // "my" is canonical
  CHECK(FromBase32("m1").status().IsInvalidArgument());
}

TEST_CASE("ConstantTimeEqualComparesContentAndLength", "[util][bytes]") {
  Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
  CHECK(ConstantTimeEqual(a, b));
  CHECK_FALSE(ConstantTimeEqual(a, c));
  CHECK_FALSE(ConstantTimeEqual(a, d));
}

}  // namespace
}  // namespace mutual
