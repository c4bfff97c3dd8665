// How mutual's pairing fills in CPace's inputs (DESIGN.md §5, doc/pairing.md):
//   role : the joiner (runs `mutual join CODE`, the Noise initiator) is the
//          CPace initiator A; the inviter is the responder B.
//   PRS  : the code's words, PairingCode::Prs() (pairing_code.h).
//   CI   : "mutual/pair/v1".
//   sid  : the final Noise handshake hash (64 bytes), which ties the run to
//          this one Noise channel, its ephemeral and static keys.
//   AD   : one role byte (0x01 joiner, 0x02 inviter) ‖ the party's Ed25519
//          public key (33 bytes). The ISK, and so key confirmation, fails
//          unless both sides saw the same two keys: this binds the signing
//          keys the parties then trust. The role byte keeps the two ADs
//          distinct even for the same key, so a reflected message can never
//          confirm.
// The draft (§10.1.1) makes the receiver responsible for checking the peer's
// identity in its AD: ParsePairingCPaceAd does that check and hands back the
// key to trust once confirmation succeeds.
//
// REQUIRES: InitSodium() succeeded.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "libsync/crypto/cpace.h"
#include "libsync/crypto/signing.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr std::string_view kPairingCPaceCi = "mutual/pair/v1";
inline constexpr uint8_t kPairingJoinerRole = 0x01;   // CPace initiator
inline constexpr uint8_t kPairingInviterRole = 0x02;  // CPace responder
inline constexpr size_t kPairingCPaceAdBytes = 1 + 32;
inline constexpr size_t kNoiseHandshakeHashBytes = 64;

using NoiseHandshakeHash = FixedBytes<kNoiseHandshakeHashBytes>;

// The AD of the party playing `role`: role byte ‖ its Ed25519 public key.
Bytes PairingCPaceAd(CPaceRole role, const PublicKey& signing_key);

// The Ed25519 key in an AD received from the party playing `sender_role`.
// PeerViolation unless it is exactly 33 bytes with that role's byte.
Result<PublicKey> ParsePairingCPaceAd(CPaceRole sender_role, ByteView ad);

// Our CPace party for a pairing run: CI, sid and AD filled in as above.
CPaceParty StartPairingCPace(CPaceRole role, ByteView prs,
                             const NoiseHandshakeHash& handshake_hash,
                             const PublicKey& own_signing_key);

}  // namespace mutual::crypto
