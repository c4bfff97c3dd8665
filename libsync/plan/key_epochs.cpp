#include "libsync/plan/key_epochs.h"

#include <algorithm>

#include "libsync/plan/ops.h"

namespace mutual::plan {

crypto::Hash32 EpochIdOf(ByteView encoded_change) {
  crypto::Blake2b256Hasher h;
  h.Update(ToBytes(std::string_view("mutual/epoch/v1")));
  h.Update(encoded_change);
  return h.Final();
}

const KeyEpoch* KeyEpochs::Find(const crypto::Hash32& id) const {
  for (const KeyEpoch& e : rotations_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

bool KeyEpochs::Holds(const crdt::Document& doc, const crdt::ActorId& device,
                      const KeyEpoch& epoch) const {
  if (epoch.sealed.count(device) > 0) return true;
  auto added = added_by_.find(device);
  return added != added_by_.end() && added->second != epoch.change &&
         doc.HappenedBefore(epoch.change, added->second);
}

KeyEpochs FoldKeyEpochs(const crdt::Document& doc) {
  KeyEpochs out;
  for (const crdt::DomainRecord& rec : doc.DomainOps()) {
    if (rec.kind < kMinOpKind || rec.kind > kMaxOpKind) continue;
    const auto kind = static_cast<OpKind>(rec.kind);
    if (kind != OpKind::kCreatePlan && kind != OpKind::kAddMember &&
        kind != OpKind::kAddDevice && !IsKeyOp(kind)) {
      continue;
    }
    auto op = DecodePlanOp(rec.kind, rec.payload);
    if (!op.ok()) continue;  // judged valid, so this does not happen
    if (kind == OpKind::kCreatePlan) {
      out.added_by_.try_emplace(rec.change.author, rec.change);
    } else if (!IsKeyOp(kind)) {
      if (auto key = DeviceKeyOf(op->device)) out.added_by_.try_emplace(*key, rec.change);
    } else if (kind == OpKind::kRotateKey) {
      KeyEpoch e;
      e.id = EpochIdOf(doc.EncodedChange(rec.change));
      e.change = rec.change;
      for (SealedKey& k : op->keys) e.sealed.emplace(k.device, std::move(k.sealed));
      const KeyEpoch* cur = out.current();
      if (cur == nullptr || doc.HappenedBefore(cur->change, e.change)) {
        out.current_ = out.rotations_.size();
      }
      out.rotations_.push_back(std::move(e));
    } else {  // kShareKey: the policy checked that the epoch exists
      for (KeyEpoch& e : out.rotations_) {
        if (e.id != op->hash) continue;
        for (SealedKey& k : op->keys) e.sealed.try_emplace(k.device, std::move(k.sealed));
      }
    }
  }
  return out;
}

std::vector<SealedEpochKey> KeysSealedTo(const crdt::Document& doc,
                                         const crdt::ActorId& device) {
  std::vector<SealedEpochKey> out;
  for (const crdt::ChangeId& id : doc.Missing(crdt::VersionVector{})) {
    const crdt::ChangeStatus status = doc.StatusOf(id);
    if (status != crdt::ChangeStatus::kApplied && status != crdt::ChangeStatus::kVoid) {
      continue;
    }
    const crdt::Change& change = doc.GetChange(id);
    for (const crdt::Op& op : change.ops) {
      const auto* d = std::get_if<crdt::DomainOp>(&op);
      if (d == nullptr) continue;
      const bool rotate = d->kind == static_cast<uint32_t>(OpKind::kRotateKey);
      const bool share = d->kind == static_cast<uint32_t>(OpKind::kShareKey) &&
                         status == crdt::ChangeStatus::kApplied;
      if (!rotate && !share) continue;
      auto decoded = DecodePlanOp(d->kind, d->payload);
      if (!decoded.ok()) continue;
      for (SealedKey& k : decoded->keys) {
        if (k.device != device) continue;
        out.push_back({rotate ? EpochIdOf(doc.EncodedChange(id)) : decoded->hash,
                       std::move(k.sealed)});
      }
    }
  }
  return out;
}

bool AffectsKeys(const crdt::Change& change) {
  for (const crdt::Op& op : change.ops) {
    const auto* d = std::get_if<crdt::DomainOp>(&op);
    if (d == nullptr || d->kind < kMinOpKind || d->kind > kMaxOpKind) continue;
    const auto kind = static_cast<OpKind>(d->kind);
    if (IsMembershipOp(kind) || IsKeyOp(kind)) return true;
  }
  return false;
}

std::vector<crdt::ActorId> CurrentDevices(const Membership& members) {
  std::vector<crdt::ActorId> out;
  for (const Member& m : members.members()) {
    if (!m.former) out.insert(out.end(), m.devices.begin(), m.devices.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

KeyNeeds KeyNeedsOf(const crdt::Document& doc, const Membership& members,
                    const KeyEpochs& epochs) {
  KeyNeeds needs;
  const KeyEpoch* current = epochs.current();
  for (const Member& m : members.members()) {
    if (!m.former) continue;
    for (const crdt::ActorId& d : m.devices) {
      // Every device was given the initial key.
      if (current == nullptr || epochs.Holds(doc, d, *current)) needs.rotate = true;
    }
  }
  const std::vector<crdt::ActorId> devices = CurrentDevices(members);
  for (const KeyEpoch& e : epochs.rotations()) {
    for (const crdt::ActorId& d : devices) {
      if (!epochs.Holds(doc, d, e)) needs.shares[e.id].push_back(d);
    }
  }
  return needs;
}

}  // namespace mutual::plan
