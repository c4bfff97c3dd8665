#include "libsync/crypto/cpace_pairing.h"

#include <algorithm>
#include <string>

namespace mutual::crypto {
namespace {

uint8_t RoleByte(CPaceRole role) {
  return role == CPaceRole::kInitiator ? kPairingJoinerRole : kPairingInviterRole;
}

}  // namespace

Bytes PairingCPaceAd(CPaceRole role, const PublicKey& signing_key) {
  Bytes ad;
  ad.reserve(kPairingCPaceAdBytes);
  ad.push_back(RoleByte(role));
  Append(ad, signing_key);
  return ad;
}

Result<PublicKey> ParsePairingCPaceAd(CPaceRole sender_role, ByteView ad) {
  if (ad.size() != kPairingCPaceAdBytes) {
    return Status::PeerViolation("pairing CPace AD is " + std::to_string(ad.size()) +
                                 " bytes, expected 33");
  }
  if (ad[0] != RoleByte(sender_role)) {
    return Status::PeerViolation("pairing CPace AD has the wrong role byte");
  }
  PublicKey key;
  std::copy(ad.begin() + 1, ad.end(), key.begin());
  return key;
}

CPaceParty StartPairingCPace(CPaceRole role, ByteView prs,
                             const NoiseHandshakeHash& handshake_hash,
                             const PublicKey& own_signing_key) {
  return CPaceParty::Start(role, prs, AsBytes(kPairingCPaceCi), handshake_hash,
                           PairingCPaceAd(role, own_signing_key));
}

}  // namespace mutual::crypto
