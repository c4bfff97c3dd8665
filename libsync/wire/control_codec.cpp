// Conversion between the control API's domain types and proto/control.proto.
// Protobuf types stay in this file.
#include "libsync/wire/control_codec.h"

#include <limits>

#include "libsync/util/leb128.h"
#include "libsync/wire/limits.h"
#include "proto/control.pb.h"

namespace mutual::wire {
namespace {

namespace pb = ::mutual::proto;

Status Bad(std::string_view what) {
  return Status::InvalidArgument(std::string("control message: ") + std::string(what));
}

Status CheckText(std::string_view field, const std::string& s, size_t max_len,
                 bool required) {
  if (required && s.empty()) return Bad(std::string(field) + " is required");
  if (s.size() > max_len) {
    return Bad(std::string(field) + " is longer than " + std::to_string(max_len) +
               " bytes");
  }
  if (!IsValidUtf8(s)) return Bad(std::string(field) + " is not valid UTF-8");
  return Status::Ok();
}

Status CheckFields(const std::map<std::string, std::string>& fields, bool required) {
  if (required && fields.empty()) return Bad("at least one field is required");
  if (fields.size() > kMaxFields) return Bad("too many fields");
  for (const auto& [k, v] : fields) {
    MUTUAL_RETURN_IF_ERROR(CheckText("field name", k, kMaxNameBytes, true));
    MUTUAL_RETURN_IF_ERROR(CheckText("field value", v, kMaxTextBytes, false));
  }
  return Status::Ok();
}

bool IsOneOf(const std::string& s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

template <typename Map>
std::map<std::string, std::string> FromPbMap(const Map& m) {
  return std::map<std::string, std::string>(m.begin(), m.end());
}

template <typename Map>
void ToPbMap(const std::map<std::string, std::string>& in, Map* out) {
  for (const auto& [k, v] : in) (*out)[k] = v;
}

}  // namespace

std::string_view CommandName(Command c) {
  switch (c) {
    case Command::kInit: return "init";
    case Command::kNew: return "new";
    case Command::kPlans: return "plans";
    case Command::kSectionAdd: return "section add";
    case Command::kShow: return "show";
    case Command::kAdd: return "add";
    case Command::kEdit: return "edit";
    case Command::kAgree: return "agree";
    case Command::kAck: return "ack";
    case Command::kSuggest: return "suggest";
    case Command::kDismiss: return "dismiss";
    case Command::kWithdraw: return "withdraw";
    case Command::kRevisit: return "revisit";
    case Command::kRemove: return "remove";
    case Command::kResolve: return "resolve";
    case Command::kLog: return "log";
    case Command::kExport: return "export";
    case Command::kLeave: return "leave";
    case Command::kUnlock: return "unlock";
    case Command::kStatus: return "status";
    case Command::kPeers: return "peers";
    case Command::kPeersAdd: return "peers add";
    case Command::kInvite: return "invite";
    case Command::kInviteWait: return "invite wait";
    case Command::kJoin: return "join";
    case Command::kVerify: return "verify";
    case Command::kApprove: return "approve";
    case Command::kWatch: return "watch";
  }
  return "unknown";
}

Status ValidateRequest(const ControlRequest& r) {
  // Every string is checked; commands that do not use one leave it empty,
  // which always passes the optional checks.
  MUTUAL_RETURN_IF_ERROR(CheckText("plan", r.plan, kMaxIdBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("name", r.name, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("title", r.title, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("kind", r.kind, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("template", r.template_name, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("format", r.format, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("reason", r.reason, kMaxTextBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("address", r.address, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("code", r.code, kMaxNameBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("section", r.section, kMaxIdBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("item", r.item, kMaxIdBytes, false));
  MUTUAL_RETURN_IF_ERROR(CheckText("suggestion", r.suggestion, kMaxIdBytes, false));
  if (r.about.size() > kMaxAbout) return Bad("too many --about values");
  for (const auto& a : r.about) {
    MUTUAL_RETURN_IF_ERROR(CheckText("about", a, kMaxNameBytes, true));
  }
  MUTUAL_RETURN_IF_ERROR(CheckFields(r.fields, false));
  if (r.passphrase.size() > kMaxPassphraseBytes) return Bad("passphrase is too long");

  switch (r.command) {
    case Command::kInit: return CheckText("name", r.name, kMaxNameBytes, true);
    case Command::kNew: return CheckText("title", r.title, kMaxNameBytes, true);
    case Command::kSectionAdd:
      MUTUAL_RETURN_IF_ERROR(CheckText("section", r.section, kMaxIdBytes, true));
      return CheckText("title", r.title, kMaxNameBytes, true);
    case Command::kShow:
    case Command::kLog:
      if (!IsOneOf(r.format, {"", "text", "json"})) return Bad("unknown format " + r.format);
      return Status::Ok();
    case Command::kExport:
      if (!IsOneOf(r.format, {"md", "html", "json"})) {
        return Bad("export format must be md, html or json");
      }
      return Status::Ok();
    case Command::kAdd: return CheckText("section", r.section, kMaxIdBytes, true);
    case Command::kEdit:
    case Command::kSuggest:
    case Command::kResolve:
      MUTUAL_RETURN_IF_ERROR(CheckText("item", r.item, kMaxIdBytes, true));
      return CheckFields(r.fields, true);
    case Command::kAgree:
    case Command::kAck:
    case Command::kRemove:
    case Command::kWithdraw:
    case Command::kRevisit: return CheckText("item", r.item, kMaxIdBytes, true);
    case Command::kDismiss:
      return CheckText("suggestion", r.suggestion, kMaxIdBytes, true);
    case Command::kPlans:
    case Command::kLeave:
    case Command::kUnlock:
    case Command::kStatus: return Status::Ok();
    case Command::kPeers:
      if (!IsOneOf(r.format, {"", "text", "json"})) return Bad("unknown format " + r.format);
      return Status::Ok();
    case Command::kPeersAdd: return CheckText("address", r.address, kMaxNameBytes, true);
    case Command::kInvite: return Status::Ok();
    case Command::kInviteWait: return CheckText("code", r.code, kMaxNameBytes, true);
    case Command::kJoin:
      MUTUAL_RETURN_IF_ERROR(CheckText("code", r.code, kMaxNameBytes, true));
      // No address: the daemon finds the inviter by its LAN beacon.
      return CheckText("address", r.address, kMaxNameBytes, false);
    case Command::kApprove: return CheckText("member", r.name, kMaxNameBytes, true);
    case Command::kVerify: return CheckText("member", r.name, kMaxNameBytes, r.confirm);
    case Command::kWatch:
      if (!IsOneOf(r.format, {"", "text", "json"})) return Bad("unknown format " + r.format);
      return Status::Ok();
  }
  return Bad("unknown command");
}

Result<Bytes> EncodeRequest(const ControlRequest& r) {
  MUTUAL_RETURN_IF_ERROR(ValidateRequest(r));
  pb::Request m;
  m.set_request_id(r.id);
  switch (r.command) {
    case Command::kInit:
      m.mutable_init()->set_name(r.name);
      m.mutable_init()->set_passphrase(
          std::string(r.passphrase.begin(), r.passphrase.end()));
      break;
    case Command::kNew: {
      auto* c = m.mutable_new_plan();
      c->set_title(r.title);
      c->set_template_name(r.template_name);
      break;
    }
    case Command::kPlans: m.mutable_plans(); break;
    case Command::kSectionAdd: {
      auto* c = m.mutable_section_add();
      c->set_plan(r.plan);
      c->set_section(r.section);
      c->set_title(r.title);
      c->set_kind(r.kind);
      break;
    }
    case Command::kShow: {
      auto* c = m.mutable_show();
      c->set_plan(r.plan);
      c->set_format(r.format);
      break;
    }
    case Command::kAdd: {
      auto* c = m.mutable_add();
      c->set_plan(r.plan);
      c->set_section(r.section);
      c->set_kind(r.kind);
      for (const auto& a : r.about) c->add_about(a);
      ToPbMap(r.fields, c->mutable_fields());
      break;
    }
    case Command::kEdit: {
      auto* c = m.mutable_edit();
      c->set_plan(r.plan);
      c->set_item(r.item);
      ToPbMap(r.fields, c->mutable_fields());
      break;
    }
    case Command::kAgree: {
      auto* c = m.mutable_agree();
      c->set_plan(r.plan);
      c->set_item(r.item);
      break;
    }
    case Command::kAck: {
      auto* c = m.mutable_ack();
      c->set_plan(r.plan);
      c->set_item(r.item);
      break;
    }
    case Command::kSuggest: {
      auto* c = m.mutable_suggest();
      c->set_plan(r.plan);
      c->set_item(r.item);
      ToPbMap(r.fields, c->mutable_fields());
      break;
    }
    case Command::kDismiss: {
      auto* c = m.mutable_dismiss();
      c->set_plan(r.plan);
      c->set_suggestion(r.suggestion);
      break;
    }
    case Command::kWithdraw: {
      auto* c = m.mutable_withdraw();
      c->set_plan(r.plan);
      c->set_item(r.item);
      c->set_reason(r.reason);
      break;
    }
    case Command::kRevisit: {
      auto* c = m.mutable_revisit();
      c->set_plan(r.plan);
      c->set_item(r.item);
      c->set_reason(r.reason);
      break;
    }
    case Command::kRemove: {
      auto* c = m.mutable_remove();
      c->set_plan(r.plan);
      c->set_item(r.item);
      break;
    }
    case Command::kResolve: {
      auto* c = m.mutable_resolve();
      c->set_plan(r.plan);
      c->set_item(r.item);
      ToPbMap(r.fields, c->mutable_fields());
      break;
    }
    case Command::kLog: {
      auto* c = m.mutable_log();
      c->set_plan(r.plan);
      c->set_format(r.format);
      break;
    }
    case Command::kExport: {
      auto* c = m.mutable_export_();
      c->set_plan(r.plan);
      c->set_format(r.format);
      break;
    }
    case Command::kLeave: m.mutable_leave()->set_plan(r.plan); break;
    case Command::kUnlock:
      m.mutable_unlock()->set_passphrase(
          std::string(r.passphrase.begin(), r.passphrase.end()));
      break;
    case Command::kStatus: m.mutable_status(); break;
    case Command::kPeers: m.mutable_peers()->set_format(r.format); break;
    case Command::kPeersAdd: m.mutable_peers_add()->set_address(r.address); break;
    case Command::kInvite:
      m.mutable_invite()->set_plan(r.plan);
      m.mutable_invite()->set_my_device(r.my_device);
      m.mutable_invite()->set_name(r.name);
      break;
    case Command::kInviteWait: m.mutable_invite_wait()->set_code(r.code); break;
    case Command::kJoin:
      m.mutable_join()->set_code(r.code);
      m.mutable_join()->set_peer(r.address);
      break;
    case Command::kVerify:
      m.mutable_verify()->set_plan(r.plan);
      m.mutable_verify()->set_member(r.name);
      m.mutable_verify()->set_confirm(r.confirm);
      break;
    case Command::kWatch:
      m.mutable_watch()->set_plan(r.plan);
      m.mutable_watch()->set_format(r.format);
      break;
    case Command::kApprove:
      m.mutable_approve()->set_plan(r.plan);
      m.mutable_approve()->set_member(r.name);
      break;
  }
  std::string out;
  if (!m.SerializeToString(&out)) return Bad("cannot serialize request");
  if (out.size() > kMaxControlMessageBytes) return Bad("request is larger than 1 MiB");
  return Bytes(out.begin(), out.end());
}

Result<ControlRequest> DecodeRequest(ByteView bytes) {
  if (bytes.size() > kMaxControlMessageBytes) return Bad("request is larger than 1 MiB");
  pb::Request m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Bad("request is not a valid protobuf Request (or has invalid UTF-8)");
  }
  ControlRequest r;
  r.id = m.request_id();
  switch (m.command_case()) {
    case pb::Request::kInit:
      r.command = Command::kInit;
      r.name = m.init().name();
      r.passphrase.assign(m.init().passphrase().begin(), m.init().passphrase().end());
      break;
    case pb::Request::kNewPlan:
      r.command = Command::kNew;
      r.title = m.new_plan().title();
      r.template_name = m.new_plan().template_name();
      break;
    case pb::Request::kPlans: r.command = Command::kPlans; break;
    case pb::Request::kSectionAdd: {
      const auto& c = m.section_add();
      r.command = Command::kSectionAdd;
      r.plan = c.plan();
      r.section = c.section();
      r.title = c.title();
      r.kind = c.kind();
      break;
    }
    case pb::Request::kShow:
      r.command = Command::kShow;
      r.plan = m.show().plan();
      r.format = m.show().format();
      break;
    case pb::Request::kAdd: {
      const auto& c = m.add();
      r.command = Command::kAdd;
      r.plan = c.plan();
      r.section = c.section();
      r.kind = c.kind();
      if (static_cast<size_t>(c.about_size()) > kMaxAbout) return Bad("too many --about values");
      r.about.assign(c.about().begin(), c.about().end());
      if (c.fields_size() > static_cast<int>(kMaxFields)) return Bad("too many fields");
      r.fields = FromPbMap(c.fields());
      break;
    }
    case pb::Request::kEdit:
      r.command = Command::kEdit;
      r.plan = m.edit().plan();
      r.item = m.edit().item();
      if (m.edit().fields_size() > static_cast<int>(kMaxFields)) return Bad("too many fields");
      r.fields = FromPbMap(m.edit().fields());
      break;
    case pb::Request::kAgree:
      r.command = Command::kAgree;
      r.plan = m.agree().plan();
      r.item = m.agree().item();
      break;
    case pb::Request::kAck:
      r.command = Command::kAck;
      r.plan = m.ack().plan();
      r.item = m.ack().item();
      break;
    case pb::Request::kSuggest:
      r.command = Command::kSuggest;
      r.plan = m.suggest().plan();
      r.item = m.suggest().item();
      if (m.suggest().fields_size() > static_cast<int>(kMaxFields)) return Bad("too many fields");
      r.fields = FromPbMap(m.suggest().fields());
      break;
    case pb::Request::kDismiss:
      r.command = Command::kDismiss;
      r.plan = m.dismiss().plan();
      r.suggestion = m.dismiss().suggestion();
      break;
    case pb::Request::kWithdraw:
      r.command = Command::kWithdraw;
      r.plan = m.withdraw().plan();
      r.item = m.withdraw().item();
      r.reason = m.withdraw().reason();
      break;
    case pb::Request::kRevisit:
      r.command = Command::kRevisit;
      r.plan = m.revisit().plan();
      r.item = m.revisit().item();
      r.reason = m.revisit().reason();
      break;
    case pb::Request::kRemove:
      r.command = Command::kRemove;
      r.plan = m.remove().plan();
      r.item = m.remove().item();
      break;
    case pb::Request::kResolve:
      r.command = Command::kResolve;
      r.plan = m.resolve().plan();
      r.item = m.resolve().item();
      if (m.resolve().fields_size() > static_cast<int>(kMaxFields)) return Bad("too many fields");
      r.fields = FromPbMap(m.resolve().fields());
      break;
    case pb::Request::kLog:
      r.command = Command::kLog;
      r.plan = m.log().plan();
      r.format = m.log().format();
      break;
    case pb::Request::kExport:
      r.command = Command::kExport;
      r.plan = m.export_().plan();
      r.format = m.export_().format();
      break;
    case pb::Request::kLeave:
      r.command = Command::kLeave;
      r.plan = m.leave().plan();
      break;
    case pb::Request::kUnlock: {
      r.command = Command::kUnlock;
      const std::string& p = m.unlock().passphrase();
      r.passphrase.assign(p.begin(), p.end());
      break;
    }
    case pb::Request::kStatus: r.command = Command::kStatus; break;
    case pb::Request::kPeers:
      r.command = Command::kPeers;
      r.format = m.peers().format();
      break;
    case pb::Request::kPeersAdd:
      r.command = Command::kPeersAdd;
      r.address = m.peers_add().address();
      break;
    case pb::Request::kInvite:
      r.command = Command::kInvite;
      r.plan = m.invite().plan();
      r.my_device = m.invite().my_device();
      r.name = m.invite().name();
      break;
    case pb::Request::kInviteWait:
      r.command = Command::kInviteWait;
      r.code = m.invite_wait().code();
      break;
    case pb::Request::kJoin:
      r.command = Command::kJoin;
      r.code = m.join().code();
      r.address = m.join().peer();
      break;
    case pb::Request::kVerify:
      r.command = Command::kVerify;
      r.plan = m.verify().plan();
      r.name = m.verify().member();
      r.confirm = m.verify().confirm();
      break;
    case pb::Request::kWatch:
      r.command = Command::kWatch;
      r.plan = m.watch().plan();
      r.format = m.watch().format();
      break;
    case pb::Request::kApprove:
      r.command = Command::kApprove;
      r.plan = m.approve().plan();
      r.name = m.approve().member();
      break;
    case pb::Request::COMMAND_NOT_SET:
      return Bad("request names no command (or one this daemon does not know)");
  }
  MUTUAL_RETURN_IF_ERROR(ValidateRequest(r));
  return r;
}

ControlResponse ControlResponse::FromStatus(uint64_t id, const Status& s) {
  assert(!s.ok());
  ControlResponse r;
  r.id = id;
  r.kind = ResultKind::kError;
  r.error_code = s.code();
  r.error_message = s.message();
  return r;
}

Status ControlResponse::ToStatus() const {
  if (kind != ResultKind::kError) return Status::Ok();
  if (error_code != Status::Code::kOk) return Status::FromCode(error_code, error_message);
  // Validated responses never carry kOk as an error; be safe anyway.
  return Status::Corruption("error response without a code: " + error_message);
}

Status ValidateResponse(const ControlResponse& r) {
  switch (r.kind) {
    case ResultKind::kError: {
      const int code = static_cast<int>(r.error_code);
      if (code <= 0 || code > static_cast<int>(Status::Code::kUnavailable)) {
        return Bad("error response has an unknown code");
      }
      return CheckText("error message", r.error_message, kMaxTextBytes, false);
    }
    case ResultKind::kDone:
      MUTUAL_RETURN_IF_ERROR(CheckText("created id", r.created_id, kMaxIdBytes, false));
      return CheckText("detail", r.detail, kMaxTextBytes, false);
    case ResultKind::kRendered:
      return CheckText("content type", r.content_type, kMaxNameBytes, true);
    case ResultKind::kPlans:
      if (r.plans.size() > kMaxPlansListed) return Bad("too many plans");
      for (const auto& p : r.plans) {
        MUTUAL_RETURN_IF_ERROR(CheckText("plan id", p.id, kMaxIdBytes, true));
        MUTUAL_RETURN_IF_ERROR(CheckText("plan title", p.title, kMaxNameBytes, false));
      }
      return Status::Ok();
    case ResultKind::kStatus: {
      const DaemonStatus& s = r.status;
      MUTUAL_RETURN_IF_ERROR(CheckText("device name", s.device_name, kMaxNameBytes, false));
      MUTUAL_RETURN_IF_ERROR(CheckText("device id", s.device_id, kMaxIdBytes, false));
      MUTUAL_RETURN_IF_ERROR(CheckText("home", s.home, kMaxTextBytes, false));
      MUTUAL_RETURN_IF_ERROR(CheckText("version", s.version, kMaxNameBytes, false));
      if (s.tcp_port > 65535) return Bad("tcp port out of range");
      if (s.forks.size() + s.stopped.size() > kMaxPlansListed) {
        return Bad("too many fork notices");
      }
      for (const ForkNotice& f : s.forks) {
        MUTUAL_RETURN_IF_ERROR(CheckText("fork plan", f.plan, kMaxIdBytes, true));
        MUTUAL_RETURN_IF_ERROR(CheckText("fork device", f.device_id, kMaxIdBytes, true));
        MUTUAL_RETURN_IF_ERROR(CheckText("fork member", f.member, kMaxNameBytes, false));
      }
      for (const WriterStopped& w : s.stopped) {
        MUTUAL_RETURN_IF_ERROR(CheckText("stopped plan", w.plan, kMaxIdBytes, true));
        MUTUAL_RETURN_IF_ERROR(CheckText("stop reason", w.reason, kMaxTextBytes, false));
      }
      return Status::Ok();
    }
  }
  return Bad("unknown result kind");
}

Result<Bytes> EncodeResponse(const ControlResponse& r) {
  MUTUAL_RETURN_IF_ERROR(ValidateResponse(r));
  pb::Response m;
  m.set_request_id(r.id);
  switch (r.kind) {
    case ResultKind::kError: {
      auto* e = m.mutable_error();
      e->set_code(static_cast<pb::ErrorCode>(static_cast<int>(r.error_code)));
      e->set_message(r.error_message);
      break;
    }
    case ResultKind::kDone:
      m.mutable_done()->set_id(r.created_id);
      m.mutable_done()->set_detail(r.detail);
      break;
    case ResultKind::kRendered: {
      auto* x = m.mutable_rendered();
      x->set_content_type(r.content_type);
      x->set_body(std::string(r.body.begin(), r.body.end()));
      break;
    }
    case ResultKind::kPlans: {
      auto* l = m.mutable_plans();
      for (const auto& p : r.plans) {
        auto* s = l->add_plans();
        s->set_id(p.id);
        s->set_title(p.title);
        s->set_member_count(p.member_count);
      }
      break;
    }
    case ResultKind::kStatus: {
      auto* s = m.mutable_status();
      s->set_initialized(r.status.initialized);
      s->set_locked(r.status.locked);
      s->set_device_name(r.status.device_name);
      s->set_device_id(r.status.device_id);
      s->set_home(r.status.home);
      s->set_version(r.status.version);
      s->set_plan_count(r.status.plan_count);
      s->set_tcp_port(r.status.tcp_port);
      for (const ForkNotice& f : r.status.forks) {
        auto* n = s->add_forks();
        n->set_plan(f.plan);
        n->set_device_id(f.device_id);
        n->set_member(f.member);
        n->set_seq(f.seq);
        n->set_this_device(f.this_device);
      }
      for (const WriterStopped& w : r.status.stopped) {
        auto* n = s->add_stopped();
        n->set_plan(w.plan);
        n->set_reason(w.reason);
      }
      break;
    }
  }
  std::string out;
  if (!m.SerializeToString(&out)) return Bad("cannot serialize response");
  if (out.size() > kMaxControlResponseBytes) return Bad("response is larger than 32 MiB");
  return Bytes(out.begin(), out.end());
}

Result<ControlResponse> DecodeResponse(ByteView bytes) {
  if (bytes.size() > kMaxControlResponseBytes) return Bad("response is larger than 32 MiB");
  pb::Response m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Bad("response is not a valid protobuf Response (or has invalid UTF-8)");
  }
  ControlResponse r;
  r.id = m.request_id();
  switch (m.result_case()) {
    case pb::Response::kError: {
      r.kind = ResultKind::kError;
      const int code = static_cast<int>(m.error().code());
      if (code <= 0 || code > static_cast<int>(Status::Code::kUnavailable)) {
        return Bad("error response has an unknown code");
      }
      r.error_code = static_cast<Status::Code>(code);
      r.error_message = m.error().message();
      break;
    }
    case pb::Response::kDone:
      r.kind = ResultKind::kDone;
      r.created_id = m.done().id();
      r.detail = m.done().detail();
      break;
    case pb::Response::kRendered: {
      r.kind = ResultKind::kRendered;
      r.content_type = m.rendered().content_type();
      const std::string& b = m.rendered().body();
      r.body.assign(b.begin(), b.end());
      break;
    }
    case pb::Response::kPlans:
      r.kind = ResultKind::kPlans;
      if (static_cast<size_t>(m.plans().plans_size()) > kMaxPlansListed) {
        return Bad("too many plans");
      }
      for (const auto& p : m.plans().plans()) {
        r.plans.push_back(PlanSummary{p.id(), p.title(), p.member_count()});
      }
      break;
    case pb::Response::kStatus: {
      r.kind = ResultKind::kStatus;
      const auto& s = m.status();
      r.status.initialized = s.initialized();
      r.status.locked = s.locked();
      r.status.device_name = s.device_name();
      r.status.device_id = s.device_id();
      r.status.home = s.home();
      r.status.version = s.version();
      r.status.plan_count = s.plan_count();
      r.status.tcp_port = s.tcp_port();
      if (static_cast<size_t>(s.forks_size()) + static_cast<size_t>(s.stopped_size()) >
          kMaxPlansListed) {
        return Bad("too many fork notices");
      }
      for (const auto& f : s.forks()) {
        r.status.forks.push_back(
            ForkNotice{f.plan(), f.device_id(), f.member(), f.seq(), f.this_device()});
      }
      for (const auto& w : s.stopped()) {
        r.status.stopped.push_back(WriterStopped{w.plan(), w.reason()});
      }
      break;
    }
    case pb::Response::RESULT_NOT_SET:
      return Bad("response carries no result (or one this client does not know)");
  }
  MUTUAL_RETURN_IF_ERROR(ValidateResponse(r));
  return r;
}

}  // namespace mutual::wire
