// Explicit key confirmation for CPace, exactly as draft-irtf-cfrg-cpace-21
// §10.4 suggests, with HMAC-SHA-512 as the MAC:
//   mac_key = SHA-512("CPaceMac" ‖ sid ‖ ISK)          (plain concatenation)
//   Ta      = HMAC-SHA-512(mac_key, lv_cat(Ya, ADa))    (sent by A)
//   Tb      = HMAC-SHA-512(mac_key, lv_cat(Yb, ADb))    (sent by B)
// Each side tags the message it sent and checks the peer's tag before it
// sends anything else (DESIGN.md §5); a wrong code fails here, on both sides.
// The draft derives one mac_key for both directions; the tags differ because
// the tagged messages do (CPaceParty rejects a reflected Y, and mutual's ADs
// carry distinct role bytes, cpace_pairing.h).
//
// REQUIRES: InitSodium() succeeded.
// Thread-safety: pure functions; a CPaceKeyConfirmation is an immutable
// value after construction.
#pragma once

#include "libsync/crypto/cpace.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr size_t kCPaceTagBytes = 64;

using CPaceMacKey = FixedBytes<64>;
using CPaceTag = FixedBytes<kCPaceTagBytes>;

// mac_key = SHA-512("CPaceMac" ‖ sid ‖ ISK).
CPaceMacKey CPaceMacKeyFor(ByteView sid, const CPaceIsk& isk);

// HMAC-SHA-512(mac_key, lv_cat(y, ad)): the tag of the party that sent (y, ad).
CPaceTag CPaceTagFor(const CPaceMacKey& mac_key, ByteView y, ByteView ad);

// True when `tag` is the tag of (y, ad); compares in constant time. False for
// a tag of the wrong length.
bool VerifyCPaceTag(const CPaceMacKey& mac_key, ByteView y, ByteView ad, ByteView tag);

// Both tags of one run, from one side's point of view.
class CPaceKeyConfirmation {
 public:
  // `own_*` is what this side sent, `peer_*` what it received; `sid` and
  // `isk` as given to / returned by CPaceParty.
  CPaceKeyConfirmation(ByteView sid, const CPaceIsk& isk, ByteView own_y, ByteView own_ad,
                       ByteView peer_y, ByteView peer_ad);
  ~CPaceKeyConfirmation();
  CPaceKeyConfirmation(const CPaceKeyConfirmation&) = delete;
  CPaceKeyConfirmation& operator=(const CPaceKeyConfirmation&) = delete;

  // The tag to send.
  const CPaceTag& own_tag() const { return own_tag_; }
  // OK when `peer_tag` is the peer's correct tag; PeerViolation otherwise
  // (a wrong code, a tampered message, or an attacker's guess).
  Status CheckPeerTag(ByteView peer_tag) const;

 private:
  CPaceTag own_tag_;
  CPaceTag expected_peer_tag_;
};

}  // namespace mutual::crypto
