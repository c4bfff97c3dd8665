// A Noise SymmetricState (Noise spec rev 34, §5.2) for *_ChaChaPoly_BLAKE2b:
// the chaining key ck, the handshake hash h and a CipherState. It is the
// building block of NoiseHandshake (noise.h); other code uses that instead.
//
// Because HASHLEN (64) exceeds the 32-byte cipher key, MixKey and Split
// truncate the HKDF outputs to 32 bytes, as §5.2 prescribes.
//
// Move-only; ck, h and the key are wiped on destruction (a moved-from state
// keeps copies until it is destroyed). Thread-safety: single-owner value.
#pragma once

#include <string_view>

#include "libsync/crypto/noise_cipher_state.h"
#include "libsync/crypto/noise_hash.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

class NoiseSymmetricState {
 public:
  // InitializeSymmetric(protocol_name): h = the name zero-padded to HASHLEN
  // (or HASH(name) when longer), ck = h, no cipher key.
  explicit NoiseSymmetricState(std::string_view protocol_name);
  ~NoiseSymmetricState();
  NoiseSymmetricState(NoiseSymmetricState&&) noexcept = default;
  NoiseSymmetricState& operator=(NoiseSymmetricState&&) noexcept = default;
  NoiseSymmetricState(const NoiseSymmetricState&) = delete;
  NoiseSymmetricState& operator=(const NoiseSymmetricState&) = delete;

  // ck, temp_k = HKDF(ck, ikm, 2); InitializeKey(temp_k[0..32]).
  void MixKey(ByteView input_key_material);
  // h = HASH(h ‖ data).
  void MixHash(ByteView data);
  // The spec's GetHandshakeHash().
  const NoiseHash& handshake_hash() const { return h_; }
  bool HasKey() const { return cipher_.HasKey(); }

  // ciphertext = EncryptWithAd(h, plaintext); MixHash(ciphertext). Errors
  // are the CipherState's (h is unchanged on error).
  Result<Bytes> EncryptAndHash(ByteView plaintext);
  // plaintext = DecryptWithAd(h, ciphertext); MixHash(ciphertext). Errors
  // are the CipherState's (h is unchanged on error).
  Result<Bytes> DecryptAndHash(ByteView ciphertext);

  // temp_k1, temp_k2 = HKDF(ck, "", 2); c1 gets temp_k1[0..32] (initiator
  // to responder), c2 temp_k2[0..32]. Does not change this state.
  void Split(NoiseCipherState& c1, NoiseCipherState& c2) const;

  // Wipes ck and the cipher key (h stays: it is public-ish and the caller
  // may still need it, e.g. as a channel binding).
  void WipeSecrets();

 private:
  NoiseHash ck_{};
  NoiseHash h_{};
  NoiseCipherState cipher_;
};

}  // namespace mutual::crypto
