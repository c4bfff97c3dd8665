// The Noise_XX_25519_ChaChaPoly_BLAKE2b handshake (Noise Protocol Framework
// rev 34, §5.3 HandshakeState with the XX pattern of §7.5) as a pure state
// machine: bytes in, bytes out; no sockets, files or clocks. DESIGN.md §5
// and doc/noise.md describe how mutual's peer channel uses it.
//
//   XX:  -> e
//        <- e, ee, s, es
//        -> s, se
//
// Usage: each side alternates WriteMessage/ReadMessage (IsWriteTurn() says
// which comes next) until IsComplete(), then calls Split() once for the
// transport CipherStates. Payloads ride in every handshake message; note the
// message-1 payload is sent in the clear and the message-2 payload is
// encrypted but not yet authenticated to a known initiator (§7.7).
//
// Checkpoints the caller acts on:
//  - a responder sees the initiator's message-1 payload as ReadMessage's
//    result;
//  - an initiator sees remote_static() right after reading message 2, before
//    writing message 3, so it can abort while its own identity is hidden.
//
// Errors: ReadMessage fails with PeerViolation on any malformed, truncated,
// oversized (> 65535 bytes) or forged message, or a peer key of small order;
// the handshake is then dead (IsFailed()): its secrets are wiped and every
// later call fails with FailedPrecondition. Calling WriteMessage/ReadMessage
// out of turn (including after completion) fails with FailedPrecondition
// and changes nothing. WriteMessage fails with InvalidArgument, changing
// nothing, when the message would exceed 65535 bytes.
//
// Secrets (static and ephemeral keys, ck, cipher keys) are wiped when the
// handshake is destroyed, fails, or is split. Move-only.
// Thread-safety: a single-owner value; not safe for concurrent use.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "libsync/crypto/noise_cipher_state.h"
#include "libsync/crypto/noise_hash.h"
#include "libsync/crypto/noise_symmetric_state.h"
#include "libsync/crypto/x25519.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr std::string_view kNoiseProtocolName =
    "Noise_XX_25519_ChaChaPoly_BLAKE2b";
// The prologue mutual's peer channel uses (DESIGN.md §5).
inline constexpr std::string_view kMutualNoisePrologue = "mutual/1";
// Bytes a handshake message adds to its payload, by message index: e; e +
// encrypted s + tag; encrypted s + tag.
inline constexpr size_t kNoiseXXOverhead[3] = {32, 32 + 48 + 16, 48 + 16};

// This side's transport CipherStates after the handshake.
struct NoiseTransport {
  NoiseCipherState send;
  NoiseCipherState recv;
};

class NoiseHandshake {
 public:
  // Initialize(XX, initiator, prologue, s) with no pre-messages. `prologue`
  // must be identical on both sides (kMutualNoisePrologue for mutual) or the
  // handshake fails at the first authenticated message.
  static NoiseHandshake Initiator(const X25519KeyPair& s, ByteView prologue);
  static NoiseHandshake Responder(const X25519KeyPair& s, ByteView prologue);

  NoiseHandshake(NoiseHandshake&&) noexcept = default;
  NoiseHandshake& operator=(NoiseHandshake&&) noexcept = default;
  NoiseHandshake(const NoiseHandshake&) = delete;
  NoiseHandshake& operator=(const NoiseHandshake&) = delete;
  ~NoiseHandshake() = default;  // members wipe themselves

  // TEST-ONLY seam: use `e` as this side's ephemeral key instead of a fresh
  // random one, so published test vectors can be replayed. Reusing an
  // ephemeral key in production destroys forward secrecy; never do it.
  // REQUIRES: no message has been written or read yet.
  void SetEphemeralForTesting(const X25519KeyPair& e);

  bool is_initiator() const { return initiator_; }
  // All three messages have been written or read.
  bool IsComplete() const { return step_ == kMessageCount && !failed_; }
  // A ReadMessage failed (or an internal DH failed); the handshake is dead.
  bool IsFailed() const { return failed_; }
  // The next call must be WriteMessage (false when complete or failed).
  bool IsWriteTurn() const;

  // Produces the next handshake message carrying `payload`. Errors: see the
  // header comment. REQUIRES nothing: out of turn gives FailedPrecondition.
  Result<Bytes> WriteMessage(ByteView payload);
  // Consumes the peer's next handshake message and returns its payload.
  Result<Bytes> ReadMessage(ByteView message);

  // The peer's static public key once received (initiator: after reading
  // message 2; responder: after reading message 3); nullopt before, and
  // after a failure.
  const std::optional<PublicKey>& remote_static() const { return rs_; }

  // The spec's GetHandshakeHash(): h so far. Once IsComplete() it is the
  // value both sides share, unique to this session (a channel binding).
  const NoiseHash& HandshakeHash() const { return symmetric_.handshake_hash(); }

  // The transport CipherStates for this side (initiator sends with the
  // spec's c1, responder with c2). Afterwards the handshake's remaining
  // secrets are wiped; HandshakeHash() and remote_static() stay readable.
  // FailedPrecondition unless IsComplete(), or when already split.
  Result<NoiseTransport> Split();

 private:
  static constexpr size_t kMessageCount = 3;
  enum class Token { kE, kS, kEE, kES, kSE };

  NoiseHandshake(bool initiator, const X25519KeyPair& s, ByteView prologue);

  // The tokens of message `step` (0-based) of the XX pattern.
  static std::span<const Token> Pattern(size_t step);

  Status WriteToken(Token token, Bytes& out);
  Status ReadToken(Token token, ByteView message, size_t& pos);
  // Reads a peer public key at `pos` (decrypting it when `encrypted` and a
  // key is set), mixes it into h and stores it in `key`.
  Status ReadKey(ByteView message, size_t& pos, bool encrypted,
                 std::optional<PublicKey>& key);
  // ee / es / se for this side's role.
  Status MixDhToken(Token token);
  Status MixDh(const std::optional<X25519KeyPair>& mine,
               const std::optional<PublicKey>& theirs);
  // FailedPrecondition unless this is the turn to write (or read).
  Status TurnCheck(bool writing) const;
  // Marks the handshake dead, wipes its secrets and returns `why`.
  Status Fail(Status why);
  void FinishMessage();

  bool initiator_;
  bool failed_ = false;
  bool split_ = false;
  size_t step_ = 0;  // index of the next message
  NoiseSymmetricState symmetric_;
  std::optional<X25519KeyPair> s_;
  std::optional<X25519KeyPair> e_;
  std::optional<PublicKey> re_;
  std::optional<PublicKey> rs_;
};

}  // namespace mutual::crypto
