// A Noise CipherState (Noise spec rev 34, §5.1) for the ChaChaPoly cipher
// (§12.3): a 32-byte key k (or none) and a 64-bit nonce counter n.
//
// ENCRYPT is IETF ChaCha20-Poly1305 with the 96-bit nonce 0x00000000 ‖
// little-endian u64 n and a 16-byte tag. Without a key, EncryptWithAd and
// DecryptWithAd return their input unchanged, as the spec says (only the
// handshake's first messages use that; Split() always yields keyed states).
// n = 2^64-1 is reserved: once n reaches it, EncryptWithAd/DecryptWithAd
// fail. Rekey() replaces k with REKEY(k) = the first 32 bytes of
// ENCRYPT(k, 2^64-1, "", 32 zero bytes) and leaves n unchanged (§11.3): both
// sides must rekey after the same message for the channel to stay in sync.
//
// Every Noise message is at most kNoiseMaxMessageSize bytes (§3), so a
// ciphertext is limited to that and a plaintext to that minus the tag.
//
// Move-only; the key is wiped on destruction and a moved-from state has no
// key. Thread-safety: a single-owner value; not safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr size_t kNoiseMaxMessageSize = 65535;
inline constexpr size_t kNoiseKeySize = 32;
inline constexpr size_t kNoiseTagSize = 16;
// The reserved nonce value; also the nonce REKEY encrypts under.
inline constexpr uint64_t kNoiseMaxNonce = UINT64_MAX;

using NoiseKey = FixedBytes<kNoiseKeySize>;

class NoiseCipherState {
 public:
  // The spec's InitializeKey(empty): no key, n = 0.
  NoiseCipherState() = default;
  ~NoiseCipherState();
  NoiseCipherState(NoiseCipherState&& other) noexcept;
  NoiseCipherState& operator=(NoiseCipherState&& other) noexcept;
  NoiseCipherState(const NoiseCipherState&) = delete;
  NoiseCipherState& operator=(const NoiseCipherState&) = delete;

  // k = key, n = 0.
  void InitializeKey(const NoiseKey& key);
  bool HasKey() const { return has_key_; }
  // n = nonce. The spec's SetNonce; mutual itself only uses it in tests.
  void SetNonce(uint64_t nonce) { n_ = nonce; }
  // The next nonce to be used (a count of messages handled since the key
  // was set), for callers that rekey every so many messages.
  uint64_t nonce() const { return n_; }

  // With a key: ENCRYPT(k, n, ad, plaintext), then n += 1. Without a key:
  // `plaintext` unchanged and n untouched. Fails with InvalidArgument when
  // the result would exceed kNoiseMaxMessageSize bytes, FailedPrecondition
  // when n is the reserved 2^64-1; n is unchanged on failure.
  Result<Bytes> EncryptWithAd(ByteView ad, ByteView plaintext);

  // With a key: DECRYPT(k, n, ad, ciphertext), then n += 1. Without a key:
  // `ciphertext` unchanged. Fails with PeerViolation when the ciphertext is
  // longer than kNoiseMaxMessageSize, shorter than a tag, or does not
  // authenticate; FailedPrecondition when n is the reserved 2^64-1. On
  // failure n and k are unchanged (the spec's rule), so the caller decides
  // whether to drop the channel (mutual always does).
  Result<Bytes> DecryptWithAd(ByteView ad, ByteView ciphertext);

  // k = REKEY(k); n unchanged. FailedPrecondition without a key.
  Status Rekey();

 private:
  void Wipe();

  NoiseKey k_{};
  bool has_key_ = false;
  uint64_t n_ = 0;
};

}  // namespace mutual::crypto
