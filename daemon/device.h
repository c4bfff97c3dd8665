// Device: everything behind one home's control API — the store, this
// device's identity and its plans — and the handling of each control
// request (doc/control-api.md). The socket side lives in control_server.h;
// this class never touches a socket, so tests drive it directly.
//
// A home is in one of three states:
//   uninitialised  no database yet: only `init` and `status` work
//   locked         the storage key is passphrase-wrapped and not yet
//                  given: only `unlock` and `status` work
//   ready          everything works
//
// Every mutation is durable (committed to SQLite with synchronous=FULL)
// before Handle() returns its Done response.
//
// Thread-safety: single-threaded; the daemon's io_context thread owns it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsync/crypto/lan_token.h"
#include "libsync/store/home.h"
#include "libsync/store/key_file.h"
#include "libsync/sync/peer_sync.h"
#include "libsync/sync/stored_plan.h"
#include "libsync/util/clock.h"
#include "libsync/wire/control_codec.h"
#include "libsync/wire/pair_codec.h"

namespace mutual::daemon {

class Device : public sync::SyncHost {
 public:
  struct Options {
    std::string home;  // absolute
    // Argon2id cost for a passphrase given at `init` (tests pass cheap ones).
    store::PwhashParams pwhash = store::PwhashParams::Default();
    const Clock* clock = nullptr;  // REQUIRED; must outlive the Device
    std::string version;           // shown by `status`
  };

  // Opens the home in whichever state it is in. Errors when the home
  // cannot be used at all: a corrupted, foreign or newer-version database,
  // a database without its key file, a plan that no longer loads. Those
  // errors are the daemon's startup failure, shown to the person.
  static Result<std::unique_ptr<Device>> Open(Options options);

  // Answers one request; never fails (errors become error responses).
  wire::ControlResponse Handle(const wire::ControlRequest& request);

  // The TCP port shown in `status` (0 when not listening).
  void set_tcp_port(uint32_t port) { tcp_port_ = port; }

  // --- the peer side (device_sync.cpp) ---
  // This device's Noise static key; nullptr unless ready.
  const crypto::X25519KeyPair* noise_key() const;
  // The member device (signing key) whose device record carries Noise key
  // `noise`, in any plan here; nullopt for no member device (or ourselves).
  std::optional<crypto::PublicKey> MemberDeviceByNoiseKey(
      const crypto::PublicKey& noise) const;
  // Addresses to dial (`peers add`).
  std::vector<std::string> DialAddresses();
  // Runs after any envelope is stored (local change or from a peer).
  using EnvelopeListener = sync::StoredPlan::StoredListener;
  void set_envelope_listener(EnvelopeListener listener);
  // Runs after `peers add` stores a new address.
  void set_dial_listener(std::function<void(const std::string&)> listener) {
    dial_listener_ = std::move(listener);
  }
  // An authenticated session with the peer device `device` started
  // (`address`: where we dialed it, or the host it came from; `dialed`
  // says which) or ended (address ignored). Records the time as its last
  // seen in the peers table (device_peers.cpp); store errors are logged
  // and otherwise ignored: they must not end a session.
  void NoteSession(const crypto::PublicKey& device, bool started,
                   const std::string& address, bool dialed);

  // --- watch (device_watch.cpp) ---
  // Receives one rendered line (text, or one JSON object) per event.
  using WatchSink = std::function<void(std::string line)>;
  struct WatchStart {
    uint64_t id = 0;         // for RemoveWatcher
    std::string first_line;  // "watching ..." in the request's format
    bool json = false;
  };
  // Starts following the plan `r.plan` (format `r.format`): from now on
  // `sink` gets a line for each change as the plan takes it (made here or
  // received) and for each new fork. Errors as plan selection does.
  Result<WatchStart> AddWatcher(const wire::ControlRequest& r, WatchSink sink);
  void RemoveWatcher(uint64_t id) { watchers_.erase(id); }
  size_t watcher_count() const { return watchers_.size(); }

  // --- pairing (device_pairing.cpp) ---
  // This device's signing key, encoded device record and person's name.
  // REQUIRES: ready.
  const crypto::SigningKey& signing_key() const { return identity_->secrets.identity; }
  Bytes DeviceRecordBytes() const;
  const std::string& person_name() const { return identity_->name; }
  // What a new invite is for: the plan (selector as in --plan) and, on a
  // plan with other members (unless `my_device`), the invited member id —
  // the open invitation of `name`, or a new one recorded in a signed change
  // — with the members whose approval it still awaits. InvalidArgument
  // without `name` there; FailedPrecondition on a plan this device left.
  struct InviteTarget {
    std::string plan_id;
    std::string member;                    // "" = no approval needed
    std::vector<std::string> waiting_for;  // names
  };
  Result<InviteTarget> PlanForInvite(const std::string& selector, bool my_device,
                                     const std::string& name);
  // The names of current members who have not approved the invitation of
  // `member` yet (empty: it may be used). NotFound once the invitation no
  // longer stands (used, or the plan is gone).
  Result<std::vector<std::string>> AwaitedApprovals(const std::string& plan_id,
                                                    const std::string& member) const;
  // Inviter side, after CPace and confirmation: adds the joiner (as a new
  // member `name`, or as another device of ours) with one signed change,
  // remembers it as a peer, and returns what the welcome carries: the doc
  // id and every key epoch's key (the joiner reads the whole history)
  // sealed to the joiner's delivery key. `member` is the invited member id
  // on a plan with other members ("" otherwise: `name` is used).
  struct WelcomeKeys {
    crypto::DocId doc{};
    std::vector<wire::PairEpochKey> keys;
  };
  Result<WelcomeKeys> AdmitJoiner(const std::string& plan_id,
                                  const crypto::DeviceRecord& joiner,
                                  const std::string& name, const std::string& member,
                                  bool my_device);
  // Joiner side: stores the plan's keys (the initial epoch's must be among
  // them), the inviter as a known peer and `address` to dial; the plan's
  // history then arrives by sync. Returns the plan id.
  Result<std::string> AcceptWelcome(const crypto::DocId& doc,
                                    const std::vector<wire::PairEpochKey>& keys,
                                    const crypto::DeviceRecord& inviter,
                                    const std::string& address);

  // --- LAN discovery (device_discovery.cpp) ---
  // The LAN keys (libsync/crypto/lan_token.h) of the plans this device
  // syncs, each from its current key epoch; empty unless ready.
  std::vector<crypto::LanKey> LanKeys() const;
  // Wall-clock Unix seconds, for beacon tokens.
  int64_t NowUnixSeconds() const { return Now() / 1000; }

  // sync::SyncHost
  std::vector<crypto::DocId> DocsSharedWith(const crypto::PublicKey& peer) const override;
  sync::HeadVector Heads(const crypto::DocId& doc) const override;
  sync::Lack LackOf(const crypto::DocId& doc,
                    const sync::HeadVector& theirs) const override;
  sync::ReceiveResult Receive(const crypto::DocId& doc, ByteView envelope) override;
  void NotePeerHeads(const crypto::DocId& doc, const sync::HeadVector& theirs) override;

 private:
  explicit Device(Options options);

  Result<wire::ControlResponse> Dispatch(const wire::ControlRequest& r);
  Status RequireReady() const;
  int64_t Now() const { return options_.clock->NowUnixMillis(); }

  // device.cpp: life cycle.
  Status OpenStore(std::optional<std::string_view> passphrase);
  Status Init(const wire::ControlRequest& r);
  Status Unlock(const wire::ControlRequest& r);
  wire::DaemonStatus StatusNow() const;

  // device_plans.cpp: plans as a whole.
  Result<sync::StoredPlan*> SelectPlan(const std::string& selector);
  Result<std::string> NewPlan(const wire::ControlRequest& r);
  std::vector<wire::PlanSummary> ListPlans() const;
  Status AddSection(const wire::ControlRequest& r);
  Result<wire::ControlResponse> Render(const wire::ControlRequest& r);
  Status Leave(const wire::ControlRequest& r);

  // device_sync.cpp: the sync host side.
  sync::StoredPlan* FindPlan(const crypto::DocId& doc) const;
  void Watch(sync::StoredPlan& plan);

  // device_peers.cpp: peers, peers add, verify.
  Result<wire::ControlResponse> Peers(const wire::ControlRequest& r);
  Status PeersAdd(const wire::ControlRequest& r);
  Result<wire::ControlResponse> Verify(const wire::ControlRequest& r);
  // device_pairing.cpp: `approve`.
  Result<wire::ControlResponse> Approve(const wire::ControlRequest& r);
  Status ConfirmVerified(const wire::ControlRequest& r);
  // A peers row for `device` (from a plan's membership when it has none).
  Status EnsurePeer(const crypto::PublicKey& device);

  // device_forks.cpp: forks and a stopped writer.
  std::vector<wire::ForkNotice> ForkNotices() const;
  std::vector<plan::ForkView> ForkViews(const sync::StoredPlan& p) const;
  // FailedPrecondition, saying why and what to do, when this device may
  // no longer write to the plan (DESIGN.md §3).
  Status RequireWritable(const sync::StoredPlan& p) const;
  Result<sync::StoredPlan*> SelectWritablePlan(const std::string& selector);

  // device_watch.cpp
  void OnPlanEvent(const crypto::DocId& doc, const sync::StoredPlan::Event& event);

  // device_items.cpp: item commands. Each returns the id it created ("" if none).
  Result<std::string> ItemCommand(const wire::ControlRequest& r);

  Options options_;
  store::HomePaths paths_;
  std::unique_ptr<store::Store> store_;  // null unless ready
  std::optional<store::Identity> identity_;
  bool locked_ = false;
  // By plan id (lowercase hex of the doc id).
  std::map<std::string, std::unique_ptr<sync::StoredPlan>> plans_;
  uint32_t tcp_port_ = 0;
  EnvelopeListener envelope_listener_;
  std::function<void(const std::string&)> dial_listener_;
  struct Watcher {
    std::string plan_id;
    bool json = false;
    WatchSink sink;
  };
  std::map<uint64_t, Watcher> watchers_;
  uint64_t next_watcher_ = 1;
  // Open sessions per peer device (`peers` shows them as connected).
  std::map<crypto::PublicKey, int> sessions_;
};

// Why this device stopped writing to a plan, in words for the person,
// with what to do; "" for WriterState::kActive.
std::string WriterStoppedReason(sync::WriterState state);

// A member named on the command line: an id, a name (any case) or a unique
// id prefix, among current members. NotFound / InvalidArgument (ambiguous).
Result<std::string> ResolveMember(const plan::Plan& p, std::string_view who);
// An open invitation named on the command line, matched the same way
// (without `prefixes`: only an exact id or name).
Result<std::string> ResolveInvited(const plan::Plan& p, std::string_view who,
                                   bool prefixes = true);

// A plan's id as people and the CLI see it: lowercase hex of its doc id.
std::string PlanIdString(const crypto::DocId& doc);

}  // namespace mutual::daemon
