#include "libsync/crypto/cpace_hash.h"

#include <sodium.h>

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::BytesFromHex;
using testing::RequireSodium;

// draft-irtf-cfrg-cpace-21 Appendix A.1.4.
TEST_CASE("LvCatMatchesDraftVector") {
  REQUIRE(CPaceLvCat({AsBytes("1234"), AsBytes("5"), {}, AsBytes("678")}) ==
          BytesFromHex("043132333401350003363738"));
}

// Appendix A.3.5: transcript_ir(Ya, ADa, Yb, ADb) = lv_cat(Ya, ADa, Yb, ADb).
TEST_CASE("TranscriptIrMatchesDraftVectors") {
  REQUIRE(CPaceLvCat(
              {AsBytes("123"), AsBytes("PartyA"), AsBytes("234"), AsBytes("PartyB")}) ==
          BytesFromHex("03313233065061727479410332333406506172747942"));
  REQUIRE(CPaceLvCat(
              {AsBytes("3456"), AsBytes("PartyA"), AsBytes("2345"), AsBytes("PartyB")}) ==
          BytesFromHex("043334353606506172747941043233343506506172747942"));
}

// Appendix A.1.2: lengths from 128 on take a two-byte LEB128 prefix.
TEST_CASE("LvCatUsesMultiByteLeb128ForLongFields") {
  Bytes field(128, 0x00);
  Bytes lv = CPaceLvCat({field});
  REQUIRE(lv.size() == 130);
  REQUIRE(lv[0] == 0x80);
  REQUIRE(lv[1] == 0x01);
  REQUIRE(CPaceLvCat({Bytes(127, 0)})[0] == 0x7f);
}

TEST_CASE("IncrementalHashEqualsSha512OfLvCat") {
  RequireSodium();
  Bytes prefix = ToBytes("raw prefix");
  Bytes a(200, 0x61), b = ToBytes("b");
  CPaceSha512 h;
  h.Raw(prefix);
  h.Lv(a);
  h.Lv(b);
  Sha512Digest got = h.Final();
  Bytes all = prefix;
  Append(all, CPaceLvCat({a, b}));
  Sha512Digest want;
  crypto_hash_sha512(want.data(), all.data(), all.size());
  REQUIRE(got == want);
}

}  // namespace
}  // namespace mutual::crypto
