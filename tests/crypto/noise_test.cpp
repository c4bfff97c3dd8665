#include "libsync/crypto/noise.h"

#include <catch2/catch.hpp>
#include <string_view>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::RequireSodium;

Bytes Text(std::string_view s) { return ToBytes(s); }

// Two fresh peers with random static keys, mutual's prologue by default.
struct Peers {
  X25519KeyPair init_static = X25519KeyPair::Generate();
  X25519KeyPair resp_static = X25519KeyPair::Generate();
  NoiseHandshake init;
  NoiseHandshake resp;

  explicit Peers(std::string_view init_prologue = kMutualNoisePrologue,
                 std::string_view resp_prologue = kMutualNoisePrologue)
      : init(NoiseHandshake::Initiator(init_static, AsBytes(init_prologue))),
        resp(NoiseHandshake::Responder(resp_static, AsBytes(resp_prologue))) {}
};

// Writes on `from`, reads on `to`; REQUIREs both succeed, returns the wire bytes.
Bytes Deliver(NoiseHandshake& from, NoiseHandshake& to, std::string_view payload) {
  auto msg = from.WriteMessage(AsBytes(payload));
  REQUIRE(msg.ok());
  auto got = to.ReadMessage(*msg);
  REQUIRE(got.ok());
  REQUIRE(*got == Text(payload));
  return *msg;
}

void RequireDead(NoiseHandshake& hs) {
  REQUIRE(hs.IsFailed());
  REQUIRE_FALSE(hs.IsComplete());
  REQUIRE_FALSE(hs.IsWriteTurn());
  REQUIRE_FALSE(hs.remote_static().has_value());
  REQUIRE(hs.WriteMessage({}).status().IsFailedPrecondition());
  REQUIRE(hs.ReadMessage(Bytes(200, 1)).status().IsFailedPrecondition());
  REQUIRE(hs.Split().status().IsFailedPrecondition());
}

TEST_CASE("NoiseHandshakeBetweenFreshPeersAgreesOnKeysAndHash") {
  RequireSodium();
  Peers p;
  Deliver(p.init, p.resp, "hello");
  Deliver(p.resp, p.init, "from responder");
  Deliver(p.init, p.resp, "from initiator");
  REQUIRE(p.init.IsComplete());
  REQUIRE(p.resp.IsComplete());
  REQUIRE(p.init.HandshakeHash() == p.resp.HandshakeHash());
  REQUIRE(p.init.remote_static() == p.resp_static.public_key());
  REQUIRE(p.resp.remote_static() == p.init_static.public_key());

  auto a = p.init.Split();
  auto b = p.resp.Split();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto ct = a->send.EncryptWithAd({}, AsBytes("ping"));
  REQUIRE(b->recv.DecryptWithAd({}, ct.value()).value() == Text("ping"));
  ct = b->send.EncryptWithAd({}, AsBytes("pong"));
  REQUIRE(a->recv.DecryptWithAd({}, ct.value()).value() == Text("pong"));
  // The two directions use different keys: a message cannot be reflected.
  auto own = a->send.EncryptWithAd({}, AsBytes("echo"));
  REQUIRE(a->recv.DecryptWithAd({}, own.value()).status().IsPeerViolation());
}

TEST_CASE("NoiseHandshakesWithTheSameStaticKeysGetDistinctHashes") {
  RequireSodium();
  auto s1 = X25519KeyPair::Generate();
  auto s2 = X25519KeyPair::Generate();
  NoiseHash hashes[2];
  for (auto& hash : hashes) {
    auto init = NoiseHandshake::Initiator(s1, AsBytes(kMutualNoisePrologue));
    auto resp = NoiseHandshake::Responder(s2, AsBytes(kMutualNoisePrologue));
    Deliver(init, resp, "");
    Deliver(resp, init, "");
    Deliver(init, resp, "");
    hash = init.HandshakeHash();
  }
  REQUIRE(hashes[0] != hashes[1]);  // fresh ephemerals every time
}

TEST_CASE("NoiseResponderSeesInitiatorPayloadAfterMessage1") {
  RequireSodium();
  Peers p;
  auto msg1 = p.init.WriteMessage(AsBytes("channel 7"));
  REQUIRE(msg1.ok());
  REQUIRE(msg1->size() == kNoiseXXOverhead[0] + 9);
  auto payload = p.resp.ReadMessage(*msg1);
  REQUIRE(payload.ok());
  REQUIRE(*payload == Text("channel 7"));
  REQUIRE_FALSE(p.resp.remote_static().has_value());
  REQUIRE(p.resp.IsWriteTurn());
}

TEST_CASE("NoiseInitiatorSeesResponderStaticBeforeWritingMessage3") {
  RequireSodium();
  Peers p;
  Deliver(p.init, p.resp, "");
  REQUIRE_FALSE(p.init.remote_static().has_value());
  Deliver(p.resp, p.init, "");
  REQUIRE(p.init.remote_static() == p.resp_static.public_key());
  REQUIRE(p.init.IsWriteTurn());
  REQUIRE_FALSE(p.init.IsComplete());
  // Aborting here means the responder never learns who the initiator is.
  REQUIRE_FALSE(p.resp.remote_static().has_value());
  REQUIRE_FALSE(p.resp.IsComplete());
}

TEST_CASE("NoiseTamperedMessage1FailsAtTheInitiator") {
  RequireSodium();
  for (size_t i : {size_t{0}, size_t{31}, size_t{32}, size_t{36}}) {
    Peers p;
    auto msg1 = p.init.WriteMessage(AsBytes("hello"));
    REQUIRE(msg1.ok());
    Bytes bad = *msg1;
    bad[i] ^= 0x01;
    // Message 1 has no authenticator; the responder binds what it read into
    // h, so the initiator rejects the reply.
    auto read = p.resp.ReadMessage(bad);
    REQUIRE(read.ok());
    auto msg2 = p.resp.WriteMessage({});
    REQUIRE(msg2.ok());
    REQUIRE(p.init.ReadMessage(*msg2).status().IsPeerViolation());
    RequireDead(p.init);
  }
}

TEST_CASE("NoiseTamperedMessage2IsRejected") {
  RequireSodium();
  Peers probe;
  Deliver(probe.init, probe.resp, "");
  size_t len = probe.resp.WriteMessage(AsBytes("abc")).value().size();
  for (size_t i = 0; i < len; ++i) {
    Peers p;
    Deliver(p.init, p.resp, "");
    Bytes bad = p.resp.WriteMessage(AsBytes("abc")).value();
    bad[i] ^= 0x80;
    INFO("flipped byte " << i);
    REQUIRE(p.init.ReadMessage(bad).status().IsPeerViolation());
    RequireDead(p.init);
  }
}

TEST_CASE("NoiseTamperedMessage3IsRejected") {
  RequireSodium();
  for (size_t i = 0; i < kNoiseXXOverhead[2] + 3; ++i) {
    Peers p;
    Deliver(p.init, p.resp, "");
    Deliver(p.resp, p.init, "");
    Bytes bad = p.init.WriteMessage(AsBytes("xyz")).value();
    bad[i] ^= 0x01;
    INFO("flipped byte " << i);
    REQUIRE(p.resp.ReadMessage(bad).status().IsPeerViolation());
    RequireDead(p.resp);
  }
}

TEST_CASE("NoiseTruncatedMessagesAreRejected") {
  RequireSodium();
  for (size_t step = 0; step < 3; ++step) {
    for (size_t cut : {size_t{1}, size_t{16}, kNoiseXXOverhead[step]}) {
      Peers p;
      if (step >= 1) Deliver(p.init, p.resp, "");
      if (step >= 2) Deliver(p.resp, p.init, "");
      NoiseHandshake& writer = step % 2 == 0 ? p.init : p.resp;
      NoiseHandshake& reader = step % 2 == 0 ? p.resp : p.init;
      Bytes msg = writer.WriteMessage({}).value();
      REQUIRE(msg.size() == kNoiseXXOverhead[step]);
      msg.resize(msg.size() - cut);
      INFO("message " << step << " cut by " << cut);
      REQUIRE(reader.ReadMessage(msg).status().IsPeerViolation());
      RequireDead(reader);
    }
  }
}

TEST_CASE("NoiseWrongPrologueFailsTheHandshake") {
  RequireSodium();
  Peers p(kMutualNoisePrologue, "mutual/2");
  Bytes msg1 = p.init.WriteMessage({}).value();
  REQUIRE(p.resp.ReadMessage(msg1).ok());
  Bytes msg2 = p.resp.WriteMessage({}).value();
  REQUIRE(p.init.ReadMessage(msg2).status().IsPeerViolation());
  RequireDead(p.init);
}

TEST_CASE("NoiseReplayedMessage2IntoCompletedHandshakeFails") {
  RequireSodium();
  Peers p;
  Deliver(p.init, p.resp, "");
  Bytes msg2 = Deliver(p.resp, p.init, "");
  Deliver(p.init, p.resp, "");
  REQUIRE(p.init.IsComplete());
  REQUIRE(p.init.ReadMessage(msg2).status().IsFailedPrecondition());
  REQUIRE(p.init.IsComplete());  // out-of-turn calls change nothing
  REQUIRE(p.init.Split().ok());
}

TEST_CASE("NoiseMessage2FromAnotherSessionIsRejected") {
  RequireSodium();
  Peers old_session;
  Deliver(old_session.init, old_session.resp, "");
  Bytes old_msg2 = old_session.resp.WriteMessage({}).value();
  // Same static keys, new session: fresh ephemerals make the old reply stale.
  auto init =
      NoiseHandshake::Initiator(old_session.init_static, AsBytes(kMutualNoisePrologue));
  REQUIRE(init.WriteMessage({}).ok());
  REQUIRE(init.ReadMessage(old_msg2).status().IsPeerViolation());
  RequireDead(init);
}

TEST_CASE("NoiseOutOfTurnCallsFailWithoutSideEffects") {
  RequireSodium();
  Peers p;
  REQUIRE(p.init.IsWriteTurn());
  REQUIRE_FALSE(p.resp.IsWriteTurn());
  REQUIRE(p.init.ReadMessage(Bytes(32, 9)).status().IsFailedPrecondition());
  REQUIRE(p.resp.WriteMessage({}).status().IsFailedPrecondition());
  REQUIRE(p.init.Split().status().IsFailedPrecondition());
  REQUIRE_FALSE(p.init.IsFailed());
  REQUIRE_FALSE(p.resp.IsFailed());
  // Both still complete normally.
  Deliver(p.init, p.resp, "a");
  Deliver(p.resp, p.init, "b");
  Deliver(p.init, p.resp, "c");
  REQUIRE(p.resp.IsComplete());
  REQUIRE(p.resp.Split().ok());
  REQUIRE(p.resp.Split().status().IsFailedPrecondition());  // only once
  REQUIRE(p.resp.HandshakeHash() == p.init.HandshakeHash());
}

TEST_CASE("NoiseOversizedPayloadsAreRefused") {
  RequireSodium();
  Peers p;
  Bytes too_big(kNoiseMaxMessageSize - kNoiseXXOverhead[0] + 1, 'x');
  REQUIRE(p.init.WriteMessage(too_big).status().IsInvalidArgument());
  REQUIRE(p.init.IsWriteTurn());  // refused without side effects
  too_big.pop_back();
  auto msg1 = p.init.WriteMessage(too_big);
  REQUIRE(msg1.ok());
  REQUIRE(msg1->size() == kNoiseMaxMessageSize);
  REQUIRE(p.resp.ReadMessage(*msg1).ok());

  Bytes big2(kNoiseMaxMessageSize - kNoiseXXOverhead[1] + 1, 'y');
  REQUIRE(p.resp.WriteMessage(big2).status().IsInvalidArgument());
  big2.pop_back();
  auto msg2 = p.resp.WriteMessage(big2);
  REQUIRE(msg2.ok());
  REQUIRE(msg2->size() == kNoiseMaxMessageSize);
  REQUIRE(p.init.ReadMessage(*msg2).value() == big2);

  Bytes big3(kNoiseMaxMessageSize - kNoiseXXOverhead[2] + 1, 'z');
  REQUIRE(p.init.WriteMessage(big3).status().IsInvalidArgument());
}

TEST_CASE("NoiseOversizedIncomingMessageIsPeerViolation") {
  RequireSodium();
  Peers p;
  Bytes huge(kNoiseMaxMessageSize + 1, 0x42);
  REQUIRE(p.resp.ReadMessage(huge).status().IsPeerViolation());
  RequireDead(p.resp);
}

TEST_CASE("NoiseSmallOrderEphemeralIsRejected") {
  RequireSodium();
  Peers p;
  Bytes msg1(kNoiseXXOverhead[0], 0);  // the all-zero point has small order
  REQUIRE(p.resp.ReadMessage(msg1).status().IsPeerViolation());
  RequireDead(p.resp);
}

TEST_CASE("NoiseTransportStaysInSyncAfterRekey") {
  RequireSodium();
  Peers p;
  Deliver(p.init, p.resp, "");
  Deliver(p.resp, p.init, "");
  Deliver(p.init, p.resp, "");
  NoiseTransport a = p.init.Split().value();
  NoiseTransport b = p.resp.Split().value();
  for (int i = 0; i < 3; ++i) {
    REQUIRE(a.send.Rekey().ok());
    REQUIRE(b.recv.Rekey().ok());
    auto ct = a.send.EncryptWithAd({}, AsBytes("after rekey"));
    REQUIRE(b.recv.DecryptWithAd({}, ct.value()).value() == Text("after rekey"));
  }
  // The other direction was not rekeyed and still works on its own.
  auto ct = b.send.EncryptWithAd({}, AsBytes("back"));
  REQUIRE(a.recv.DecryptWithAd({}, ct.value()).value() == Text("back"));
  // A side that rekeys alone falls out of sync.
  REQUIRE(a.send.Rekey().ok());
  ct = a.send.EncryptWithAd({}, AsBytes("lost"));
  REQUIRE(b.recv.DecryptWithAd({}, ct.value()).status().IsPeerViolation());
}

}  // namespace
}  // namespace mutual::crypto
