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

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsync/store/home.h"
#include "libsync/store/key_file.h"
#include "libsync/sync/stored_plan.h"
#include "libsync/util/clock.h"
#include "libsync/wire/control_codec.h"

namespace mutual::daemon {

class Device {
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

  // The TCP port shown in `status` (0 until the network issue's listener).
  void set_tcp_port(uint32_t port) { tcp_port_ = port; }

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
};

// A plan's id as people and the CLI see it: lowercase hex of its doc id.
std::string PlanIdString(const crypto::DocId& doc);

}  // namespace mutual::daemon
