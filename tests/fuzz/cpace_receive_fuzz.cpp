// Fuzzes CPace's handling of the peer's message (pairing receives Y and AD
// from a not-yet-trusted peer). Input: 32 bytes of Y, then the AD. No crash;
// a Y that is not 32 valid bytes is a PeerViolation; an accepted Y gives an
// ISK that the key confirmation then rejects (the fuzzer cannot know the
// password), and the party never accepts a second message.
#include <cstdlib>

#include "libsync/crypto/cpace.h"
#include "libsync/crypto/cpace_confirm.h"
#include "libsync/crypto/sodium.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool sodium_ready = mutual::crypto::InitSodium().ok();
  if (!sodium_ready) std::abort();
  using mutual::crypto::CPaceParty;
  using mutual::crypto::CPaceRole;
  mutual::ByteView in(data, size);
  mutual::ByteView peer_y = in.first(std::min<size_t>(size, 32));
  mutual::ByteView peer_ad = in.subspan(peer_y.size());
  mutual::Bytes sid(64, 0x01);
  auto party =
      CPaceParty::Start(CPaceRole::kResponder, mutual::AsBytes("crossover-clockwork"),
                        mutual::AsBytes("mutual/pair/v1"), sid, mutual::AsBytes("B"));
  auto isk = party.Receive(peer_y, peer_ad);
  if (!party.Receive(peer_y, peer_ad).status().IsFailedPrecondition()) std::abort();
  if (!isk.ok()) {
    if (!isk.status().IsPeerViolation()) std::abort();
    return 0;
  }
  if (peer_y.size() != 32) std::abort();
  mutual::crypto::CPaceKeyConfirmation confirm(sid, *isk, party.Message(), party.ad(),
                                               peer_y, peer_ad);
  mutual::crypto::CPaceTag guess{};
  if (confirm.CheckPeerTag(guess).ok()) std::abort();
  return 0;
}
