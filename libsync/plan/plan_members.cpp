// Plan actions on membership: invite, approve, add member or device,
// leave, remove. The policy enforces the approvals; these check input.
#include "libsync/plan/plan.h"

#include <algorithm>

namespace mutual::plan {

Result<Committed> Plan::MembershipOp(PlanOp op, int64_t now_ms) {
  auto txn = doc_.Begin(device_, now_ms);
  txn.Domain(static_cast<uint32_t>(op.kind), EncodePlanOp(op));
  return txn.Commit();
}

Result<Committed> Plan::Invite(std::string_view name, int64_t now_ms,
                               std::string* member_id) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  if (name.empty()) return Status::InvalidArgument("an invitation needs a name");
  std::string id = MemberSlug(name, members().TakenIds());
  MUTUAL_ASSIGN_OR_RETURN(
      Committed c,
      MembershipOp(PlanOp::Of(OpKind::kInvite, me).Target(id).Text(std::string(name)),
                   now_ms));
  if (member_id) *member_id = id;
  return c;
}

Result<Committed> Plan::Approve(std::string_view member_id, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  if (!members().InvitationFor(member_id)) {
    return Status::NotFound("no open invitation for " + std::string(member_id));
  }
  return MembershipOp(PlanOp::Of(OpKind::kApprove, me).Target(std::string(member_id)),
                      now_ms);
}

Result<Committed> Plan::AddMember(std::string_view member_or_name, ByteView device_record,
                                  int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  Membership ms = members();
  std::string id, name;
  if (const Invitation* inv = ms.InvitationFor(member_or_name)) {
    id = std::string(member_or_name);
    name = inv->name;
  } else if (ms.CurrentIds().size() == 1 && !member_or_name.empty()) {
    // A one-member plan: the invite is the approval.
    name = std::string(member_or_name);
    id = MemberSlug(name, ms.TakenIds());
  } else {
    return Status::PermissionDenied("invite " + std::string(member_or_name) +
                                    " and get every member's approval first");
  }
  return MembershipOp(PlanOp::Of(OpKind::kAddMember, me)
                          .Target(id)
                          .Text(name)
                          .Device(ToBytes(device_record)),
                      now_ms);
}

Result<Committed> Plan::AddDevice(ByteView device_record, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  return MembershipOp(PlanOp::Of(OpKind::kAddDevice, me).Device(ToBytes(device_record)),
                      now_ms);
}

Result<Committed> Plan::Leave(int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  return MembershipOp(PlanOp::Of(OpKind::kLeave, me), now_ms);
}

Result<Committed> Plan::ApproveRemoval(std::string_view member_id, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  return MembershipOp(
      PlanOp::Of(OpKind::kApproveRemoval, me).Target(std::string(member_id)), now_ms);
}

Result<Committed> Plan::RemoveMember(std::string_view member_id, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  if (member_id == me) return Status::InvalidArgument("to remove yourself, leave");
  return MembershipOp(
      PlanOp::Of(OpKind::kRemoveMember, me).Target(std::string(member_id)), now_ms);
}

Result<Committed> Plan::RotateKey(std::vector<SealedKey> keys, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  std::sort(keys.begin(), keys.end(),
            [](const SealedKey& a, const SealedKey& b) { return a.device < b.device; });
  return MembershipOp(PlanOp::Of(OpKind::kRotateKey, me).Keys(std::move(keys)), now_ms);
}

Result<Committed> Plan::ShareKey(const crypto::Hash32& epoch, std::vector<SealedKey> keys,
                                 int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  std::sort(keys.begin(), keys.end(),
            [](const SealedKey& a, const SealedKey& b) { return a.device < b.device; });
  return MembershipOp(PlanOp::Of(OpKind::kShareKey, me).Hash(epoch).Keys(std::move(keys)),
                      now_ms);
}

}  // namespace mutual::plan
