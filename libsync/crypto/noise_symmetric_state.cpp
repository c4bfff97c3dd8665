#include "libsync/crypto/noise_symmetric_state.h"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace mutual::crypto {
namespace {

// The first 32 bytes of a HASHLEN output, as a cipher key.
NoiseKey TruncateToKey(const NoiseHash& h) {
  NoiseKey key;
  std::copy_n(h.begin(), key.size(), key.begin());
  return key;
}

}  // namespace

NoiseSymmetricState::NoiseSymmetricState(std::string_view protocol_name) {
  ByteView name = AsBytes(protocol_name);
  if (name.size() <= kNoiseHashLen) {
    std::copy(name.begin(), name.end(), h_.begin());  // rest stays zero
  } else {
    h_ = NoiseHashOf(name);
  }
  ck_ = h_;
}

NoiseSymmetricState::~NoiseSymmetricState() {
  WipeSecrets();
  sodium_memzero(h_.data(), h_.size());
}

void NoiseSymmetricState::MixKey(ByteView input_key_material) {
  std::array<NoiseHash, 2> out;
  NoiseHkdf(ck_, input_key_material, out);
  ck_ = out[0];
  NoiseKey key = TruncateToKey(out[1]);
  cipher_.InitializeKey(key);
  sodium_memzero(key.data(), key.size());
  sodium_memzero(out.data(), sizeof(out));
}

void NoiseSymmetricState::MixHash(ByteView data) { h_ = NoiseHashOf(h_, data); }

Result<Bytes> NoiseSymmetricState::EncryptAndHash(ByteView plaintext) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes ciphertext, cipher_.EncryptWithAd(h_, plaintext));
  MixHash(ciphertext);
  return ciphertext;
}

Result<Bytes> NoiseSymmetricState::DecryptAndHash(ByteView ciphertext) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes plaintext, cipher_.DecryptWithAd(h_, ciphertext));
  MixHash(ciphertext);
  return plaintext;
}

void NoiseSymmetricState::Split(NoiseCipherState& c1, NoiseCipherState& c2) const {
  std::array<NoiseHash, 2> out;
  NoiseHkdf(ck_, {}, out);
  NoiseKey k1 = TruncateToKey(out[0]);
  NoiseKey k2 = TruncateToKey(out[1]);
  c1.InitializeKey(k1);
  c2.InitializeKey(k2);
  sodium_memzero(k1.data(), k1.size());
  sodium_memzero(k2.data(), k2.size());
  sodium_memzero(out.data(), sizeof(out));
}

void NoiseSymmetricState::WipeSecrets() {
  sodium_memzero(ck_.data(), ck_.size());
  cipher_ = NoiseCipherState();
}

}  // namespace mutual::crypto
