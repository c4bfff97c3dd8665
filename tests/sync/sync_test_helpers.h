// Shared fixtures for the sync tests: a plan (doc id, key epoch, device
// keys), replicas of a bare crdt::Document, a deterministic test policy, and
// a canonical dump of a document's state for comparing replicas.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/crypto/hash.h"
#include "libsync/crypto/sodium.h"
#include "libsync/sync/replica.h"

namespace mutual::sync::testing {

using Doc = crdt::Document;
using TestReplica = Replica<Doc>;

// A change that sets root key "guarded" is invalid when, at its deps, the
// root key "lock" holds `true` — judged from the causal past only, like
// plan's consent rules.
class LockPolicy : public crdt::Policy {
 public:
  crdt::Verdict Judge(const Doc& at_deps, const crdt::Change& change) const override {
    bool locked = false;
    for (const crdt::RegisterValue& v : at_deps.Get(crdt::kRootObject, "lock")) {
      if (const bool* b = std::get_if<bool>(&v.value); b && *b) locked = true;
    }
    if (!locked) return {};
    for (const crdt::Op& op : change.ops) {
      const auto* set = std::get_if<crdt::MapSet>(&op);
      if (set && set->obj == crdt::kRootObject && set->key == "guarded") {
        return crdt::Verdict{false, "guarded is locked", {}};
      }
    }
    return {};
  }
  std::map<crdt::ActorId, uint64_t> VoidAfter(const Doc&) const override { return {}; }
};

struct TestPlan {
  crypto::DocId doc_id{};
  crypto::Hash32 epoch{};
  crypto::DocKey key = crypto::DocKey::Generate();
  std::vector<crypto::SigningKey> devices;
  const crdt::Policy* policy = nullptr;

  explicit TestPlan(size_t n_devices, const crdt::Policy* p = nullptr, uint8_t tag = 1)
      : policy(p) {
    doc_id.fill(tag);
    epoch = crypto::Blake2b256(AsBytes("epoch-1"));
    for (size_t i = 0; i < n_devices; ++i) {
      FixedBytes<32> seed{};
      seed[0] = tag;
      seed[1] = static_cast<uint8_t>(i + 1);
      devices.push_back(crypto::SigningKey::FromSeed(seed));
    }
  }

  PipelineConfig Config() const {
    PipelineConfig c;
    c.doc_id = doc_id;
    for (const auto& d : devices) c.allowed_authors.insert(d.public_key());
    return c;
  }

  std::unique_ptr<TestReplica> MakeReplica(size_t device) const {
    const crdt::Policy* p = policy;
    auto r = std::make_unique<TestReplica>(devices.at(device), Config(), Doc(p),
                                           [p] { return Doc(p); });
    r->AddKey(epoch, key);
    return r;
  }
};

inline void RequireSodium() { REQUIRE(crypto::InitSodium().ok()); }

// Sets root[key] = value as one change; returns the envelope.
inline Bytes SetKey(TestReplica& r, const std::string& key, crdt::Value value) {
  Result<Bytes> env = r.Edit(
      0, [&](Doc::Transaction& t) { t.Set(crdt::kRootObject, key, std::move(value)); });
  REQUIRE(env.ok());
  return *env;
}

// Streams what `to` lacks of `from` (as §6 does) and tells `to` about
// `from`'s heads. Returns the results in order.
inline std::vector<ReceiveResult> SyncOnce(TestReplica& from, TestReplica& to) {
  to.pipeline().NotePeerHeads(from.Heads());
  std::vector<ReceiveResult> out;
  for (const OutgoingEnvelope& e : from.LackOf(to.Heads()).send) {
    out.push_back(to.Receive(e.bytes));
  }
  return out;
}

inline void SyncBoth(TestReplica& a, TestReplica& b) {
  (void)SyncOnce(a, b);
  (void)SyncOnce(b, a);
}

inline std::string DumpValue(const Doc& doc, const crdt::RegisterValue& v);

// Canonical text of a map object: keys sorted, all register values (in op-id
// order, which is replica-independent), nested objects expanded.
inline std::string DumpMap(const Doc& doc, crdt::OpId map) {
  std::string out = "{";
  for (const std::string& key : doc.Keys(map)) {
    out += key + "=[";
    for (const crdt::RegisterValue& v : doc.Get(map, key)) out += DumpValue(doc, v) + ",";
    out += "];";
  }
  return out + "}";
}

inline std::string DumpValue(const Doc& doc, const crdt::RegisterValue& v) {
  if (const auto* m = std::get_if<crdt::MakeObject>(&v.value)) {
    if (m->type == crdt::ObjType::kText) return "text:" + doc.Text(v.id);
    if (m->type == crdt::ObjType::kMap) return DumpMap(doc, v.id);
    return "list";
  }
  if (const auto* s = std::get_if<std::string>(&v.value)) return "s:" + *s;
  if (const auto* i = std::get_if<int64_t>(&v.value)) return "i:" + std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&v.value)) return *b ? "true" : "false";
  return "other";
}

inline std::string Dump(const Doc& doc) { return DumpMap(doc, crdt::kRootObject); }

}  // namespace mutual::sync::testing

namespace mutual::sync::testing {

// Seals `plaintext` as (author = signer, seq, prev) in `plan`'s doc — the
// raw path a misbehaving or restored device takes, bypassing the log.
inline Bytes SealRaw(const TestPlan& plan, const crypto::SigningKey& signer, uint64_t seq,
                     const crypto::Hash32& prev, ByteView plaintext,
                     const crypto::DocId* doc_id = nullptr,
                     const crypto::DocKey* key = nullptr,
                     const crypto::Hash32* epoch = nullptr) {
  crypto::EnvelopeHeader h;
  h.doc_id = doc_id ? *doc_id : plan.doc_id;
  h.author = signer.public_key();
  h.seq = seq;
  h.prev = prev;
  h.key_hint = crypto::KeyHintOf(epoch ? *epoch : plan.epoch);
  return crypto::EncodeEnvelope(
      crypto::SealEnvelope(h, plaintext, key ? *key : plan.key, signer));
}

// The encoded change `author` would make next in `doc` by setting root[key].
inline Bytes NextChange(Doc& doc, const crypto::PublicKey& author, const std::string& key,
                        int64_t value) {
  Doc::Transaction t = doc.Begin(author, 0);
  t.Set(crdt::kRootObject, key, value);
  Result<Doc::Transaction::Committed> c = t.Commit();
  REQUIRE(c.ok());
  return c->encoded;
}

inline crypto::Hash32 HashOf(ByteView envelope_bytes) {
  Result<crypto::Envelope> e = crypto::DecodeEnvelope(envelope_bytes);
  REQUIRE(e.ok());
  return crypto::EnvelopeHash(*e);
}

inline crypto::EnvelopeHeader HeaderOf(ByteView envelope_bytes) {
  Result<crypto::Envelope> e = crypto::DecodeEnvelope(envelope_bytes);
  REQUIRE(e.ok());
  Result<crypto::EnvelopeHeader> h = crypto::DecodeEnvelopeHeader(e->header);
  REQUIRE(h.ok());
  return *h;
}

}  // namespace mutual::sync::testing
