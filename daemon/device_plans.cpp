// Device: commands on plans as a whole (new, plans, section add, show, log,
// export, leave) and plan selection.
#include <algorithm>

#include "daemon/device.h"
#include "libsync/plan/history.h"
#include "libsync/plan/render_history.h"
#include "libsync/plan/render_html.h"
#include "libsync/plan/render_json.h"
#include "libsync/plan/render_markdown.h"
#include "libsync/plan/render_text.h"

namespace mutual::daemon {
namespace {

std::string PlanTitle(const sync::StoredPlan& p) { return p.plan().Title(); }

std::string Listing(
    const std::map<std::string, std::unique_ptr<sync::StoredPlan>>& plans) {
  std::string out;
  for (const auto& [id, p] : plans)
    out += "\n  " + id.substr(0, 8) + "  " + PlanTitle(*p);
  return out;
}

wire::ControlResponse RenderedAs(std::string content_type, const std::string& body) {
  wire::ControlResponse r;
  r.kind = wire::ResultKind::kRendered;
  r.content_type = std::move(content_type);
  r.body = ToBytes(body);
  return r;
}

}  // namespace

// By exact id, exact title, then unique id prefix; "" = the only plan.
Result<sync::StoredPlan*> Device::SelectPlan(const std::string& selector) {
  if (plans_.empty()) {
    return Status::NotFound("there are no plans yet: create one with `mutual new TITLE`");
  }
  if (selector.empty()) {
    if (plans_.size() == 1) return plans_.begin()->second.get();
    return Status::InvalidArgument("there are " + std::to_string(plans_.size()) +
                                   " plans: choose one with --plan ID" + Listing(plans_));
  }
  if (auto it = plans_.find(selector); it != plans_.end()) return it->second.get();
  std::vector<sync::StoredPlan*> by_title, by_prefix;
  for (auto& [id, p] : plans_) {
    if (PlanTitle(*p) == selector) by_title.push_back(p.get());
    if (id.starts_with(selector)) by_prefix.push_back(p.get());
  }
  for (const auto* matches : {&by_title, &by_prefix}) {
    if (matches->size() == 1) return matches->front();
    if (matches->size() > 1) {
      return Status::InvalidArgument("\"" + selector +
                                     "\" matches several plans: give more of the id" +
                                     Listing(plans_));
    }
  }
  return Status::NotFound("no plan matches \"" + selector + "\"" + Listing(plans_));
}

Result<std::string> Device::NewPlan(const wire::ControlRequest& r) {
  const std::string tmpl = r.template_name.empty() ? "relational" : r.template_name;
  MUTUAL_ASSIGN_OR_RETURN(
      std::unique_ptr<sync::StoredPlan> created,
      sync::StoredPlan::Create(*store_, identity_->secrets, identity_->name, r.title,
                               tmpl, Now()));
  std::string id = PlanIdString(created->id());
  Watch(*created);
  plans_.emplace(id, std::move(created));
  return id;
}

std::vector<wire::PlanSummary> Device::ListPlans() const {
  std::vector<wire::PlanSummary> out;
  for (const auto& [id, p] : plans_) {
    out.push_back({id, PlanTitle(*p),
                   static_cast<uint32_t>(p->plan().members().CurrentIds().size())});
  }
  return out;
}

Status Device::AddSection(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(r.plan));
  MUTUAL_ASSIGN_OR_RETURN(
      plan::Committed c, p->mutable_plan().AddSection(r.section, r.title, r.kind, Now()));
  return p->Persist(c);
}

Status Device::Leave(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectWritablePlan(r.plan));
  MUTUAL_ASSIGN_OR_RETURN(plan::Committed c, p->mutable_plan().Leave(Now()));
  return p->Persist(c);
}

Result<wire::ControlResponse> Device::Render(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  plan::PlanView view = p->plan().View(Now());
  view.id = PlanIdString(p->id());
  view.forks = ForkViews(*p);
  const bool json = r.format == "json";
  switch (r.command) {
    case wire::Command::kShow:
      return json ? RenderedAs("application/json", plan::RenderJson(view))
                  : RenderedAs("text/plain", plan::RenderText(view));
    case wire::Command::kLog: {
      std::vector<plan::HistoryEntry> history = plan::History(p->plan());
      return json ? RenderedAs("application/json", plan::RenderHistoryJson(history))
                  : RenderedAs("text/plain", plan::RenderHistoryText(history, view));
    }
    default:  // export; the codec allows only these three formats
      if (r.format == "md")
        return RenderedAs("text/markdown", plan::RenderMarkdown(view));
      if (r.format == "html") return RenderedAs("text/html", plan::RenderHtml(view));
      return RenderedAs("application/json", plan::RenderJson(view));
  }
}

}  // namespace mutual::daemon
