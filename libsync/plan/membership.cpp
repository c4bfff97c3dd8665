#include "libsync/plan/membership.h"

#include <algorithm>

#include "libsync/crypto/device.h"

namespace mutual::plan {

void Membership::NoteRecord(const crdt::ActorId& device, ByteView record) {
  if (DeviceKeyOf(record) == device) records_.emplace(device, ToBytes(record));
}

const Bytes* Membership::RecordOf(const crdt::ActorId& device) const {
  auto it = records_.find(device);
  return it == records_.end() ? nullptr : &it->second;
}

std::optional<crdt::ActorId> DeviceKeyOf(ByteView record) {
  if (record.size() != crypto::kDeviceRecordBytes || record[0] != 0x01)
    return std::nullopt;
  crdt::ActorId key;
  std::copy(record.begin() + 1, record.begin() + 33, key.begin());
  return key;
}

Member* Membership::FindMutable(std::string_view id) {
  for (Member& m : members_) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const Member* Membership::Find(std::string_view id) const {
  return const_cast<Membership*>(this)->FindMutable(id);
}

const Member* Membership::OwnerOf(const crdt::ActorId& device) const {
  for (const Member& m : members_) {
    if (std::find(m.devices.begin(), m.devices.end(), device) != m.devices.end())
      return &m;
  }
  return nullptr;
}

std::vector<std::string> Membership::CurrentIds() const {
  std::vector<std::string> out;
  for (const Member& m : members_) {
    if (!m.former) out.push_back(m.id);
  }
  return out;
}

std::vector<std::string> Membership::TakenIds() const {
  std::vector<std::string> out;
  for (const Member& m : members_) out.push_back(m.id);
  for (const auto& [id, inv] : invitations_) out.push_back(id);
  return out;
}

const Invitation* Membership::InvitationFor(std::string_view id) const {
  auto it = invitations_.find(id);
  return it == invitations_.end() ? nullptr : &it->second;
}

std::set<std::string> Membership::RemovalApprovals(std::string_view id) const {
  auto it = removal_approvals_.find(id);
  return it == removal_approvals_.end() ? std::set<std::string>{} : it->second;
}

void Membership::Apply(const PlanOp& op, const crdt::ActorId& author, int64_t time_ms) {
  Member* actor = FindMutable(op.member);
  const bool acting = actor != nullptr && !actor->former;
  switch (op.kind) {
    case OpKind::kCreatePlan:
      if (members_.empty()) {
        members_.push_back({op.member, op.text, {author}, false, 0});
        NoteRecord(author, op.device);
      }
      return;
    case OpKind::kInvite:
      if (acting && FindMutable(op.target) == nullptr) {
        Invitation& inv = invitations_[op.target];
        inv.name = op.text;
        inv.approvals.insert(op.member);
      }
      return;
    case OpKind::kApprove: {
      auto it = invitations_.find(op.target);
      if (acting && it != invitations_.end()) it->second.approvals.insert(op.member);
      return;
    }
    case OpKind::kAddMember: {
      auto key = DeviceKeyOf(op.device);
      if (!acting || !key || FindMutable(op.target) != nullptr || OwnerOf(*key)) return;
      members_.push_back({op.target, op.text, {*key}, false, time_ms});
      NoteRecord(*key, op.device);
      invitations_.erase(op.target);
      return;
    }
    case OpKind::kAddDevice: {
      auto key = DeviceKeyOf(op.device);
      if (acting && key && !OwnerOf(*key)) {
        actor->devices.push_back(*key);
        NoteRecord(*key, op.device);
      }
      return;
    }
    case OpKind::kLeave:
      if (acting) actor->former = true;
      return;
    case OpKind::kRemoveMember: {
      Member* target = FindMutable(op.target);
      if (acting && target != nullptr) target->former = true;
      return;
    }
    case OpKind::kApproveRemoval:
      if (acting) removal_approvals_[op.target].insert(op.member);
      return;
    default:
      return;
  }
}

Membership FoldMembership(const crdt::Document& doc,
                          const std::optional<FoldLimit>& until) {
  Membership ms;
  for (const crdt::DomainRecord& rec : doc.DomainOps()) {
    if (rec.kind < kMinOpKind || rec.kind > kMaxOpKind ||
        !IsMembershipOp(static_cast<OpKind>(rec.kind))) {
      continue;
    }
    if (until) {
      bool same = rec.change == until->change;
      if (same && !doc.actors().OpLess(rec.id, until->op)) continue;
      if (!same && !doc.HappenedBefore(rec.change, until->change)) continue;
    }
    auto op = DecodePlanOp(rec.kind, rec.payload);
    if (!op.ok()) continue;  // judged valid, so this does not happen
    ms.Apply(*op, rec.change.author, doc.GetChange(rec.change).time_ms);
  }
  return ms;
}

}  // namespace mutual::plan
