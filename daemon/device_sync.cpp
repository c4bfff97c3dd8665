// Device: the peer side — which plans a peer device shares with us and the
// sync host the sessions drive.
#include <algorithm>

#include "daemon/device.h"

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
  plan.set_event_listener(
      [this](const crypto::DocId& doc, const sync::StoredPlan::Event& event) {
        OnPlanEvent(doc, event);
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

}  // namespace mutual::daemon
