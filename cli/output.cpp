#include "cli/output.h"

#include <algorithm>

#include "libsync/plan/render_json_writer.h"

namespace mutual::cli {
namespace {

using plan::render::JsonWriter;
using wire::Command;

std::string YesNo(bool b) { return b ? "yes" : "no"; }

// The daemon's id when it sent one (the full id for an abbreviated one).
std::string IdOr(const wire::ControlResponse& response, const std::string& given) {
  return response.created_id.empty() ? given : response.created_id;
}

}  // namespace

std::string_view ErrorCodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kNotFound:
      return "not-found";
    case Status::Code::kCorruption:
      return "corruption";
    case Status::Code::kInvalidArgument:
      return "invalid-argument";
    case Status::Code::kIOError:
      return "io-error";
    case Status::Code::kPeerViolation:
      return "peer-violation";
    case Status::Code::kPermissionDenied:
      return "permission-denied";
    case Status::Code::kFailedPrecondition:
      return "failed-precondition";
    case Status::Code::kAlreadyExists:
      return "already-exists";
    case Status::Code::kUnavailable:
      return "unavailable";
  }
  return "io-error";
}

std::string FormatErrorJson(const Status& s) {
  JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-error");
  w.Int("version", 1);
  w.Str("code", ErrorCodeName(s.code()));
  w.Str("message", s.message());
  w.EndObject();
  return w.Take();
}

std::string FormatErrorText(const Status& s) { return "mutual: " + s.message() + "\n"; }

std::string FormatPlansText(const std::vector<wire::PlanSummary>& plans) {
  if (plans.empty()) return "no plans yet (start one with: mutual new TITLE)\n";
  size_t width = 2;
  for (const auto& p : plans) width = std::max(width, p.id.size());
  std::string out = "ID" + std::string(width - 2, ' ') + "  MEMBERS  TITLE\n";
  for (const auto& p : plans) {
    std::string count = std::to_string(p.member_count);
    count.resize(7, ' ');
    out += p.id + std::string(width - p.id.size(), ' ') + "  " + count + "  " + p.title +
           "\n";
  }
  return out;
}

std::string FormatPlansJson(const std::vector<wire::PlanSummary>& plans) {
  JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-plans");
  w.Int("version", 1);
  w.Key("plans");
  w.BeginArray();
  for (const auto& p : plans) {
    w.BeginObject();
    w.Str("id", p.id);
    w.Str("title", p.title);
    w.Int("members", p.member_count);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string FormatStatusText(const wire::DaemonStatus& s) {
  std::string out;
  out += "home:         " + s.home + "\n";
  out += "initialized:  " + YesNo(s.initialized) + "\n";
  if (s.initialized) {
    out += "locked:       " + YesNo(s.locked) + "\n";
    out += "device:       " + s.device_name + " (" + s.device_id + ")\n";
  }
  out += "plans:        " + std::to_string(s.plan_count) + "\n";
  out +=
      "listening:    " +
      (s.tcp_port == 0 ? std::string("no") : "tcp port " + std::to_string(s.tcp_port)) +
      "\n";
  out += "daemon:       mutuald " + s.version + "\n";
  for (const wire::ForkNotice& f : s.forks) {
    const std::string who = f.this_device ? "this device"
                            : f.member.empty()
                                ? "device " + f.device_id.substr(0, 8)
                                : f.member + "'s device " + f.device_id.substr(0, 8);
    out += "fork:         plan " + f.plan.substr(0, 8) + ": " + who +
           " wrote two different changes numbered " + std::to_string(f.seq) +
           "; none of its changes from " + std::to_string(f.seq) + " on apply\n";
  }
  for (const wire::WriterStopped& w : s.stopped) {
    out += "stopped:      plan " + w.plan.substr(0, 8) + ": " + w.reason + "\n";
  }
  return out;
}

std::string FormatStatusJson(const wire::DaemonStatus& s) {
  JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-status");
  w.Int("version", 1);
  w.Bool("initialized", s.initialized);
  w.Bool("locked", s.locked);
  w.Str("device_name", s.device_name);
  w.Str("device_id", s.device_id);
  w.Str("home", s.home);
  w.Key("daemon_version");
  w.String(s.version);
  w.Int("plan_count", s.plan_count);
  w.Int("tcp_port", s.tcp_port);
  w.Key("forks");
  w.BeginArray();
  for (const wire::ForkNotice& f : s.forks) {
    w.BeginObject();
    w.Str("plan", f.plan);
    w.Str("device_id", f.device_id);
    w.Str("member", f.member);
    w.Int("seq", static_cast<int64_t>(f.seq));
    w.Bool("this_device", f.this_device);
    w.EndObject();
  }
  w.EndArray();
  w.Key("stopped");
  w.BeginArray();
  for (const wire::WriterStopped& st : s.stopped) {
    w.BeginObject();
    w.Str("plan", st.plan);
    w.Str("reason", st.reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string Confirmation(const wire::ControlRequest& r,
                         const wire::ControlResponse& resp) {
  switch (r.command) {
    case Command::kInit:
      return "set up this device as " + r.name + "\n";
    case Command::kNew:
      return "created plan " + IdOr(resp, "") + "\n";
    case Command::kSectionAdd:
      return "added section " + IdOr(resp, r.section) + "\n";
    case Command::kAdd:
      return "added item " + IdOr(resp, "") + "\n";
    case Command::kEdit:
      return "edited item " + IdOr(resp, r.item) + "\n";
    case Command::kAgree:
      return "agreed to item " + IdOr(resp, r.item) + "\n";
    case Command::kAck:
      return "acknowledged item " + IdOr(resp, r.item) + "\n";
    case Command::kSuggest:
      return resp.created_id.empty() ? "suggested a change to item " + r.item + "\n"
                                     : "added suggestion " + resp.created_id + "\n";
    case Command::kDismiss:
      return "dismissed suggestion " + IdOr(resp, r.suggestion) + "\n";
    case Command::kWithdraw:
      return "withdrew your agreement to item " + IdOr(resp, r.item) + "\n";
    case Command::kRevisit:
      return "asked to revisit item " + IdOr(resp, r.item) + "\n";
    case Command::kRemove:
      return "asked to remove item " + IdOr(resp, r.item) + "\n";
    case Command::kResolve:
      return "resolved item " + IdOr(resp, r.item) + "\n";
    case Command::kLeave:
      return "left the plan\n";
    case Command::kUnlock:
      return "unlocked\n";
    case Command::kPeersAdd:
      return "dialing " + r.address + " (now and after every restart)\n";
    case Command::kInvite:
      return "pairing code: " + resp.created_id +
             "\non the other device run: mutual join " + resp.created_id +
             "\n(on another network add --peer THIS-HOST:PORT; the port is in `mutual "
             "status`; the code works once and expires in 10 minutes)\n" +
             (resp.detail.empty() ? "" : resp.detail + "\n") + "waiting...\n";
    case Command::kApprove:
      return "approved adding " + resp.created_id + "\n" +
             (resp.detail.empty() ? "" : resp.detail + "\n");
    case Command::kInviteWait:
      return resp.created_id + " joined the plan\n";
    case Command::kJoin:
      return "joined plan " + resp.created_id + "; its history is arriving by sync\n";
    case Command::kVerify:
      return "recorded that you compared " + r.name +
             "'s safety numbers in person; `mutual peers` shows their devices as "
             "verified\n";
    default:
      return "done\n";
  }
}

}  // namespace mutual::cli
