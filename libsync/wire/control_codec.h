// ControlRequest / ControlResponse: the CLI <-> daemon control API in plain
// C++ types, and their conversion to and from proto/control.proto bytes.
//
// Every Encode and Decode validates the whole message (size caps, string
// lengths, UTF-8, required ids, known formats), so the daemon and the CLI
// never see an unchecked value. Decoding never crashes on any input: bad
// bytes give InvalidArgument with a message saying what was wrong.
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::wire {

enum class Command : uint8_t {
  kInit = 1,
  kNew,
  kPlans,
  kSectionAdd,
  kShow,
  kAdd,
  kEdit,
  kAgree,
  kAck,
  kSuggest,
  kDismiss,
  kWithdraw,
  kRevisit,
  kRemove,
  kResolve,
  kLog,
  kExport,
  kLeave,
  kUnlock,
  kStatus,
  kPeers,
  kPeersAdd,
  kInvite,
  kInviteWait,
  kJoin,
  kVerify,
  kApprove,
  kWatch,
};
inline constexpr Command kFirstCommand = Command::kInit;
inline constexpr Command kLastCommand = Command::kWatch;

// The CLI spelling: "init", "section add", ...
std::string_view CommandName(Command c);

// One command with its arguments. Only the members the command uses are
// encoded; Decode leaves the others empty. Used members per command:
//   init: name (required), passphrase  new: title (required), template_name
//   plans, status: none            section add: plan, section, title (req.), kind
//   show, log: plan, format ("", "text", "json")
//   add: plan, section (req.), kind, about, fields
//   edit, suggest, resolve: plan, item (req.), fields (at least one)
//   agree, ack, remove: plan, item (req.)
//   withdraw, revisit: plan, item (req.), reason
//   dismiss: plan, suggestion (req.)
//   export: plan, format ("md", "html", "json"; required)
//   leave: plan                    unlock: passphrase
//   peers: format ("", "text", "json")   peers add: address (required, HOST:PORT)
//   invite: plan, my_device              invite wait: code (required)
//   join: code (required), address (required, HOST:PORT)
//   verify: plan, name (a member; empty = every other member), confirm
//           (record that the numbers were compared; name then required)
//   watch: plan, format ("", "text", "json")
struct ControlRequest {
  uint64_t id = 0;
  Command command = Command::kStatus;
  std::string plan;
  std::string item;
  std::string suggestion;
  std::string section;
  std::string name;
  std::string title;
  std::string kind;
  std::string template_name;
  std::string format;
  std::string reason;
  std::string address;
  std::string code;
  bool my_device = false;
  bool confirm = false;
  std::vector<std::string> about;
  std::map<std::string, std::string> fields;
  Bytes passphrase;

  bool operator==(const ControlRequest&) const = default;
};

enum class ResultKind : uint8_t { kError = 1, kDone, kRendered, kPlans, kStatus };

struct PlanSummary {
  std::string id;
  std::string title;
  uint32_t member_count = 0;
  bool operator==(const PlanSummary&) const = default;
};

// A device frozen by a fork in one of our plans (DESIGN.md §3).
struct ForkNotice {
  std::string plan;       // plan id
  std::string device_id;  // 64 lowercase hex digits
  std::string member;     // the member's name; "" when unknown
  uint64_t seq = 0;       // the fork point
  bool this_device = false;
  bool operator==(const ForkNotice&) const = default;
};

// A plan this device no longer writes to, and why.
struct WriterStopped {
  std::string plan;
  std::string reason;
  bool operator==(const WriterStopped&) const = default;
};

struct DaemonStatus {
  bool initialized = false;
  bool locked = false;
  std::string device_name;
  std::string device_id;
  std::string home;
  std::string version;
  uint32_t plan_count = 0;
  uint32_t tcp_port = 0;  // 0 = not listening
  std::vector<ForkNotice> forks;
  std::vector<WriterStopped> stopped;
  bool operator==(const DaemonStatus&) const = default;
};

// The answer to one request. Only the members of `kind` are encoded:
//   kError: error_code (never kOk), error_message
//   kDone: created_id (may be empty)
//   kRendered: content_type (required), body (any bytes)
//   kPlans: plans          kStatus: status
struct ControlResponse {
  uint64_t id = 0;
  ResultKind kind = ResultKind::kDone;
  Status::Code error_code = Status::Code::kOk;
  std::string error_message;
  std::string created_id;
  std::string detail;  // kDone: more for people to read
  std::string content_type;
  Bytes body;
  std::vector<PlanSummary> plans;
  DaemonStatus status;

  // An error response carrying `s`. REQUIRES: !s.ok().
  static ControlResponse FromStatus(uint64_t id, const Status& s);
  // The error as a Status; OK unless kind == kError.
  Status ToStatus() const;

  bool operator==(const ControlResponse&) const = default;
};

// InvalidArgument when the request breaks a limit or misses a required id.
Status ValidateRequest(const ControlRequest& r);
Status ValidateResponse(const ControlResponse& r);

Result<Bytes> EncodeRequest(const ControlRequest& r);
// InvalidArgument on oversized, unparsable, unknown-command or invalid input.
Result<ControlRequest> DecodeRequest(ByteView bytes);

Result<Bytes> EncodeResponse(const ControlResponse& r);
Result<ControlResponse> DecodeResponse(ByteView bytes);

}  // namespace mutual::wire
