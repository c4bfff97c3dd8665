#include "cli/app.h"

#include "cli/args.h"
#include "cli/editor_form.h"
#include "cli/export_file.h"
#include "cli/form_plan.h"
#include "cli/help.h"
#include "cli/output.h"
#include "cli/request.h"

namespace mutual::cli {
namespace {

using wire::Command;

int Fail(const AppDeps& deps, bool json, const Status& s, int code) {
  *deps.err << (json ? FormatErrorJson(s) : FormatErrorText(s));
  return code;
}

int ExitFor(const Status& s) {
  return s.IsUnavailable() ? kExitUnavailable : kExitFailed;
}

// A round trip whose error response becomes a Status.
Result<wire::ControlResponse> Exchange(const AppDeps& deps, const Invocation& inv,
                                       const wire::ControlRequest& request) {
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse response, deps.call(inv.home, request));
  MUTUAL_RETURN_IF_ERROR(response.ToStatus());
  return response;
}

// add/edit without --field: fetch the plan, build the form, let the person
// fill it in, keep the fields that changed.
Status FillFromEditor(const AppDeps& deps, const Invocation& inv,
                      wire::ControlRequest& r) {
  wire::ControlRequest show;
  show.command = Command::kShow;
  show.plan = r.plan;
  show.format = "json";
  MUTUAL_ASSIGN_OR_RETURN(const auto shown, Exchange(deps, inv, show));
  const std::string plan_json(shown.body.begin(), shown.body.end());
  const bool is_add = r.command == Command::kAdd;
  MUTUAL_ASSIGN_OR_RETURN(const PlannedForm planned,
                          is_add ? AddFormFromPlan(plan_json, r.section, r.kind)
                                 : EditFormFromPlan(plan_json, r.item));
  MUTUAL_ASSIGN_OR_RETURN(const std::string edited, deps.edit(RenderForm(planned.form)));
  MUTUAL_ASSIGN_OR_RETURN(const auto parsed, ParseForm(edited, FormPaths(planned.form)));
  r.fields = ChangedFields(planned.form, parsed);
  if (r.fields.empty()) {
    return Status::FailedPrecondition(is_add
                                          ? "nothing to add: every field was left empty"
                                          : "nothing to change: no field was changed");
  }
  if (is_add) r.kind = planned.kind;
  return Status::Ok();
}

Status FillInteractive(const AppDeps& deps, const Invocation& inv,
                       wire::ControlRequest& r) {
  if (NeedsPassphrase(inv)) {
    MUTUAL_ASSIGN_OR_RETURN(const auto fd, PassphraseFd(inv));
    MUTUAL_ASSIGN_OR_RETURN(std::string pass,
                            deps.passphrase(fd, r.command == Command::kInit));
    r.passphrase = ToBytes(pass);
    std::fill(pass.begin(), pass.end(), '\0');
  }
  if (NeedsEditorForm(inv)) return FillFromEditor(deps, inv, r);
  return Status::Ok();
}

int PrintRendered(const AppDeps& deps, const Invocation& inv,
                  const wire::ControlResponse& resp) {
  const std::string_view body(reinterpret_cast<const char*>(resp.body.data()),
                              resp.body.size());
  if (const std::string* file = inv.Get("output")) {
    if (Status s = WriteFileAtomically(*file, body); !s.ok()) {
      return Fail(deps, inv.json, s, kExitFailed);
    }
    *deps.err << "wrote " << *file << "\n";
    return kExitOk;
  }
  deps.out->write(body.data(), static_cast<std::streamsize>(body.size()));
  return kExitOk;
}

int Print(const AppDeps& deps, const Invocation& inv, const wire::ControlRequest& r,
          const wire::ControlResponse& resp) {
  switch (resp.kind) {
    case wire::ResultKind::kRendered:
      return PrintRendered(deps, inv, resp);
    case wire::ResultKind::kPlans:
      *deps.out << (inv.json ? FormatPlansJson(resp.plans) : FormatPlansText(resp.plans));
      return kExitOk;
    case wire::ResultKind::kStatus:
      *deps.out << (inv.json ? FormatStatusJson(resp.status)
                             : FormatStatusText(resp.status));
      return kExitOk;
    case wire::ResultKind::kDone:
      *deps.out << Confirmation(r, resp);
      return kExitOk;
    case wire::ResultKind::kError:
      break;
  }
  return Fail(deps, inv.json, resp.ToStatus(), kExitFailed);
}

// Help, version and the bare `mutual`; nullopt when a command is to run.
std::optional<int> Informational(const AppDeps& deps, const Invocation& inv) {
  if (inv.version) {
    *deps.out << VersionText();
    return kExitOk;
  }
  if (inv.help) {
    *deps.out << (inv.spec != nullptr ? CommandHelp(*inv.spec) : OverviewHelp());
    return kExitOk;
  }
  if (inv.spec == nullptr) {
    if (inv.json) {
      return Fail(deps, true,
                  Status::InvalidArgument("no command given (see 'mutual --help')"),
                  kExitUsage);
    }
    *deps.err << OverviewHelp();
    return kExitUsage;
  }
  return std::nullopt;
}

// `watch`: print each line as it comes. A closed stdout (the reader went
// away) ends the watch quietly, like an interrupt.
int Watch(const AppDeps& deps, const Invocation& inv, wire::ControlRequest request) {
  Status failed;
  Status s =
      deps.stream(inv.home, std::move(request), [&](const wire::ControlResponse& resp) {
        if (resp.kind == wire::ResultKind::kError) {
          failed = resp.ToStatus();
          return false;
        }
        if (resp.kind != wire::ResultKind::kRendered) return true;
        deps.out->write(reinterpret_cast<const char*>(resp.body.data()),
                        static_cast<std::streamsize>(resp.body.size()));
        deps.out->flush();
        return deps.out->good();
      });
  if (!failed.ok()) return Fail(deps, inv.json, failed, kExitFailed);
  if (!s.ok()) return Fail(deps, inv.json, s, ExitFor(s));
  return kExitOk;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, const AppDeps& deps) {
  const bool json = WantsJson(args);
  auto inv = ParseArgs(args);
  if (!inv.ok()) return Fail(deps, json, inv.status(), kExitUsage);
  if (auto code = Informational(deps, *inv)) return *code;
  auto request = BuildRequest(*inv);
  if (!request.ok()) return Fail(deps, json, request.status(), kExitUsage);
  if (Status s = FillInteractive(deps, *inv, *request); !s.ok()) {
    return Fail(deps, json, s, ExitFor(s));
  }
  if (Status s = wire::ValidateRequest(*request); !s.ok()) {
    return Fail(deps, json, s, kExitUsage);
  }
  if (request->command == Command::kWatch) return Watch(deps, *inv, *request);
  auto response = deps.call(inv->home, *request);
  std::fill(request->passphrase.begin(), request->passphrase.end(), 0);
  if (!response.ok()) {
    return Fail(deps, json, response.status(), ExitFor(response.status()));
  }
  const int code = Print(deps, *inv, *request, *response);
  if (code != kExitOk || request->command != Command::kInvite) return code;
  // The code is printed; now wait (in a second request) until it is used.
  deps.out->flush();
  wire::ControlRequest wait;
  wait.command = Command::kInviteWait;
  wait.code = response->created_id;
  auto joined = deps.call(inv->home, wait);
  if (!joined.ok()) return Fail(deps, json, joined.status(), ExitFor(joined.status()));
  return Print(deps, *inv, wait, *joined);
}

}  // namespace mutual::cli
