// Device: the stored side of pairing — which plan an invite is for, taking
// a joiner in (inviter), and keeping the welcome (joiner).
#include "daemon/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/sync/keyring.h"

namespace mutual::daemon {

Bytes Device::DeviceRecordBytes() const {
  return crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(identity_->secrets));
}

Result<std::string> Device::PlanForInvite(const std::string& selector, bool my_device) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(selector));
  const plan::Membership ms = p->plan().members();
  const plan::Member* me = ms.Find(p->plan().member());
  if (me == nullptr || me->former) {
    return Status::FailedPrecondition("you are not a member of this plan");
  }
  if (!my_device && ms.CurrentIds().size() > 1) {
    return Status::FailedPrecondition(
        "this plan already has other members, who must all approve a new one; "
        "approving invites is not supported yet (inviting your own device with "
        "--my-device is)");
  }
  return PlanIdString(p->id());
}

Result<Device::WelcomeKey> Device::AdmitJoiner(const std::string& plan_id,
                                               const crypto::DeviceRecord& joiner,
                                               const std::string& name, bool my_device) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(plan_id));
  const Bytes record = crypto::EncodeDeviceRecord(joiner);
  MUTUAL_ASSIGN_OR_RETURN(plan::Committed c,
                          my_device ? p->mutable_plan().AddDevice(record, Now())
                                    : p->mutable_plan().AddMember(name, record, Now()));
  MUTUAL_RETURN_IF_ERROR(p->Persist(c));
  MUTUAL_RETURN_IF_ERROR(store_->PutPeer({joiner, name}));
  const crypto::Hash32 epoch = sync::InitialEpochId(p->id());
  MUTUAL_ASSIGN_OR_RETURN(store::EpochKey key, store_->GetDocKey(p->id(), epoch));
  return WelcomeKey{p->id(), epoch, crypto::SealDocKeyTo(key.key, joiner.delivery_key)};
}

Result<std::string> Device::AcceptWelcome(const crypto::DocId& doc,
                                          const crypto::Hash32& epoch,
                                          ByteView sealed_key,
                                          const crypto::DeviceRecord& inviter,
                                          const std::string& address) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  if (FindPlan(doc) != nullptr)
    return Status::AlreadyExists("this device already has the plan");
  if (epoch != sync::InitialEpochId(doc)) {
    return Status::PeerViolation("welcome names a key epoch this version cannot use");
  }
  auto key = crypto::OpenSealedDocKey(sealed_key, identity_->secrets.delivery);
  if (!key.ok()) return Status::PeerViolation("welcome: the plan key does not open");
  {
    MUTUAL_ASSIGN_OR_RETURN(store::Transaction txn, store_->Begin());
    MUTUAL_RETURN_IF_ERROR(store_->AddDoc(doc, ""));
    MUTUAL_RETURN_IF_ERROR(store_->PutDocKey(doc, epoch, *key));
    MUTUAL_RETURN_IF_ERROR(store_->PutPeer({inviter, ""}));
    MUTUAL_RETURN_IF_ERROR(store_->AddDialAddress(address));
    MUTUAL_RETURN_IF_ERROR(txn.Commit());
  }
  MUTUAL_ASSIGN_OR_RETURN(
      std::unique_ptr<sync::StoredPlan> loaded,
      sync::StoredPlan::Load(*store_, identity_->secrets.identity, doc));
  Watch(*loaded);
  const std::string id = PlanIdString(doc);
  plans_.emplace(id, std::move(loaded));
  if (dial_listener_) dial_listener_(address);
  return id;
}

}  // namespace mutual::daemon
