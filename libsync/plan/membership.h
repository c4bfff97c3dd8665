// Membership: a deterministic fold over the plan's membership ops
// (DESIGN.md §3). Ops are folded in op-id order, which extends causal order,
// so every replica that holds the same ops gets the same members. The
// policy judges each op at its own deps; the fold still skips an op that
// concurrent ops made moot (a second add of one id, a leave of a member
// already gone), so it never depends on delivery order.
//
// Thread-safety: a single-owner value.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/plan/ops.h"

namespace mutual::plan {

struct Member {
  std::string id;
  std::string name;
  std::vector<crdt::ActorId> devices;
  bool former = false;
  int64_t joined_ms = 0;  // 0 for the founder
};

struct Invitation {
  std::string name;
  std::set<std::string> approvals;  // members who invited or approved
};

class Membership {
 public:
  // Folds one membership op (non-membership ops are ignored). `author` is
  // the device that signed the change holding it.
  void Apply(const PlanOp& op, const crdt::ActorId& author, int64_t time_ms);

  bool created() const { return !members_.empty(); }
  // Every member ever (current and former), in join order.
  const std::vector<Member>& members() const { return members_; }
  std::vector<std::string> CurrentIds() const;
  // Every member id ever used or invited (for picking unique slugs).
  std::vector<std::string> TakenIds() const;
  const Member* Find(std::string_view id) const;
  // The member (current or former) owning `device`; nullptr when none.
  const Member* OwnerOf(const crdt::ActorId& device) const;
  // An open invitation for `id`; nullptr when none.
  const Invitation* InvitationFor(std::string_view id) const;
  // Every open invitation, by invited member id.
  const std::map<std::string, Invitation, std::less<>>& invitations() const {
    return invitations_;
  }
  // Members who approved removing `id`.
  std::set<std::string> RemovalApprovals(std::string_view id) const;
  // The encoded crypto::DeviceRecord a membership op introduced `device`
  // with (its Noise and delivery keys); nullptr for an unknown device.
  const Bytes* RecordOf(const crdt::ActorId& device) const;

 private:
  void NoteRecord(const crdt::ActorId& device, ByteView record);
  Member* FindMutable(std::string_view id);
  std::vector<Member> members_;
  std::map<std::string, Invitation, std::less<>> invitations_;
  std::map<std::string, std::set<std::string>, std::less<>> removal_approvals_;
  std::map<crdt::ActorId, Bytes> records_;
};

// The signing key inside an encoded DeviceRecord, without checking the
// signature (the policy checked it when the op was judged). nullopt when
// the bytes are not a record.
std::optional<crdt::ActorId> DeviceKeyOf(ByteView record);

// Folds the membership ops of `doc` (its valid, non-void domain ops). When
// `until` is given, only ops in that change's strict causal past, plus ops
// of that change itself with a smaller op id, are folded.
struct FoldLimit {
  crdt::ChangeId change;
  crdt::OpId op;
};
Membership FoldMembership(const crdt::Document& doc,
                          const std::optional<FoldLimit>& until = std::nullopt);

}  // namespace mutual::plan
