// Device: the peer side — which plans a peer device shares with us, the
// sync host the sessions drive, and the `peers` commands.
#include <algorithm>

#include "daemon/device.h"
#include "libsync/crypto/safety_number.h"
#include "libsync/net/tcp_connect.h"
#include "libsync/plan/render_json_writer.h"

namespace mutual::daemon {

const crypto::X25519KeyPair* Device::noise_key() const {
  return identity_ ? &identity_->secrets.noise_static : nullptr;
}

std::optional<crypto::PublicKey> Device::MemberDeviceByNoiseKey(
    const crypto::PublicKey& noise) const {
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    for (const plan::Member& m : ms.members()) {
      if (m.former) continue;
      for (const crdt::ActorId& device : m.devices) {
        if (device == p->plan().device()) continue;  // ourselves
        const Bytes* record = ms.RecordOf(device);
        if (record == nullptr) continue;
        auto decoded = crypto::DecodeDeviceRecord(*record);
        if (decoded.ok() && decoded->noise_key == noise) return device;
      }
    }
  }
  // A device met by pairing, before the plan's history (naming it a
  // member) has arrived.
  if (store_) {
    auto peers = store_->ListPeers();
    if (peers.ok()) {
      for (const store::PeerInfo& peer : *peers) {
        if (peer.device.noise_key == noise) return peer.device.signing_key;
      }
    }
  }
  return std::nullopt;
}

std::vector<crypto::DocId> Device::DocsSharedWith(const crypto::PublicKey& peer) const {
  std::vector<crypto::DocId> out;
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    if (!ms.created()) {
      // Joined by pairing, history not here yet: the peers that answered
      // the handshake are member devices of some plan here, and the one
      // that invited us holds this one.
      out.push_back(p->id());
      continue;
    }
    const plan::Member* owner = ms.OwnerOf(peer);
    // A plan we left, or one the peer's member left, is not synced.
    if (owner != nullptr && !owner->former && !p->plan().member().empty() &&
        !ms.Find(p->plan().member())->former) {
      out.push_back(p->id());
    }
  }
  return out;
}

sync::StoredPlan* Device::FindPlan(const crypto::DocId& doc) const {
  auto it = plans_.find(PlanIdString(doc));
  return it == plans_.end() ? nullptr : it->second.get();
}

// The session only asks about docs from DocsSharedWith, so FindPlan never
// misses below; an empty answer keeps a removed plan harmless anyway.
sync::HeadVector Device::Heads(const crypto::DocId& doc) const {
  sync::StoredPlan* p = FindPlan(doc);
  return p ? p->Heads() : sync::HeadVector{};
}

sync::Lack Device::LackOf(const crypto::DocId& doc,
                          const sync::HeadVector& theirs) const {
  sync::StoredPlan* p = FindPlan(doc);
  return p ? p->LackOf(theirs) : sync::Lack{};
}

sync::ReceiveResult Device::Receive(const crypto::DocId& doc, ByteView envelope) {
  sync::StoredPlan* p = FindPlan(doc);
  if (p == nullptr) {
    sync::ReceiveResult r;
    r.status = Status::PeerViolation("envelope for a plan this device does not hold");
    return r;
  }
  return p->Receive(envelope, Now());
}

void Device::NotePeerHeads(const crypto::DocId& doc, const sync::HeadVector& theirs) {
  if (sync::StoredPlan* p = FindPlan(doc)) p->NotePeerHeads(theirs);
}

void Device::Watch(sync::StoredPlan& plan) {
  plan.set_listener([this](const crypto::DocId& doc, ByteView envelope) {
    if (envelope_listener_) envelope_listener_(doc, envelope);
  });
}

void Device::set_envelope_listener(EnvelopeListener listener) {
  envelope_listener_ = std::move(listener);
}

std::vector<std::string> Device::DialAddresses() {
  if (!store_) return {};
  auto list = store_->DialAddresses();
  return list.ok() ? *list : std::vector<std::string>{};
}

Status Device::PeersAdd(const wire::ControlRequest& r) {
  const std::string& a = r.address;
  MUTUAL_RETURN_IF_ERROR(net::ParseHostPort(a).status());
  MUTUAL_RETURN_IF_ERROR(store_->AddDialAddress(a));
  if (dial_listener_) dial_listener_(a);
  return Status::Ok();
}

Result<wire::ControlResponse> Device::Peers(const wire::ControlRequest& r) {
  // Member devices of every plan (but ours), with the plans they share.
  struct Row {
    std::string device, member, plans;
  };
  std::vector<Row> rows;
  for (const auto& [id, p] : plans_) {
    const std::string title = p->plan().Title();
    const plan::Membership ms = p->plan().members();
    for (const plan::Member& m : ms.members()) {
      if (m.former) continue;
      for (const crdt::ActorId& d : m.devices) {
        if (d == p->plan().device()) continue;
        rows.push_back({ToHex(d), m.name, title});
      }
    }
  }
  const std::vector<std::string> addresses = DialAddresses();
  wire::ControlResponse out;
  out.kind = wire::ResultKind::kRendered;
  if (r.format == "json") {
    plan::render::JsonWriter w;
    w.BeginObject();
    w.Str("format", "mutual-peers");
    w.Int("version", 1);
    w.Key("devices");
    w.BeginArray();
    for (const Row& row : rows) {
      w.BeginObject();
      w.Str("device_id", row.device);
      w.Str("member", row.member);
      w.Str("plan", row.plans);
      w.EndObject();
    }
    w.EndArray();
    w.Strings("addresses", addresses);
    w.EndObject();
    out.content_type = "application/json";
    out.body = ToBytes(w.Take());
    return out;
  }
  std::string text;
  for (const Row& row : rows) {
    text += row.device.substr(0, 16) + "  " + row.member + "  (" + row.plans + ")\n";
  }
  if (rows.empty()) text += "no other member devices yet\n";
  for (const std::string& a : addresses) text += "dial " + a + "\n";
  out.content_type = "text/plain";
  out.body = ToBytes(text);
  return out;
}

// Safety numbers between this device and each device of the other members
// (or of `r.name` only): the same digits appear on their screen.
Result<wire::ControlResponse> Device::Verify(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  const plan::Membership ms = p->plan().members();
  const crypto::PublicKey& me = p->plan().device();
  std::string only;
  if (!r.name.empty()) {
    MUTUAL_ASSIGN_OR_RETURN(only, ResolveMember(p->plan(), r.name));
  }
  std::string text;
  bool matched = false;
  for (const plan::Member& m : ms.members()) {
    if (m.former || m.id == p->plan().member()) continue;
    if (!only.empty() && m.id != only) continue;
    matched = true;
    for (const crdt::ActorId& d : m.devices) {
      text += m.name + ", device " + ToHex(d).substr(0, 8) + ":\n  " +
              crypto::SafetyNumber(me, d) + "\n";
    }
  }
  if (!matched) {
    return Status::NotFound(only.empty()
                                ? "this plan has no other members yet"
                                : "that is you: verify compares with someone else");
  }
  text +=
      "Compare these digits with the other person, in person or on a call you trust.\n"
      "If they match, nobody sits between your devices.\n";
  wire::ControlResponse out;
  out.kind = wire::ResultKind::kRendered;
  out.content_type = "text/plain";
  out.body = ToBytes(text);
  return out;
}

}  // namespace mutual::daemon
