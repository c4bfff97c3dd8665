#include "libsync/crypto/envelope.h"

#include <catch2/catch.hpp>

#include "tests/crypto/envelope_fixture.h"

namespace mutual::crypto {
namespace {

using testing::EnvelopeFixture;
using testing::Receive;
using testing::RequireSodium;

EnvelopeHeader SampleHeader(uint64_t seq) {
  EnvelopeHeader h;
  for (size_t i = 0; i < h.doc_id.size(); ++i) h.doc_id[i] = static_cast<uint8_t>(i);
  h.author.fill(0xa0);
  h.seq = seq;
  if (seq > 1) h.prev.fill(0xb0);
  h.key_hint = {0xc0, 0xc1, 0xc2, 0xc3};
  return h;
}

// ---- Header encoding ----

TEST_CASE("EnvelopeHeaderRoundTrips") {
  for (uint64_t seq : {uint64_t{1}, uint64_t{2}, uint64_t{127}, uint64_t{128},
                       uint64_t{1} << 40, ~uint64_t{0}}) {
    EnvelopeHeader h = SampleHeader(seq);
    auto decoded = DecodeEnvelopeHeader(EncodeEnvelopeHeader(h));
    INFO("seq " << seq);
    REQUIRE(decoded.ok());
    REQUIRE(*decoded == h);
  }
}

TEST_CASE("EnvelopeHeaderByteLayout") {
  Bytes e = EncodeEnvelopeHeader(SampleHeader(300));
  // version | doc_id 16 | author 32 | seq LEB128 (300 = ac 02) | prev 32 | hint 4
  REQUIRE(e.size() == 1 + 16 + 32 + 2 + 32 + 4);
  REQUIRE(e[0] == kEnvelopeHeaderVersion);
  REQUIRE(e[0] == 0x01);
  for (size_t i = 0; i < 16; ++i) REQUIRE(e[1 + i] == i);
  for (size_t i = 0; i < 32; ++i) REQUIRE(e[17 + i] == 0xa0);
  REQUIRE(e[49] == 0xac);
  REQUIRE(e[50] == 0x02);
  for (size_t i = 0; i < 32; ++i) REQUIRE(e[51 + i] == 0xb0);
  REQUIRE(Bytes(e.end() - 4, e.end()) == Bytes{0xc0, 0xc1, 0xc2, 0xc3});
}

TEST_CASE("EnvelopeHeaderSizesBySeq") {
  REQUIRE(EncodeEnvelopeHeader(SampleHeader(1)).size() == 86);
  REQUIRE(EncodeEnvelopeHeader(SampleHeader(127)).size() == 86);
  REQUIRE(EncodeEnvelopeHeader(SampleHeader(128)).size() == 87);
  REQUIRE(EncodeEnvelopeHeader(SampleHeader(~uint64_t{0})).size() ==
          kMaxEnvelopeHeaderBytes);
}

TEST_CASE("EnvelopeHeaderTrailingByteIsCorruption") {
  Bytes e = EncodeEnvelopeHeader(SampleHeader(5));
  e.push_back(0);
  REQUIRE(DecodeEnvelopeHeader(e).status().IsCorruption());
}

TEST_CASE("EnvelopeHeaderEveryTruncationIsCorruption") {
  Bytes e = EncodeEnvelopeHeader(SampleHeader(300));
  for (size_t n = 0; n < e.size(); ++n) {
    INFO("length " << n);
    REQUIRE(DecodeEnvelopeHeader(ByteView(e).first(n)).status().IsCorruption());
  }
}

TEST_CASE("EnvelopeHeaderWrongVersionIsCorruption") {
  Bytes e = EncodeEnvelopeHeader(SampleHeader(5));
  for (int v : {0, 2, 0x81, 0xff}) {
    e[0] = static_cast<uint8_t>(v);
    REQUIRE(DecodeEnvelopeHeader(e).status().IsCorruption());
  }
}

TEST_CASE("EnvelopeHeaderSeqZeroIsCorruption") {
  Bytes e = EncodeEnvelopeHeader(SampleHeader(1));
  e[49] = 0x00;  // seq byte; prev is all zeros, as for seq 1
  REQUIRE(DecodeEnvelopeHeader(e).status().IsCorruption());
}

TEST_CASE("EnvelopeHeaderNonMinimalSeqIsCorruption") {
  // seq 2 written as 82 00 (two bytes) instead of 02.
  Bytes e = EncodeEnvelopeHeader(SampleHeader(2));
  e[49] = 0x82;
  e.insert(e.begin() + 50, 0x00);
  REQUIRE(DecodeEnvelopeHeader(e).status().IsCorruption());
}

TEST_CASE("EnvelopeHeaderPrevMustMatchSeq") {
  // seq 1 with a non-zero prev.
  Bytes first = EncodeEnvelopeHeader(SampleHeader(1));
  first[50] = 0x01;
  REQUIRE(DecodeEnvelopeHeader(first).status().IsCorruption());
  // seq 2 with an all-zero prev.
  Bytes second = EncodeEnvelopeHeader(SampleHeader(2));
  std::fill(second.begin() + 50, second.begin() + 82, 0);
  REQUIRE(DecodeEnvelopeHeader(second).status().IsCorruption());
}

// ---- Stored encoding ----

TEST_CASE("EnvelopeStoredEncodingRoundTrips") {
  RequireSodium();
  EnvelopeFixture f;
  Bytes stored = EncodeEnvelope(f.sealed);
  auto decoded = DecodeEnvelope(stored);
  REQUIRE(decoded.ok());
  REQUIRE(*decoded == f.sealed);
}

TEST_CASE("EnvelopeStoredEncodingLayout") {
  RequireSodium();
  EnvelopeFixture f;
  const Envelope& e = f.sealed;
  Bytes s = EncodeEnvelope(e);
  size_t pos = 0;
  REQUIRE(s[pos++] == e.header.size());  // 86 < 128: one varint byte
  REQUIRE(Bytes(s.begin() + pos, s.begin() + pos + 86) == e.header);
  pos += 86;
  REQUIRE(Bytes(s.begin() + pos, s.begin() + pos + 24) == ToBytes(ByteView(e.nonce)));
  pos += 24;
  REQUIRE(s[pos++] == e.ciphertext.size());  // 80 < 128
  REQUIRE(Bytes(s.begin() + pos, s.begin() + pos + 80) == e.ciphertext);
  pos += 80;
  REQUIRE(Bytes(s.begin() + pos, s.end()) == ToBytes(ByteView(e.signature)));
}

TEST_CASE("EnvelopeOversizedIsPeerViolation") {
  RequireSodium();
  Bytes huge(kMaxEnvelopeBytes + 1, 0);
  REQUIRE(DecodeEnvelope(huge).status().IsPeerViolation());
  // A well-formed envelope made too large by trailing bytes is still caught
  // by the size limit first.
  EnvelopeFixture f;
  Bytes stored = EncodeEnvelope(f.sealed);
  stored.resize(kMaxEnvelopeBytes + 1, 0);
  REQUIRE(DecodeEnvelope(stored).status().IsPeerViolation());
}

TEST_CASE("EnvelopeEveryTruncationIsCorruption") {
  RequireSodium();
  EnvelopeFixture f;
  Bytes stored = EncodeEnvelope(f.sealed);
  for (size_t n = 0; n < stored.size(); ++n) {
    INFO("length " << n);
    REQUIRE(DecodeEnvelope(ByteView(stored).first(n)).status().IsCorruption());
  }
}

TEST_CASE("EnvelopeTrailingByteIsCorruption") {
  RequireSodium();
  EnvelopeFixture f;
  Bytes stored = EncodeEnvelope(f.sealed);
  stored.push_back(0);
  REQUIRE(DecodeEnvelope(stored).status().IsCorruption());
}

TEST_CASE("EnvelopeOverlongHeaderIsCorruption") {
  RequireSodium();
  Envelope e = EnvelopeFixture().sealed;
  e.header.resize(kMaxEnvelopeHeaderBytes + 1, 0);
  REQUIRE(DecodeEnvelope(EncodeEnvelope(e)).status().IsCorruption());
}

TEST_CASE("EnvelopeImpossibleCiphertextLengthIsCorruption") {
  RequireSodium();
  Envelope e = EnvelopeFixture().sealed;  // 80-byte ciphertext
  for (size_t len : {size_t{0}, size_t{16}, size_t{47}, size_t{79}, size_t{81}}) {
    Envelope bad = e;
    bad.ciphertext.resize(len);
    INFO("ciphertext length " << len);
    REQUIRE(DecodeEnvelope(EncodeEnvelope(bad)).status().IsCorruption());
    REQUIRE(OpenEnvelope(bad, EnvelopeFixture().key).status().IsPeerViolation());
  }
}

// ---- Seal, verify, open ----

TEST_CASE("SealedEnvelopeOpensToThePlaintext") {
  RequireSodium();
  EnvelopeFixture f;
  auto decoded_header = DecodeEnvelopeHeader(f.sealed.header);
  REQUIRE(decoded_header.ok());
  REQUIRE(*decoded_header == f.header);
  REQUIRE(VerifyEnvelopeSignature(f.sealed, *decoded_header).ok());
  auto opened = OpenEnvelope(f.sealed, f.key);
  REQUIRE(opened.ok());
  REQUIRE(*opened == f.plaintext);
  auto received = Receive(EncodeEnvelope(f.sealed), f.key);
  REQUIRE(received.ok());
  REQUIRE(*received == f.plaintext);
}

TEST_CASE("FirstEnvelopeWithSeqOneRoundTrips") {
  RequireSodium();
  EnvelopeFixture f(40, 1);
  auto received = Receive(EncodeEnvelope(f.sealed), f.key);
  REQUIRE(received.ok());
  REQUIRE(*received == f.plaintext);
}

TEST_CASE("EmptyPlaintextRoundTrips") {
  RequireSodium();
  EnvelopeFixture f(0);
  REQUIRE(f.sealed.ciphertext.size() == 32 + 16);
  auto received = Receive(EncodeEnvelope(f.sealed), f.key);
  REQUIRE(received.ok());
  REQUIRE(received->empty());
}

TEST_CASE("PaddingGivesMultiplesOf32") {
  RequireSodium();
  for (size_t n = 0; n <= 130; ++n) {
    EnvelopeFixture f(n);
    size_t padded = f.sealed.ciphertext.size() - kEnvelopeTagBytes;
    INFO("plaintext " << n);
    REQUIRE(padded % 32 == 0);
    // sodium_pad always appends at least one byte (ISO/IEC 7816-4).
    REQUIRE(padded == (n / 32 + 1) * 32);
    auto opened = OpenEnvelope(f.sealed, f.key);
    REQUIRE(opened.ok());
    REQUIRE(*opened == f.plaintext);
  }
}

TEST_CASE("OneCharacterEditSizedEnvelopeSizes") {
  RequireSodium();
  // The numbers doc/encoding-envelope.md's size budget table states.
  EnvelopeFixture f(40);
  REQUIRE(f.sealed.header.size() == 86);
  REQUIRE(f.sealed.ciphertext.size() == 64 + 16);
  REQUIRE(EncodeEnvelope(f.sealed).size() == 1 + 86 + 24 + 1 + 80 + 64);
  REQUIRE(EncodeEnvelope(f.sealed).size() == 256);
  REQUIRE(EnvelopeSignedBytes(f.sealed).size() == 13 + 2 + 86 + 24 + 80);
}

TEST_CASE("LargestPlaintextFitsTheSizeLimit") {
  RequireSodium();
  EnvelopeFixture f(kMaxEnvelopePlaintextBytes, ~uint64_t{0});
  Bytes stored = EncodeEnvelope(f.sealed);
  // doc/encoding-envelope.md §7: 1 + 95 + 24 + 3 + (261152 + 16) + 64.
  REQUIRE(stored.size() == 261355);
  REQUIRE(stored.size() <= kMaxEnvelopeBytes);
  auto received = Receive(stored, f.key);
  REQUIRE(received.ok());
  REQUIRE(*received == f.plaintext);
}

TEST_CASE("SealingTwiceUsesFreshNonces") {
  RequireSodium();
  EnvelopeFixture f;
  Envelope again = SealEnvelope(f.header, f.plaintext, f.key, f.author);
  REQUIRE(again.nonce != f.sealed.nonce);
  REQUIRE(again.ciphertext != f.sealed.ciphertext);
  REQUIRE(EnvelopeHash(again) != EnvelopeHash(f.sealed));
}

TEST_CASE("CiphertextDoesNotContainThePlaintext") {
  RequireSodium();
  EnvelopeFixture f(64);
  Bytes stored = EncodeEnvelope(f.sealed);
  auto it = std::search(stored.begin(), stored.end(), f.plaintext.begin() + 8,
                        f.plaintext.begin() + 24);
  REQUIRE(it == stored.end());
}

TEST_CASE("EnvelopeSignedBytesLayout") {
  RequireSodium();
  EnvelopeFixture f;
  const Envelope& e = f.sealed;
  Bytes s = EnvelopeSignedBytes(e);
  REQUIRE(AsChars(ByteView(s).first(13)) == "mutual/env/v1");
  REQUIRE(s[13] == 0x00);  // u16 big-endian len(header) = 86
  REQUIRE(s[14] == 86);
  Bytes expected = ToBytes(AsBytes("mutual/env/v1"));
  expected.push_back(0);
  expected.push_back(86);
  Append(expected, e.header);
  Append(expected, e.nonce);
  Append(expected, e.ciphertext);
  REQUIRE(s == expected);
  REQUIRE(VerifySignature(f.author.public_key(), s, e.signature));
}

TEST_CASE("EnvelopeHashCoversSignedBytesAndSignature") {
  RequireSodium();
  EnvelopeFixture f;
  Bytes input = EnvelopeSignedBytes(f.sealed);
  Append(input, f.sealed.signature);
  REQUIRE(EnvelopeHash(f.sealed) == Blake2b256(input));
}

TEST_CASE("EnvelopeHashChainsThroughPrev") {
  RequireSodium();
  EnvelopeFixture first(40, 1);
  EnvelopeHeader next = first.header;
  next.seq = 2;
  next.prev = EnvelopeHash(first.sealed);
  Envelope second = SealEnvelope(next, AsBytes("second"), first.key, first.author);
  auto h = DecodeEnvelopeHeader(second.header);
  REQUIRE(h.ok());
  REQUIRE(h->prev == EnvelopeHash(first.sealed));
  REQUIRE(VerifyEnvelopeSignature(second, *h).ok());
}

}  // namespace
}  // namespace mutual::crypto
