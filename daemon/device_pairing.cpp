// Device: the stored side of pairing — which plan an invite is for, taking
// a joiner in (inviter), and keeping the welcome (joiner).
#include <algorithm>

#include "daemon/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/sync/keyring.h"

namespace mutual::daemon {

Bytes Device::DeviceRecordBytes() const {
  return crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(identity_->secrets));
}

Result<Device::InviteTarget> Device::PlanForInvite(const std::string& selector,
                                                   bool my_device,
                                                   const std::string& name) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(selector));
  const plan::Membership ms = p->plan().members();
  const plan::Member* me = ms.Find(p->plan().member());
  if (me == nullptr || me->former) {
    return Status::FailedPrecondition("you are not a member of this plan");
  }
  InviteTarget target{PlanIdString(p->id()), "", {}};
  // Another device of ours, or a plan of one: this invite is the approval.
  if (my_device || ms.CurrentIds().size() == 1) return target;
  if (name.empty()) {
    return Status::InvalidArgument(
        "this plan has other members, who must all approve a new one: say whom you "
        "invite with --name NAME");
  }
  // Asking again for the same person reuses their invitation (and its
  // approvals): only the code is new.
  auto open = ResolveInvited(p->plan(), name, /*prefixes=*/false);
  if (open.ok()) {
    target.member = *open;
  } else {
    MUTUAL_ASSIGN_OR_RETURN(plan::Committed c,
                            p->mutable_plan().Invite(name, Now(), &target.member));
    MUTUAL_RETURN_IF_ERROR(p->Persist(c));
  }
  MUTUAL_ASSIGN_OR_RETURN(target.waiting_for,
                          AwaitedApprovals(target.plan_id, target.member));
  return target;
}

Result<std::vector<std::string>> Device::AwaitedApprovals(const std::string& plan_id,
                                                          const std::string& member) const {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  auto it = plans_.find(plan_id);
  if (it == plans_.end()) return Status::NotFound("the plan is gone");
  const plan::Membership ms = it->second->plan().members();
  const plan::Invitation* inv = ms.InvitationFor(member);
  if (inv == nullptr) return Status::NotFound("the invitation no longer stands");
  std::vector<std::string> waiting;
  for (const std::string& id : ms.CurrentIds()) {
    if (inv->approvals.count(id) == 0) waiting.push_back(ms.Find(id)->name);
  }
  return waiting;
}

Result<wire::ControlResponse> Device::Approve(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  MUTUAL_ASSIGN_OR_RETURN(std::string member, ResolveInvited(p->plan(), r.name));
  const plan::Membership members = p->plan().members();
  const plan::Invitation* inv = members.InvitationFor(member);
  const std::string invited = inv->name;
  if (inv->approvals.count(p->plan().member()) == 0) {
    MUTUAL_ASSIGN_OR_RETURN(plan::Committed c,
                            p->mutable_plan().Approve(member, Now()));
    MUTUAL_RETURN_IF_ERROR(p->Persist(c));
  }
  MUTUAL_ASSIGN_OR_RETURN(std::vector<std::string> waiting,
                          AwaitedApprovals(PlanIdString(p->id()), member));
  wire::ControlResponse out;
  out.kind = wire::ResultKind::kDone;
  out.created_id = member;
  std::string names;
  for (const std::string& n : waiting) names += (names.empty() ? "" : ", ") + n;
  out.detail = waiting.empty()
                   ? "everyone has approved: the inviter's code for " + invited +
                         " works once this approval reaches their device"
                   : "still waiting for " + names + " to approve " + invited;
  return out;
}

Result<Device::WelcomeKeys> Device::AdmitJoiner(const std::string& plan_id,
                                                const crypto::DeviceRecord& joiner,
                                                const std::string& name,
                                                const std::string& member,
                                                bool my_device) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(plan_id));
  const Bytes record = crypto::EncodeDeviceRecord(joiner);
  MUTUAL_ASSIGN_OR_RETURN(
      plan::Committed c,
      my_device ? p->mutable_plan().AddDevice(record, Now())
                : p->mutable_plan().AddMember(member.empty() ? name : member, record,
                                              Now()));
  MUTUAL_RETURN_IF_ERROR(p->Persist(c));
  MUTUAL_RETURN_IF_ERROR(store_->PutPeer({joiner, name}));
  // Every epoch this device holds, so the newcomer can read all history.
  MUTUAL_ASSIGN_OR_RETURN(std::vector<store::EpochKey> keys, store_->DocKeys(p->id()));
  WelcomeKeys out{p->id(), {}};
  for (const store::EpochKey& k : keys) {
    out.keys.push_back({k.epoch_id, crypto::SealDocKeyTo(k.key, joiner.delivery_key)});
  }
  return out;
}

Result<std::string> Device::AcceptWelcome(const crypto::DocId& doc,
                                          const std::vector<wire::PairEpochKey>& keys,
                                          const crypto::DeviceRecord& inviter,
                                          const std::string& address) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  if (FindPlan(doc) != nullptr)
    return Status::AlreadyExists("this device already has the plan");
  const crypto::Hash32 initial = sync::InitialEpochId(doc);
  if (std::none_of(keys.begin(), keys.end(),
                   [&](const wire::PairEpochKey& k) { return k.epoch_id == initial; })) {
    return Status::PeerViolation("welcome: the plan's first key is missing");
  }
  std::vector<std::pair<crypto::Hash32, crypto::DocKey>> opened;
  for (const wire::PairEpochKey& k : keys) {
    auto key = crypto::OpenSealedDocKey(k.sealed_key, identity_->secrets.delivery);
    if (!key.ok()) return Status::PeerViolation("welcome: a plan key does not open");
    opened.emplace_back(k.epoch_id, *key);
  }
  {
    MUTUAL_ASSIGN_OR_RETURN(store::Transaction txn, store_->Begin());
    MUTUAL_RETURN_IF_ERROR(store_->AddDoc(doc, ""));
    for (const auto& [epoch, key] : opened) {
      MUTUAL_RETURN_IF_ERROR(store_->PutDocKey(doc, epoch, key));
    }
    MUTUAL_RETURN_IF_ERROR(store_->PutPeer({inviter, ""}));
    MUTUAL_RETURN_IF_ERROR(store_->AddDialAddress(address));
    MUTUAL_RETURN_IF_ERROR(txn.Commit());
  }
  MUTUAL_ASSIGN_OR_RETURN(
      std::unique_ptr<sync::StoredPlan> loaded,
      sync::StoredPlan::Load(*store_, identity_->secrets, doc, Now()));
  Watch(*loaded);
  const std::string id = PlanIdString(doc);
  plans_.emplace(id, std::move(loaded));
  if (dial_listener_) dial_listener_(address);
  return id;
}

}  // namespace mutual::daemon
