// PeerSync: the sync protocol between two devices' plans, messages passed
// by hand (no network): Hello/Have/stream, live push, and the rules a peer
// must keep.
#include "libsync/sync/peer_sync.h"

#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <memory>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/sodium.h"
#include "libsync/plan/plan.h"
#include "libsync/plan/render_json.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/replica.h"

namespace mutual::sync {
namespace {

using PlanReplica = Replica<plan::Plan>;

// One device holding some plans, as a SyncHost.
class Host : public SyncHost {
 public:
  explicit Host(crypto::DeviceSecrets secrets) : secrets_(std::move(secrets)) {}
  const crypto::DeviceSecrets& secrets() const { return secrets_; }
  Bytes Record() const {
    return crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(secrets_));
  }
  PlanReplica& Join(const crypto::DocId& doc, const crypto::DocKey& key) {
    PipelineConfig config;
    config.doc_id = doc;
    const crdt::ActorId me = secrets_.identity.public_key();
    auto r = std::make_unique<PlanReplica>(secrets_.identity, config, plan::Plan(me),
                                           [me] { return plan::Plan(me); });
    (void)r->AddKey(InitialEpochId(doc), key);
    return *(plans_[doc] = std::move(r));
  }
  PlanReplica& Plan(const crypto::DocId& doc) { return *plans_.at(doc); }
  // Commits and seals an action; returns the envelope.
  Bytes Act(const crypto::DocId& doc, const Result<plan::Committed>& c) {
    REQUIRE(c.ok());
    auto e = Plan(doc).SealCommitted(c->change, c->encoded);
    REQUIRE(e.ok());
    return *e;
  }
  Bytes AddItem(const crypto::DocId& doc, const std::string& text, int64_t now) {
    auto created = Plan(doc).doc().AddItem({"helps", "", "", {{"text", text}}, ""}, now);
    REQUIRE(created.ok());
    auto e =
        Plan(doc).SealCommitted(created->committed.change, created->committed.encoded);
    REQUIRE(e.ok());
    return *e;
  }

  std::vector<crypto::DocId> DocsSharedWith(const PublicKey& peer) const override {
    std::vector<crypto::DocId> out;
    for (const auto& [doc, r] : plans_) {
      if (r->doc().IsKnownDevice(peer) && !r->doc().member().empty()) out.push_back(doc);
    }
    return out;
  }
  HeadVector Heads(const crypto::DocId& doc) const override {
    return plans_.at(doc)->Heads();
  }
  Lack LackOf(const crypto::DocId& doc, const HeadVector& theirs) const override {
    return plans_.at(doc)->LackOf(theirs);
  }
  ReceiveResult Receive(const crypto::DocId& doc, ByteView envelope) override {
    ++received;
    return plans_.at(doc)->Receive(envelope);
  }
  void NotePeerHeads(const crypto::DocId& doc, const HeadVector& theirs) override {
    plans_.at(doc)->pipeline().NotePeerHeads(theirs);
  }
  int received = 0;

 private:
  crypto::DeviceSecrets secrets_;
  std::map<crypto::DocId, std::unique_ptr<PlanReplica>> plans_;
};

// Two sessions joined by queues; Pump delivers until both are quiet.
struct Link {
  PeerSync a, b;
  std::deque<wire::PeerMessage> to_a, to_b;
  Link(Host& ha, Host& hb)
      : a(ha, hb.secrets().identity.public_key()),
        b(hb, ha.secrets().identity.public_key()) {}
  void Start() {
    for (auto& m : a.Start()) to_b.push_back(m);
    for (auto& m : b.Start()) to_a.push_back(m);
  }
  void Pump() {
    while (!to_a.empty() || !to_b.empty()) {
      Step(to_a, a, to_b);
      Step(to_b, b, to_a);
    }
  }
  static void Step(std::deque<wire::PeerMessage>& in, PeerSync& s,
                   std::deque<wire::PeerMessage>& out) {
    if (in.empty()) return;
    auto replies = s.OnMessage(in.front());
    in.pop_front();
    REQUIRE(replies.ok());
    for (auto& m : *replies) out.push_back(m);
  }
};

std::string Json(Host& h, const crypto::DocId& doc) {
  return plan::RenderJson(h.Plan(doc).doc().View(0));
}

struct Pair {
  Host rae{crypto::DeviceSecrets::Generate()};
  Host jun{crypto::DeviceSecrets::Generate()};
  crypto::DocId doc = crypto::NewDocId();
  crypto::DocKey key = crypto::DocKey::Generate();
  Pair() {
    REQUIRE(crypto::InitSodium().ok());
    rae.Join(doc, key);
    jun.Join(doc, key);
    rae.Act(doc, rae.Plan(doc).doc().Create("Rae & Jun", "relational", "Rae",
                                            rae.Record(), 1));
    rae.Act(doc, rae.Plan(doc).doc().AddMember("Jun", jun.Record(), 2));
  }
};

TEST_CASE("HelloAndHaveStreamWhatEachSideLacks") {
  Pair p;
  // Jun's replica is empty: it knows nothing of the plan yet, so it offers
  // nothing, and nothing is synced (Rae never names a plan to a device
  // that did not name it too).
  Link cold(p.rae, p.jun);
  cold.Start();
  cold.Pump();
  CHECK(p.jun.received == 0);
  CHECK(cold.a.session_docs().empty());

  // Handed the genesis out of band (pairing does that), Jun takes part.
  for (const auto& e : p.rae.Plan(p.doc).LackOf(p.jun.Heads(p.doc)).send) {
    REQUIRE(p.jun.Plan(p.doc).Receive(e.bytes).status.ok());
  }
  p.jun.AddItem(p.doc, "Jun's walk.", 3);
  p.rae.AddItem(p.doc, "Rae's tea.", 3);
  Link link(p.rae, p.jun);
  link.Start();
  link.Pump();
  CHECK(link.a.session_docs().size() == 1);
  CHECK(Json(p.rae, p.doc) == Json(p.jun, p.doc));
  CHECK(Json(p.rae, p.doc).find("Jun's walk.") != std::string::npos);
}

TEST_CASE("NewEnvelopesArePushedLive") {
  Pair p;
  for (const auto& e : p.rae.Plan(p.doc).LackOf(p.jun.Heads(p.doc)).send) {
    REQUIRE(p.jun.Plan(p.doc).Receive(e.bytes).status.ok());
  }
  Link link(p.rae, p.jun);
  link.Start();
  link.Pump();
  Bytes e = p.rae.AddItem(p.doc, "Live.", 5);
  for (auto& m : link.a.OnNewEnvelope(p.doc, e)) link.to_b.push_back(m);
  link.Pump();
  CHECK(Json(p.rae, p.doc) == Json(p.jun, p.doc));
  // Not pushed for a plan outside the session.
  CHECK(link.a.OnNewEnvelope(crypto::NewDocId(), e).empty());
}

TEST_CASE("PeerBreakingTheProtocolIsAViolation") {
  Pair p;
  PeerSync s(p.rae, p.jun.secrets().identity.public_key());
  (void)s.Start();
  wire::PeerMessage have;
  have.kind = wire::PeerMessageKind::kHave;
  CHECK(s.OnMessage(have).status().IsPeerViolation());  // Have before Hello

  wire::PeerMessage hello;
  hello.kind = wire::PeerMessageKind::kHello;
  hello.hello.doc_ids = {p.doc};
  REQUIRE(s.OnMessage(hello).ok());
  CHECK(s.OnMessage(hello).status().IsPeerViolation());  // second Hello

  wire::PeerMessage stranger;
  stranger.kind = wire::PeerMessageKind::kEnvelopes;
  stranger.envelopes.doc_id = crypto::NewDocId();
  stranger.envelopes.envelopes = {Bytes{1, 2, 3}};
  CHECK(s.OnMessage(stranger).status().IsPeerViolation());  // not in session

  wire::PeerMessage junk = stranger;
  junk.envelopes.doc_id = p.doc;
  CHECK(s.OnMessage(junk).status().IsPeerViolation());  // not an envelope
}

TEST_CASE("HeadVectorSurvivesTheWireForm") {
  HeadVector h;
  PublicKey a{}, b{};
  a[0] = 1;
  b[0] = 2;
  h.Set(a, AuthorHead{3, Hash32{7}, 0});
  h.Set(b, AuthorHead{5, Hash32{9}, 4});
  crypto::DocId doc{};
  CHECK(FromDocHave(DocHaveOf(doc, h)) == h);
}

}  // namespace
}  // namespace mutual::sync
