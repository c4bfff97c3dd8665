// CPace, the balanced PAKE of draft-irtf-cfrg-cpace-21, cipher suite
// CPACE-RISTR255-SHA512 (§8.3: ristretto255 via libsodium, SHA-512), in the
// initiator-responder setting (transcript_ir). Pairing (DESIGN.md §5) runs it
// inside a not-yet-trusted Noise channel; cpace_pairing.h fixes mutual's
// inputs and cpace_confirm.h adds the draft's explicit key confirmation.
//
//   g   = ristretto255_from_hash(SHA-512(lv_cat(DSI, PRS, zero_bytes(zpad),
//                                               CI, sid)))
//         DSI = "CPaceRistretto255", zpad = max(0, 128 - 1 - len(lv(PRS))
//                                                   - len(lv(DSI)))
//   Y   = y·g, y uniform in [1, L-1]         (our message, 32 bytes)
//   K   = y·Y_peer; abort if Y_peer does not decode or K is the identity
//   ISK = SHA-512(lv_cat("CPaceRistretto255_ISK", sid, K) ‖
//                 lv_cat(Ya, ADa) ‖ lv_cat(Yb, ADb))
// where a = the initiator, b = the responder. K never leaves this file
// (draft §10.3: a leaked K allows an offline dictionary attack).
//
// REQUIRES (of every entry point): InitSodium() succeeded.
// Thread-safety: CPacePoint etc. are values; a CPaceParty is single-owner.
#pragma once

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr size_t kCPacePointBytes = 32;
inline constexpr size_t kCPaceScalarBytes = 32;
inline constexpr size_t kCPaceIskBytes = 64;

using CPacePoint = FixedBytes<kCPacePointBytes>;    // encoded ristretto255 element
using CPaceScalar = FixedBytes<kCPaceScalarBytes>;  // little-endian scalar
using CPaceIsk = FixedBytes<kCPaceIskBytes>;        // intermediate session key

// A is the initiator (speaks first); B the responder.
enum class CPaceRole { kInitiator, kResponder };

// The encoded generator g for these inputs (G.calculate_generator, §8.3).
CPacePoint CPaceGenerator(ByteView prs, ByteView ci, ByteView sid);

// One side of one CPace run. Single use: Receive() may be called once; after
// it (success or failure) the secret scalar is wiped and the party is spent,
// so no second peer message can ever be tried against the same scalar.
class CPaceParty {
 public:
  // A party with a fresh random scalar (crypto_core_ristretto255_scalar_random,
  // the uniform sampling of §8.3). `own_ad` is sent in clear beside Message().
  static CPaceParty Start(CPaceRole role, ByteView prs, ByteView ci, ByteView sid,
                          ByteView own_ad);
  // Test seam: the same with a given scalar, for the draft's test vectors.
  // Never use a scalar twice. Fails with InvalidArgument when y·g is the
  // identity (y ≡ 0 mod L).
  static Result<CPaceParty> StartWithScalarForTesting(CPaceRole role, ByteView prs,
                                                      ByteView ci, ByteView sid,
                                                      ByteView own_ad,
                                                      const CPaceScalar& y);

  // A moved-from party is spent (its scalar wiped).
  CPaceParty(CPaceParty&& other) noexcept;
  CPaceParty& operator=(CPaceParty&& other) noexcept;
  CPaceParty(const CPaceParty&) = delete;
  CPaceParty& operator=(const CPaceParty&) = delete;
  ~CPaceParty();

  CPaceRole role() const { return role_; }
  // Our message Y (Ya for the initiator, Yb for the responder).
  const CPacePoint& Message() const { return message_; }
  const Bytes& ad() const { return own_ad_; }
  const Bytes& sid() const { return sid_; }

  // Computes the ISK from the peer's message and AD. Fails with
  // PeerViolation when `peer_y` is not 32 bytes, is not a canonical
  // ristretto255 encoding, is the identity, equals our own message (a
  // reflection), or gives K = identity; with FailedPrecondition when the
  // party is already spent. Every call spends the party.
  Result<CPaceIsk> Receive(ByteView peer_y, ByteView peer_ad);

 private:
  CPaceParty(CPaceRole role, const CPaceScalar& y, const CPacePoint& message,
             ByteView sid, ByteView own_ad);
  // K = y·peer_y into `k`, checking peer_y (see Receive).
  Status SharedPoint(ByteView peer_y, CPacePoint& k) const;
  CPaceIsk DeriveIsk(const CPacePoint& k, ByteView peer_y, ByteView peer_ad) const;

  CPaceRole role_;
  CPaceScalar scalar_;
  CPacePoint message_;
  Bytes sid_;
  Bytes own_ad_;
  bool spent_ = false;
};

}  // namespace mutual::crypto
