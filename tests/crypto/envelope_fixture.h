// A sealed envelope and the keys behind it, shared by the envelope tests.
#pragma once

#include <catch2/catch.hpp>

#include "libsync/crypto/envelope.h"
#include "libsync/util/leb128.h"
#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto::testing {

struct EnvelopeFixture {
  SigningKey author = SigningKey::Generate();
  DocKey key = DocKey::Generate();
  EnvelopeHeader header;
  Bytes plaintext;
  Envelope sealed;

  // seq 3 so that prev is a real (non-zero) hash; a 40-byte plaintext, the
  // size of a one-character edit.
  explicit EnvelopeFixture(size_t plaintext_size = 40, uint64_t seq = 3) {
    header.doc_id.fill(0x11);
    header.author = author.public_key();
    header.seq = seq;
    if (seq > 1) header.prev = Blake2b256(AsBytes("previous envelope"));
    header.key_hint = KeyHintOf(Blake2b256(AsBytes("epoch")));
    plaintext.resize(plaintext_size);
    for (size_t i = 0; i < plaintext_size; ++i)
      plaintext[i] = static_cast<uint8_t>(i * 7);
    sealed = SealEnvelope(header, plaintext, key, author);
  }
};

// The receive steps in DESIGN.md §4's order, from the stored bytes to the
// plaintext; fails at the first step that rejects.
inline Result<Bytes> Receive(ByteView stored, const DocKey& key) {
  MUTUAL_ASSIGN_OR_RETURN(Envelope e, DecodeEnvelope(stored));
  MUTUAL_ASSIGN_OR_RETURN(EnvelopeHeader h, DecodeEnvelopeHeader(e.header));
  MUTUAL_RETURN_IF_ERROR(VerifyEnvelopeSignature(e, h));
  return OpenEnvelope(e, key);
}

}  // namespace mutual::crypto::testing
