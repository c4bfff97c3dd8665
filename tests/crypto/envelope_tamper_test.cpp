// Tampering with any part of a sealed envelope must be caught: by the
// signature check, by decryption, or by both.
#include <catch2/catch.hpp>
#include <functional>

#include "libsync/crypto/envelope.h"
#include "tests/crypto/envelope_fixture.h"

namespace mutual::crypto {
namespace {

using testing::EnvelopeFixture;
using testing::Receive;
using testing::RequireSodium;

// Re-encodes `header` into a copy of `e`, keeping nonce, ciphertext and
// signature: what a forger changing one clear header field produces.
Envelope WithHeader(const Envelope& e, const EnvelopeHeader& header) {
  Envelope out = e;
  out.header = EncodeEnvelopeHeader(header);
  return out;
}

// The header field is rejected both by the signature and by decryption
// (the header is the AEAD's associated data).
void RequireHeaderChangeRejected(const EnvelopeFixture& f,
                                 const std::function<void(EnvelopeHeader&)>& change) {
  EnvelopeHeader tampered = f.header;
  change(tampered);
  REQUIRE(tampered != f.header);
  Envelope e = WithHeader(f.sealed, tampered);
  REQUIRE(VerifyEnvelopeSignature(e, tampered).IsPeerViolation());
  REQUIRE(OpenEnvelope(e, f.key).status().IsPeerViolation());
  REQUIRE_FALSE(Receive(EncodeEnvelope(e), f.key).ok());
}

TEST_CASE("TamperedDocIdIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.doc_id[0] ^= 1; });
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.doc_id[15] ^= 0x80; });
}

TEST_CASE("TamperedAuthorIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.author[31] ^= 1; });
  // Another real device's key as the claimed author.
  PublicKey other = SigningKey::Generate().public_key();
  RequireHeaderChangeRejected(f, [&](EnvelopeHeader& h) { h.author = other; });
}

TEST_CASE("TamperedSeqIsRejected") {
  RequireSodium();
  EnvelopeFixture f;  // seq 3
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.seq = 4; });
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.seq = 2; });
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.seq = 1000; });
  // Replayed as the first envelope of the log (seq 1 needs a zero prev).
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) {
    h.seq = 1;
    h.prev = {};
  });
}

TEST_CASE("TamperedPrevIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.prev[0] ^= 1; });
  RequireHeaderChangeRejected(
      f, [](EnvelopeHeader& h) { h.prev = Blake2b256(AsBytes("another history")); });
}

TEST_CASE("TamperedKeyHintIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireHeaderChangeRejected(f, [](EnvelopeHeader& h) { h.key_hint[3] ^= 1; });
}

// Flips one byte of one field of the sealed envelope and checks that the
// receive steps reject it. `decrypt_catches` says whether decryption alone
// must also fail (true for everything the AEAD covers: header, nonce,
// ciphertext; the signature is outside it).
void RequireEveryByteFlipRejected(const EnvelopeFixture& f,
                                  const std::function<uint8_t&(Envelope&, size_t)>& byte,
                                  size_t length, bool decrypt_catches) {
  const Hash32 original_hash = EnvelopeHash(f.sealed);
  for (size_t i = 0; i < length; ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}}) {
      Envelope e = f.sealed;
      byte(e, i) ^= mask;
      INFO("byte " << i << " mask " << int(mask));
      REQUIRE(EnvelopeHash(e) != original_hash);
      REQUIRE_FALSE(Receive(EncodeEnvelope(e), f.key).ok());
      // Checked one by one too: signature against the honest header (the
      // header check of VerifyEnvelopeSignature makes a changed header fail
      // as well), then decryption.
      REQUIRE(VerifyEnvelopeSignature(e, f.header).IsPeerViolation());
      if (decrypt_catches) {
        REQUIRE(OpenEnvelope(e, f.key).status().IsPeerViolation());
      }
    }
  }
}

TEST_CASE("EveryFlippedHeaderByteIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireEveryByteFlipRejected(
      f, [](Envelope& e, size_t i) -> uint8_t& { return e.header[i]; },
      f.sealed.header.size(), true);
  // Where the flipped header still decodes, its own signature check fails
  // too (not only the comparison with the honest header).
  for (size_t i = 0; i < f.sealed.header.size(); ++i) {
    Envelope e = f.sealed;
    e.header[i] ^= 0x01;
    auto h = DecodeEnvelopeHeader(e.header);
    if (!h.ok()) continue;
    INFO("byte " << i);
    REQUIRE(VerifyEnvelopeSignature(e, *h).IsPeerViolation());
  }
}

TEST_CASE("EveryFlippedNonceByteIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireEveryByteFlipRejected(
      f, [](Envelope& e, size_t i) -> uint8_t& { return e.nonce[i]; },
      f.sealed.nonce.size(), true);
}

TEST_CASE("EveryFlippedCiphertextByteIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireEveryByteFlipRejected(
      f, [](Envelope& e, size_t i) -> uint8_t& { return e.ciphertext[i]; },
      f.sealed.ciphertext.size(), true);
}

TEST_CASE("EveryFlippedSignatureByteIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  RequireEveryByteFlipRejected(
      f, [](Envelope& e, size_t i) -> uint8_t& { return e.signature[i]; },
      f.sealed.signature.size(), false);
}

TEST_CASE("EveryFlippedStoredByteIsRejected") {
  RequireSodium();
  // Covers the length prefixes as well as the fields.
  EnvelopeFixture f;
  Bytes stored = EncodeEnvelope(f.sealed);
  for (size_t i = 0; i < stored.size(); ++i) {
    Bytes bad = stored;
    bad[i] ^= 0x01;
    INFO("byte " << i);
    REQUIRE_FALSE(Receive(bad, f.key).ok());
  }
}

TEST_CASE("WrongDocKeyIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  DocKey other = DocKey::Generate();
  // The signature is still fine (anyone can check it) but the content stays
  // closed to non-members.
  REQUIRE(VerifyEnvelopeSignature(f.sealed, f.header).ok());
  REQUIRE(OpenEnvelope(f.sealed, other).status().IsPeerViolation());
  REQUIRE(Receive(EncodeEnvelope(f.sealed), other).status().IsPeerViolation());
}

TEST_CASE("SignatureByAnotherAuthorIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  SigningKey mallory = SigningKey::Generate();
  // Mallory signs the honest bytes; the header still names the author.
  Envelope e = f.sealed;
  e.signature = mallory.Sign(EnvelopeSignedBytes(e));
  REQUIRE(VerifyEnvelopeSignature(e, f.header).IsPeerViolation());
  REQUIRE_FALSE(Receive(EncodeEnvelope(e), f.key).ok());
}

TEST_CASE("ReattributedAndResignedEnvelopeDoesNotDecrypt") {
  RequireSodium();
  EnvelopeFixture f;
  // Mallory claims the change as hers and signs it properly: the signature
  // now verifies, but the author is bound into the AEAD, so it never opens.
  SigningKey mallory = SigningKey::Generate();
  EnvelopeHeader h = f.header;
  h.author = mallory.public_key();
  Envelope e = WithHeader(f.sealed, h);
  e.signature = mallory.Sign(EnvelopeSignedBytes(e));
  REQUIRE(VerifyEnvelopeSignature(e, h).ok());
  REQUIRE(OpenEnvelope(e, f.key).status().IsPeerViolation());
}

TEST_CASE("VerifyWithMismatchedDecodedHeaderIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  // A caller passing some other header than the envelope's own must not get
  // an OK: the key checked has to be the signed header's author.
  EnvelopeHeader other = f.header;
  other.seq = 9;
  REQUIRE(VerifyEnvelopeSignature(f.sealed, other).IsPeerViolation());
  EnvelopeHeader invalid = f.header;
  invalid.seq = 0;
  REQUIRE(VerifyEnvelopeSignature(f.sealed, invalid).IsPeerViolation());
}

TEST_CASE("SwappedCiphertextBetweenEnvelopesIsRejected") {
  RequireSodium();
  EnvelopeFixture a;
  Envelope b =
      SealEnvelope(a.header, AsBytes("other content, same header"), a.key, a.author);
  Envelope mixed = a.sealed;
  mixed.ciphertext = b.ciphertext;
  REQUIRE(VerifyEnvelopeSignature(mixed, a.header).IsPeerViolation());
  // Different nonce: the AEAD rejects it as well.
  REQUIRE(OpenEnvelope(mixed, a.key).status().IsPeerViolation());
}

TEST_CASE("MalformedPaddingIsRejected") {
  RequireSodium();
  EnvelopeFixture f;
  // A properly encrypted block whose padding is invalid (no 0x80 marker):
  // only a holder of the doc key could make it, and it still must not open.
  Bytes block(32, 0x00);
  Envelope e = f.sealed;
  e.ciphertext.assign(block.size() + kEnvelopeTagBytes, 0);
  unsigned long long len = 0;
  REQUIRE(crypto_aead_xchacha20poly1305_ietf_encrypt(
              e.ciphertext.data(), &len, block.data(), block.size(), e.header.data(),
              e.header.size(), nullptr, e.nonce.data(), f.key.bytes().data()) == 0);
  REQUIRE(OpenEnvelope(e, f.key).status().IsPeerViolation());
}

}  // namespace
}  // namespace mutual::crypto
