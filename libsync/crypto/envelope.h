// Sealed envelopes (DESIGN.md §4): how a change travels and is stored.
//
// An envelope is a clear header {doc_id, author, seq, prev, key_hint}, a
// random 24-byte nonce, the XChaCha20-Poly1305-IETF ciphertext of the
// padded plaintext change (the encoded header is the associated data), and
// the author's Ed25519 signature over
//   "mutual/env/v1" ‖ u16be len(header) ‖ header ‖ nonce ‖ ciphertext.
// Anyone can check who wrote an envelope and that it is intact; only holders
// of the doc key can read it. The envelope's hash (BLAKE2b-256 over the
// signed bytes ‖ signature) chains an author's envelopes through `prev`.
//
// Byte formats, padding and sizes: doc/encoding-envelope.md.
//
// Receive order (sync/): DecodeEnvelope (size limit first) →
// DecodeEnvelopeHeader → VerifyEnvelopeSignature → hash chain / fork check
// (EnvelopeHash) → OpenEnvelope → decode the change.
//
// Thread-safety: pure functions on values.
#pragma once

#include <cstddef>
#include <cstdint>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/hash.h"
#include "libsync/crypto/signing.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

using DocId = FixedBytes<16>;
// A fresh random plan id.
DocId NewDocId();

struct EnvelopeHeader {
  DocId doc_id{};
  PublicKey author{};  // the signing key of the writing device
  uint64_t seq = 0;    // 1, 2, 3, ... per (doc, author)
  Hash32 prev{};       // EnvelopeHash of the author's seq-1 envelope; zeros for seq 1
  KeyHint key_hint{};  // KeyHintOf(epoch id) of the doc key used

  bool operator==(const EnvelopeHeader&) const = default;
};

inline constexpr uint8_t kEnvelopeHeaderVersion = 1;
// version 1 + doc_id 16 + author 32 + seq (LEB128, 1..10) + prev 32 + hint 4.
inline constexpr size_t kMaxEnvelopeHeaderBytes = 1 + 16 + 32 + 10 + 32 + 4;

// Deterministic: one header has exactly one encoding.
// REQUIRES: header.seq >= 1; prev is all zeros exactly when seq == 1.
Bytes EncodeEnvelopeHeader(const EnvelopeHeader& header);
// Strict inverse of EncodeEnvelopeHeader. Corruption on a wrong version,
// truncation, trailing bytes, a non-minimal or zero seq, or a prev that is
// zero for seq > 1 or non-zero for seq 1.
Result<EnvelopeHeader> DecodeEnvelopeHeader(ByteView bytes);

struct Envelope {
  Bytes header;  // EncodeEnvelopeHeader output, kept verbatim (it is signed)
  FixedBytes<24> nonce{};
  Bytes ciphertext;  // padded plaintext + 16-byte Poly1305 tag
  Signature signature{};

  bool operator==(const Envelope&) const = default;
};

// No envelope, in any form, may exceed this (checked before parsing).
inline constexpr size_t kMaxEnvelopeBytes = 256 * 1024;
// The largest plaintext SealEnvelope accepts: leaves room for padding,
// header, nonce, tag, signature and length prefixes within
// kMaxEnvelopeBytes (a multiple of the 32-byte padding block).
inline constexpr size_t kMaxEnvelopePlaintextBytes = kMaxEnvelopeBytes - 1024;
// sodium_pad block size: plaintexts are padded to a multiple of this.
inline constexpr size_t kEnvelopePadBlock = 32;
inline constexpr size_t kEnvelopeTagBytes = 16;

// The stored form: varint len(header) ‖ header ‖ nonce(24) ‖
// varint len(ciphertext) ‖ ciphertext ‖ signature(64).
Bytes EncodeEnvelope(const Envelope& envelope);
// PeerViolation when bytes.size() > kMaxEnvelopeBytes (before any parsing).
// Corruption when malformed: truncated, trailing bytes, a header longer than
// kMaxEnvelopeHeaderBytes, or a ciphertext length that no padded plaintext
// gives (not 16 + a positive multiple of 32). Does not decode the header or
// check the signature.
Result<Envelope> DecodeEnvelope(ByteView bytes);

// Seals `plaintext`: pads it to a multiple of 32 bytes (sodium_pad, so at
// least one padding byte), encrypts it under `key` with a random nonce and
// the encoded header as associated data, and signs the result.
// REQUIRES: header is valid for EncodeEnvelopeHeader;
//   header.author == signer.public_key();
//   plaintext.size() <= kMaxEnvelopePlaintextBytes.
Envelope SealEnvelope(const EnvelopeHeader& header, ByteView plaintext, const DocKey& key,
                      const SigningKey& signer);

// Exactly the bytes the signature covers:
// "mutual/env/v1" ‖ u16be len(header) ‖ header ‖ nonce ‖ ciphertext.
// REQUIRES: envelope.header.size() <= 65535 (true for any decoded envelope).
Bytes EnvelopeSignedBytes(const Envelope& envelope);

// OK when `envelope.signature` is decoded_header.author's signature over
// EnvelopeSignedBytes(envelope). PeerViolation when it is not, or when
// `decoded_header` is not what envelope.header encodes.
Status VerifyEnvelopeSignature(const Envelope& envelope,
                               const EnvelopeHeader& decoded_header);

// Decrypts with the header as associated data and removes the padding.
// PeerViolation when authentication fails (wrong key, tampered header,
// nonce or ciphertext) or the padding is malformed. Does not check the
// signature: call VerifyEnvelopeSignature first.
Result<Bytes> OpenEnvelope(const Envelope& envelope, const DocKey& key);

// BLAKE2b-256 over EnvelopeSignedBytes(envelope) ‖ signature.
Hash32 EnvelopeHash(const Envelope& envelope);

}  // namespace mutual::crypto
