// Fuzzes the Noise XX state machine where a remote peer's bytes first reach
// it: NoiseHandshake::ReadMessage at each of the three handshake steps, and
// the transport CipherState after Split(). The first input byte picks the
// step; the rest is the peer's message. Keys and ephemerals are fixed so a
// crash reproduces.
// Properties: no crash; every rejection is a PeerViolation that leaves the
// handshake dead; message 1 (unauthenticated by design) is accepted exactly
// when it is long enough and carries a key of large order, and its payload
// comes back unchanged; a forged message 2 or 3 or transport frame is never
// accepted (a mutation cannot compute X25519 results and Poly1305 tags, so
// acceptance would mean a missing check).
#include <algorithm>
#include <cstdlib>

#include "libsync/crypto/noise.h"
#include "libsync/crypto/sodium.h"

namespace {

using mutual::Bytes;
using mutual::ByteView;
using mutual::crypto::NoiseHandshake;
using mutual::crypto::X25519KeyPair;

X25519KeyPair Key(uint8_t fill) {
  mutual::FixedBytes<32> secret;
  secret.fill(fill);
  return X25519KeyPair::FromSecret(secret);
}

ByteView Prologue() { return mutual::AsBytes(mutual::crypto::kMutualNoisePrologue); }

NoiseHandshake Initiator() {
  auto hs = NoiseHandshake::Initiator(Key(1), Prologue());
  hs.SetEphemeralForTesting(Key(2));
  return hs;
}

NoiseHandshake Responder() {
  auto hs = NoiseHandshake::Responder(Key(3), Prologue());
  hs.SetEphemeralForTesting(Key(4));
  return hs;
}

void Check(bool property) {
  if (!property) std::abort();
}

// Writes on `from` and reads on `to`; both must work.
void Deliver(NoiseHandshake& from, NoiseHandshake& to) {
  auto msg = from.WriteMessage(mutual::AsBytes("fuzz"));
  Check(msg.ok());
  Check(to.ReadMessage(*msg).ok());
}

// `hs` must reject `msg` and be dead afterwards.
void CheckRejected(NoiseHandshake& hs, ByteView msg) {
  auto got = hs.ReadMessage(msg);
  Check(got.status().IsPeerViolation());
  Check(hs.IsFailed() && !hs.remote_static().has_value());
  Check(hs.WriteMessage({}).status().IsFailedPrecondition());
}

void FuzzMessage1(ByteView msg) {
  auto resp = Responder();
  auto got = resp.ReadMessage(msg);
  bool acceptable =
      msg.size() >= 32 && msg.size() <= mutual::crypto::kNoiseMaxMessageSize;
  if (acceptable) {
    mutual::crypto::PublicKey e;
    std::copy_n(msg.begin(), 32, e.begin());
    acceptable = !mutual::crypto::IsWeakX25519Key(e);
  }
  Check(got.ok() == acceptable);
  if (!got.ok()) {
    Check(got.status().IsPeerViolation() && resp.IsFailed());
    return;
  }
  Check(*got == Bytes(msg.begin() + 32, msg.end()));
  Check(resp.WriteMessage({}).ok());
}

void FuzzMessage2(ByteView msg) {
  auto init = Initiator();
  Check(init.WriteMessage({}).ok());
  CheckRejected(init, msg);
}

void FuzzMessage3(ByteView msg) {
  auto init = Initiator();
  auto resp = Responder();
  Deliver(init, resp);
  Deliver(resp, init);
  CheckRejected(resp, msg);
}

void FuzzTransport(ByteView msg) {
  auto init = Initiator();
  auto resp = Responder();
  Deliver(init, resp);
  Deliver(resp, init);
  Deliver(init, resp);
  auto transport = resp.Split();
  Check(transport.ok());
  auto got = transport->recv.DecryptWithAd({}, msg);
  Check(got.status().IsPeerViolation());
  Check(transport->recv.nonce() == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool sodium_ready = mutual::crypto::InitSodium().ok();
  if (!sodium_ready) std::abort();
  if (size == 0) return 0;
  ByteView msg(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      FuzzMessage1(msg);
      break;
    case 1:
      FuzzMessage2(msg);
      break;
    case 2:
      FuzzMessage3(msg);
      break;
    default:
      FuzzTransport(msg);
      break;
  }
  return 0;
}
