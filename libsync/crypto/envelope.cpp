#include "libsync/crypto/envelope.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <string_view>

#include "libsync/util/leb128.h"

namespace mutual::crypto {

DocId NewDocId() {
  DocId id;
  randombytes_buf(id.data(), id.size());
  return id;
}

namespace {

constexpr std::string_view kEnvelopeDomain = "mutual/env/v1";

static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kEnvelopeTagBytes);
static_assert(kMaxEnvelopeHeaderBytes <= 0xffff, "len(header) is signed as a u16");
static_assert(kMaxEnvelopePlaintextBytes % kEnvelopePadBlock == 0);

bool IsZero(const Hash32& h) {
  return std::all_of(h.begin(), h.end(), [](uint8_t b) { return b == 0; });
}

// seq starts at 1, and only seq 1 has no predecessor to chain to.
bool HeaderIsValid(const EnvelopeHeader& h) {
  return h.seq >= 1 && (h.seq == 1) == IsZero(h.prev);
}

// A ciphertext some padded plaintext can give: tag + k * 32 bytes, k >= 1
// (sodium_pad always adds at least one byte).
bool CiphertextLengthOk(size_t n) {
  return n >= kEnvelopeTagBytes + kEnvelopePadBlock &&
         (n - kEnvelopeTagBytes) % kEnvelopePadBlock == 0;
}

}  // namespace

Bytes EncodeEnvelopeHeader(const EnvelopeHeader& header) {
  assert(HeaderIsValid(header));
  ByteWriter w(kMaxEnvelopeHeaderBytes);
  w.U8(kEnvelopeHeaderVersion);
  w.Raw(header.doc_id);
  w.Raw(header.author);
  w.Varint(header.seq);
  w.Raw(header.prev);
  w.Raw(header.key_hint);
  return w.Take();
}

Result<EnvelopeHeader> DecodeEnvelopeHeader(ByteView bytes) {
  ByteReader r(bytes);
  MUTUAL_ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kEnvelopeHeaderVersion) {
    return Status::Corruption("unknown envelope header version");
  }
  EnvelopeHeader h;
  MUTUAL_ASSIGN_OR_RETURN(h.doc_id, r.Fixed<16>());
  MUTUAL_ASSIGN_OR_RETURN(h.author, r.Fixed<32>());
  MUTUAL_ASSIGN_OR_RETURN(h.seq, r.Varint());
  MUTUAL_ASSIGN_OR_RETURN(h.prev, r.Fixed<32>());
  MUTUAL_ASSIGN_OR_RETURN(h.key_hint, r.Fixed<4>());
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  if (h.seq == 0) return Status::Corruption("envelope seq is 0");
  if (!HeaderIsValid(h)) {
    return Status::Corruption("envelope prev does not match its seq");
  }
  return h;
}

Bytes EncodeEnvelope(const Envelope& envelope) {
  ByteWriter w(envelope.header.size() + envelope.ciphertext.size() + 24 + 64 + 8);
  w.LengthPrefixed(envelope.header);
  w.Raw(envelope.nonce);
  w.LengthPrefixed(envelope.ciphertext);
  w.Raw(envelope.signature);
  return w.Take();
}

Result<Envelope> DecodeEnvelope(ByteView bytes) {
  if (bytes.size() > kMaxEnvelopeBytes) {
    return Status::PeerViolation("envelope exceeds the size limit");
  }
  ByteReader r(bytes);
  Envelope e;
  MUTUAL_ASSIGN_OR_RETURN(ByteView header, r.LengthPrefixed(kMaxEnvelopeHeaderBytes));
  e.header = ToBytes(header);
  MUTUAL_ASSIGN_OR_RETURN(e.nonce, r.Fixed<24>());
  MUTUAL_ASSIGN_OR_RETURN(ByteView ciphertext, r.LengthPrefixed(kMaxEnvelopeBytes));
  if (!CiphertextLengthOk(ciphertext.size())) {
    return Status::Corruption("envelope ciphertext has an impossible length");
  }
  e.ciphertext = ToBytes(ciphertext);
  MUTUAL_ASSIGN_OR_RETURN(e.signature, r.Fixed<64>());
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  return e;
}

Bytes EnvelopeSignedBytes(const Envelope& envelope) {
  assert(envelope.header.size() <= 0xffff);
  const auto header_len = static_cast<uint16_t>(envelope.header.size());
  ByteWriter w(kEnvelopeDomain.size() + 2 + envelope.header.size() + 24 +
               envelope.ciphertext.size());
  w.Raw(AsBytes(kEnvelopeDomain));
  w.U8(static_cast<uint8_t>(header_len >> 8));
  w.U8(static_cast<uint8_t>(header_len & 0xff));
  w.Raw(envelope.header);
  w.Raw(envelope.nonce);
  w.Raw(envelope.ciphertext);
  return w.Take();
}

Envelope SealEnvelope(const EnvelopeHeader& header, ByteView plaintext, const DocKey& key,
                      const SigningKey& signer) {
  assert(header.author == signer.public_key());
  assert(plaintext.size() <= kMaxEnvelopePlaintextBytes);
  Envelope e;
  e.header = EncodeEnvelopeHeader(header);

  Bytes padded(plaintext.size() + kEnvelopePadBlock);
  std::copy(plaintext.begin(), plaintext.end(), padded.begin());
  size_t padded_len = 0;
  // Cannot fail: the buffer has a whole block of room.
  [[maybe_unused]] int rc = sodium_pad(&padded_len, padded.data(), plaintext.size(),
                                       kEnvelopePadBlock, padded.size());
  assert(rc == 0);

  randombytes_buf(e.nonce.data(), e.nonce.size());
  e.ciphertext.resize(padded_len + kEnvelopeTagBytes);
  unsigned long long ciphertext_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      e.ciphertext.data(), &ciphertext_len, padded.data(), padded_len, e.header.data(),
      e.header.size(), nullptr, e.nonce.data(), key.bytes().data());
  assert(ciphertext_len == e.ciphertext.size());
  sodium_memzero(padded.data(), padded.size());

  e.signature = signer.Sign(EnvelopeSignedBytes(e));
  return e;
}

Status VerifyEnvelopeSignature(const Envelope& envelope,
                               const EnvelopeHeader& decoded_header) {
  // The key we verify with must be the author the signed header names.
  if (!HeaderIsValid(decoded_header) ||
      EncodeEnvelopeHeader(decoded_header) != envelope.header) {
    return Status::PeerViolation("envelope header does not match its decoded form");
  }
  if (!VerifySignature(decoded_header.author, EnvelopeSignedBytes(envelope),
                       envelope.signature)) {
    return Status::PeerViolation("envelope signature does not verify");
  }
  return Status::Ok();
}

Result<Bytes> OpenEnvelope(const Envelope& envelope, const DocKey& key) {
  if (!CiphertextLengthOk(envelope.ciphertext.size())) {
    return Status::PeerViolation("envelope ciphertext has an impossible length");
  }
  Bytes plain(envelope.ciphertext.size() - kEnvelopeTagBytes);
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          plain.data(), &plain_len, nullptr, envelope.ciphertext.data(),
          envelope.ciphertext.size(), envelope.header.data(), envelope.header.size(),
          envelope.nonce.data(), key.bytes().data()) != 0) {
    return Status::PeerViolation("envelope does not decrypt with this key");
  }
  size_t unpadded_len = 0;
  if (sodium_unpad(&unpadded_len, plain.data(), plain_len, kEnvelopePadBlock) != 0) {
    sodium_memzero(plain.data(), plain.size());
    return Status::PeerViolation("envelope plaintext has malformed padding");
  }
  plain.resize(unpadded_len);
  return plain;
}

Hash32 EnvelopeHash(const Envelope& envelope) {
  Blake2b256Hasher hasher;
  hasher.Update(EnvelopeSignedBytes(envelope));
  hasher.Update(envelope.signature);
  return hasher.Final();
}

}  // namespace mutual::crypto
