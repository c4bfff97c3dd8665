#include "daemon/device.h"

#include <utility>

#include "libsync/crypto/sodium.h"

namespace mutual::daemon {

std::string PlanIdString(const crypto::DocId& doc) { return ToHex(doc); }

Device::Device(Options options)
    : options_(std::move(options)), paths_(store::HomePaths::In(options_.home)) {}

Result<std::unique_ptr<Device>> Device::Open(Options options) {
  std::unique_ptr<Device> d(new Device(std::move(options)));
  if (!store::HomeHasDatabase(d->paths_)) return d;  // uninitialised
  MUTUAL_ASSIGN_OR_RETURN(store::KeyFileKind kind, store::HomeKeyKind(d->paths_));
  if (kind == store::KeyFileKind::kPassphrase) {
    d->locked_ = true;
    return d;
  }
  MUTUAL_RETURN_IF_ERROR(d->OpenStore(std::nullopt));
  return d;
}

Status Device::OpenStore(std::optional<std::string_view> passphrase) {
  MUTUAL_ASSIGN_OR_RETURN(store::Store opened, store::OpenHome(paths_, passphrase));
  auto st = std::make_unique<store::Store>(std::move(opened));
  Result<store::Identity> identity = st->LoadIdentity();
  if (!identity.ok()) {
    // A key file and database without an identity: `init` was interrupted
    // between creating the home and saving who we are.
    if (identity.status().IsNotFound()) {
      return Status::FailedPrecondition("home " + options_.home +
                                        " has a database but no identity; "
                                        "`mutual init` did not finish — move the home "
                                        "aside and run init again");
    }
    return identity.status();
  }
  MUTUAL_ASSIGN_OR_RETURN(std::vector<crypto::DocId> docs, st->ListDocs());
  std::map<std::string, std::unique_ptr<sync::StoredPlan>> plans;
  for (const crypto::DocId& doc : docs) {
    auto loaded = sync::StoredPlan::Load(*st, identity->secrets, doc, Now());
    if (!loaded.ok()) return loaded.status().WithContext("plan " + PlanIdString(doc));
    plans.emplace(PlanIdString(doc), std::move(loaded).value());
    Watch(*plans[PlanIdString(doc)]);
  }
  store_ = std::move(st);
  identity_ = std::move(identity).value();
  plans_ = std::move(plans);
  locked_ = false;
  return Status::Ok();
}

Status Device::RequireReady() const {
  if (locked_) {
    return Status::FailedPrecondition("this device is locked: run `mutual unlock` first");
  }
  if (!store_) {
    return Status::FailedPrecondition(
        "this device is not set up yet: run `mutual init --name NAME` first");
  }
  return Status::Ok();
}

Status Device::Init(const wire::ControlRequest& r) {
  if (locked_ || store::HomeHasDatabase(paths_)) {
    return Status::AlreadyExists("this home is already initialised (" + options_.home +
                                 ")");
  }
  std::optional<std::string_view> passphrase;
  const std::string pass(r.passphrase.begin(), r.passphrase.end());
  if (!pass.empty()) passphrase = pass;
  MUTUAL_ASSIGN_OR_RETURN(store::Store created,
                          store::CreateHome(paths_, passphrase, options_.pwhash));
  MUTUAL_RETURN_IF_ERROR(created.SaveIdentity(crypto::DeviceSecrets::Generate(), r.name));
  // Reopen through the one path every later start takes.
  return OpenStore(passphrase);
}

Status Device::Unlock(const wire::ControlRequest& r) {
  if (!locked_) {
    return store_ ? Status::FailedPrecondition("this device is already unlocked")
                  : Status::FailedPrecondition(
                        "this device is not set up yet: run `mutual init --name NAME`");
  }
  if (r.passphrase.empty()) return Status::InvalidArgument("unlock needs the passphrase");
  const std::string pass(r.passphrase.begin(), r.passphrase.end());
  return OpenStore(std::string_view(pass));
}

wire::DaemonStatus Device::StatusNow() const {
  wire::DaemonStatus s;
  s.initialized = locked_ || store_ != nullptr;
  s.locked = locked_;
  if (identity_) {
    s.device_name = identity_->name;
    s.device_id = ToHex(identity_->secrets.identity.public_key());
  }
  s.home = options_.home;
  s.version = options_.version;
  s.plan_count = static_cast<uint32_t>(plans_.size());
  s.tcp_port = tcp_port_;
  s.forks = ForkNotices();
  for (const auto& [id, p] : plans_) {
    const sync::WriterState state = p->writer_state();
    if (state != sync::WriterState::kActive)
      s.stopped.push_back({id, WriterStoppedReason(state)});
  }
  return s;
}

wire::ControlResponse Device::Handle(const wire::ControlRequest& request) {
  Result<wire::ControlResponse> r = Dispatch(request);
  if (!r.ok()) return wire::ControlResponse::FromStatus(request.id, r.status());
  wire::ControlResponse out = std::move(r).value();
  out.id = request.id;
  return out;
}

namespace {

wire::ControlResponse Done(std::string id = "") {
  wire::ControlResponse r;
  r.kind = wire::ResultKind::kDone;
  r.created_id = std::move(id);
  return r;
}

}  // namespace

Result<wire::ControlResponse> Device::Dispatch(const wire::ControlRequest& r) {
  using wire::Command;
  switch (r.command) {
    case Command::kStatus: {
      wire::ControlResponse out;
      out.kind = wire::ResultKind::kStatus;
      out.status = StatusNow();
      return out;
    }
    case Command::kInit:
      MUTUAL_RETURN_IF_ERROR(Init(r));
      return Done();
    case Command::kUnlock:
      MUTUAL_RETURN_IF_ERROR(Unlock(r));
      return Done();
    default:
      break;
  }
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  switch (r.command) {
    case Command::kNew: {
      MUTUAL_ASSIGN_OR_RETURN(std::string id, NewPlan(r));
      return Done(id);
    }
    case Command::kPlans: {
      wire::ControlResponse out;
      out.kind = wire::ResultKind::kPlans;
      out.plans = ListPlans();
      return out;
    }
    case Command::kSectionAdd:
      MUTUAL_RETURN_IF_ERROR(AddSection(r));
      return Done(r.section);
    case Command::kShow:
    case Command::kLog:
    case Command::kExport:
      return Render(r);
    case Command::kLeave:
      MUTUAL_RETURN_IF_ERROR(Leave(r));
      return Done();
    case Command::kPeers:
      return Peers(r);
    case Command::kInvite:
    case Command::kInviteWait:
    case Command::kJoin:
      // Answered by daemon/pairing.h through the control server.
      return Status::Unavailable("pairing needs the daemon's network side");
    case Command::kVerify:
      if (!r.confirm) return Verify(r);
      MUTUAL_RETURN_IF_ERROR(ConfirmVerified(r));
      return Done(r.name);
    case Command::kApprove:
      return Approve(r);
    case Command::kWatch:
      // A stream on the connection: daemon/control_server.h answers it.
      return Status::Unavailable("watch needs the daemon's control socket");
    case Command::kPeersAdd:
      MUTUAL_RETURN_IF_ERROR(PeersAdd(r));
      return Done();
    default: {
      MUTUAL_ASSIGN_OR_RETURN(std::string id, ItemCommand(r));
      return Done(id);
    }
  }
}

}  // namespace mutual::daemon
