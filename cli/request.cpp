#include "cli/request.h"

#include <charconv>
#include <utility>

#include "libsync/plan/catalog.h"

namespace mutual::cli {
namespace {

using wire::Command;

std::string CommandLabel(const Invocation& inv) {
  return "'mutual " + std::string(inv.spec->name) + "'";
}

Status CheckKind(const std::string& kind) {
  if (plan::FindKind(kind) != nullptr) return Status::Ok();
  std::string names;
  for (const auto& k : plan::AllKinds()) names += (names.empty() ? "" : ", ") + k.id;
  return Status::InvalidArgument("unknown kind '" + kind + "' (kinds: " + names + ")");
}

Status CheckTemplate(const std::string& name) {
  if (plan::FindTemplate(name) != nullptr) return Status::Ok();
  return Status::InvalidArgument(
      "unknown template '" + name +
      "' (templates: relational, relational+safety-steps, blank)");
}

Status CheckExportFormat(const std::string& format) {
  if (format == "md" || format == "html" || format == "json") return Status::Ok();
  return Status::InvalidArgument("unknown export format '" + format +
                                 "' (formats: md, html, json)");
}

// The options shared by many commands: --plan, --kind, --reason, --field.
Status FillCommon(const Invocation& inv, wire::ControlRequest& r) {
  if (const auto* p = inv.Get("plan")) r.plan = *p;
  if (const auto* k = inv.Get("kind")) {
    MUTUAL_RETURN_IF_ERROR(CheckKind(*k));
    r.kind = *k;
  }
  if (const auto* reason = inv.Get("reason")) r.reason = *reason;
  if (inv.Has("field")) {
    MUTUAL_ASSIGN_OR_RETURN(r.fields, ParseFieldFlags(inv.GetAll("field")));
  }
  for (const auto& a : inv.GetAll("about")) {
    if (a.empty()) return Status::InvalidArgument("--about needs me, us or a member id");
    r.about.push_back(a);
  }
  return Status::Ok();
}

// The positional arguments, by command.
void FillPositionals(const Invocation& inv, wire::ControlRequest& r) {
  const auto& p = inv.positionals;
  switch (r.command) {
    case Command::kNew:
      r.title = p[0];
      break;
    case Command::kSectionAdd:
      r.section = p[0];
      r.title = p[1];
      break;
    case Command::kAdd:
      r.section = p[0];
      break;
    case Command::kDismiss:
      r.suggestion = p[0];
      break;
    case Command::kPeersAdd:
      r.address = p[0];
      break;
    case Command::kJoin:
      r.code = p[0];
      break;
    case Command::kApprove:
      r.name = p[0];
      break;
    case Command::kEdit:
    case Command::kAgree:
    case Command::kAck:
    case Command::kSuggest:
    case Command::kWithdraw:
    case Command::kRevisit:
    case Command::kRemove:
    case Command::kResolve:
      r.item = p[0];
      break;
    default:
      break;
  }
}

Status CheckRequired(const Invocation& inv) {
  for (const auto& o : inv.spec->options) {
    if (o.required && !inv.Has(std::string(o.name))) {
      return Status::InvalidArgument("missing option --" + std::string(o.name) + " " +
                                     std::string(o.value_name) + " for " +
                                     CommandLabel(inv));
    }
  }
  return Status::Ok();
}

// Checks that only apply to one command. REQUIRES: CheckRequired passed.
Status FillSpecific(const Invocation& inv, wire::ControlRequest& r) {
  switch (r.command) {
    case Command::kInit:
      r.name = *inv.Get("name");
      if (r.name.empty()) return Status::InvalidArgument("--name must not be empty");
      break;
    case Command::kNew:
      r.template_name = inv.Has("template") ? *inv.Get("template") : "relational";
      return CheckTemplate(r.template_name);
    case Command::kShow:
    case Command::kLog:
    case Command::kPeers:
    case Command::kWatch:
      r.format = inv.json ? "json" : "";
      break;
    case Command::kExport:
      r.format = *inv.Get("format");
      return CheckExportFormat(r.format);
    case Command::kInvite:
      r.my_device = inv.Has("my-device");
      if (const auto* n = inv.Get("name")) r.name = *n;
      if (r.my_device && !r.name.empty()) {
        return Status::InvalidArgument("--name names a new member; --my-device adds yours");
      }
      break;
    case Command::kJoin:
      if (const auto* peer = inv.Get("peer")) r.address = *peer;
      break;
    case Command::kVerify:
      if (const auto* m = inv.Get("member")) r.name = *m;
      if (const auto* c = inv.Get("confirm")) {
        if (inv.Has("member")) {
          return Status::InvalidArgument("give either --member or --confirm, not both");
        }
        if (c->empty()) return Status::InvalidArgument("--confirm needs a member");
        r.name = *c;
        r.confirm = true;
      }
      break;
    default:
      break;
  }
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, std::string>> ParseFieldFlags(
    const std::vector<std::string>& values) {
  std::map<std::string, std::string> fields;
  for (const auto& v : values) {
    const auto eq = v.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument("--field needs NAME=TEXT, got '" + v + "'");
    }
    if (eq == 0) return Status::InvalidArgument("--field '" + v + "' has no field name");
    std::string name = v.substr(0, eq);
    if (!fields.emplace(name, v.substr(eq + 1)).second) {
      return Status::InvalidArgument("--field " + name + " given twice");
    }
  }
  return fields;
}

Result<wire::ControlRequest> BuildRequest(const Invocation& inv) {
  wire::ControlRequest r;
  r.command = inv.spec->command;
  MUTUAL_RETURN_IF_ERROR(CheckRequired(inv));
  FillPositionals(inv, r);
  MUTUAL_RETURN_IF_ERROR(FillCommon(inv, r));
  MUTUAL_RETURN_IF_ERROR(FillSpecific(inv, r));
  MUTUAL_RETURN_IF_ERROR(PassphraseFd(inv).status());
  return r;
}

bool NeedsEditorForm(const Invocation& inv) {
  const auto c = inv.spec->command;
  return (c == Command::kAdd || c == Command::kEdit) && !inv.Has("field");
}

bool NeedsPassphrase(const Invocation& inv) {
  const auto c = inv.spec->command;
  return c == Command::kUnlock ||
         (c == Command::kInit && (inv.Has("passphrase") || inv.Has("passphrase-fd")));
}

Result<std::optional<int>> PassphraseFd(const Invocation& inv) {
  const std::string* v = inv.Get("passphrase-fd");
  if (v == nullptr) return std::optional<int>();
  int fd = -1;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, fd);
  if (v->empty() || ec != std::errc() || ptr != end || fd < 0) {
    return Status::InvalidArgument(
        "--passphrase-fd needs a file descriptor number, got '" + *v + "'");
  }
  return std::optional<int>(fd);
}

}  // namespace mutual::cli
