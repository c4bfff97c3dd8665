#include "libsync/crypto/noise_cipher_state.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>

namespace mutual::crypto {
namespace {

static_assert(crypto_aead_chacha20poly1305_ietf_KEYBYTES == kNoiseKeySize);
static_assert(crypto_aead_chacha20poly1305_ietf_ABYTES == kNoiseTagSize);
static_assert(crypto_aead_chacha20poly1305_ietf_NPUBBYTES == 12);

using Nonce = FixedBytes<crypto_aead_chacha20poly1305_ietf_NPUBBYTES>;

// §12.3: 32 bits of zeros followed by the little-endian encoding of n.
Nonce EncodeNonce(uint64_t n) {
  Nonce nonce{};
  for (size_t i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(n >> (8 * i));
  return nonce;
}

// ENCRYPT(k, n, ad, plaintext) of §4.2: ciphertext ‖ 16-byte tag.
Bytes ChaChaPolyEncrypt(const NoiseKey& k, uint64_t n, ByteView ad, ByteView plaintext) {
  Bytes out(plaintext.size() + kNoiseTagSize);
  Nonce nonce = EncodeNonce(n);
  unsigned long long out_len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), &out_len, plaintext.data(),
                                            plaintext.size(), ad.data(), ad.size(),
                                            nullptr, nonce.data(), k.data());
  assert(out_len == out.size());
  return out;
}

}  // namespace

NoiseCipherState::~NoiseCipherState() { Wipe(); }

NoiseCipherState::NoiseCipherState(NoiseCipherState&& other) noexcept
    : k_(other.k_), has_key_(other.has_key_), n_(other.n_) {
  other.Wipe();
}

NoiseCipherState& NoiseCipherState::operator=(NoiseCipherState&& other) noexcept {
  if (this != &other) {
    k_ = other.k_;
    has_key_ = other.has_key_;
    n_ = other.n_;
    other.Wipe();
  }
  return *this;
}

void NoiseCipherState::Wipe() {
  sodium_memzero(k_.data(), k_.size());
  has_key_ = false;
  n_ = 0;
}

void NoiseCipherState::InitializeKey(const NoiseKey& key) {
  k_ = key;
  has_key_ = true;
  n_ = 0;
}

Result<Bytes> NoiseCipherState::EncryptWithAd(ByteView ad, ByteView plaintext) {
  size_t overhead = has_key_ ? kNoiseTagSize : 0;
  if (plaintext.size() > kNoiseMaxMessageSize - overhead) {
    return Status::InvalidArgument("noise: plaintext too large for one message");
  }
  if (!has_key_) return ToBytes(plaintext);
  if (n_ == kNoiseMaxNonce) return Status::FailedPrecondition("noise: nonce exhausted");
  Bytes out = ChaChaPolyEncrypt(k_, n_, ad, plaintext);
  ++n_;
  return out;
}

Result<Bytes> NoiseCipherState::DecryptWithAd(ByteView ad, ByteView ciphertext) {
  if (ciphertext.size() > kNoiseMaxMessageSize) {
    return Status::PeerViolation("noise: message longer than 65535 bytes");
  }
  if (!has_key_) return ToBytes(ciphertext);
  if (n_ == kNoiseMaxNonce) return Status::FailedPrecondition("noise: nonce exhausted");
  if (ciphertext.size() < kNoiseTagSize) {
    return Status::PeerViolation("noise: ciphertext shorter than its tag");
  }
  Bytes out(ciphertext.size() - kNoiseTagSize);
  Nonce nonce = EncodeNonce(n_);
  unsigned long long out_len = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(
          out.data(), &out_len, nullptr, ciphertext.data(), ciphertext.size(), ad.data(),
          ad.size(), nonce.data(), k_.data()) != 0) {
    return Status::PeerViolation("noise: message failed authentication");
  }
  ++n_;
  return out;
}

Status NoiseCipherState::Rekey() {
  if (!has_key_) return Status::FailedPrecondition("noise: rekey without a key");
  const FixedBytes<kNoiseKeySize> zeros{};
  Bytes block = ChaChaPolyEncrypt(k_, kNoiseMaxNonce, {}, zeros);
  std::copy_n(block.begin(), kNoiseKeySize, k_.begin());
  sodium_memzero(block.data(), block.size());
  return Status::Ok();
}

}  // namespace mutual::crypto
