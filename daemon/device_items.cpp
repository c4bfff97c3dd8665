// Device: commands on items (add, edit, agree, ack, suggest, dismiss,
// withdraw, revisit, remove, resolve). Each is one plan action, or one per
// field for suggest/resolve, persisted before the next runs.
#include <algorithm>
#include <cctype>
#include <functional>

#include "daemon/device.h"

namespace mutual::daemon {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

namespace {

// `who` among (id, name) pairs: an exact id, a name in any case, or (with
// `prefixes`) a unique id prefix. `noun` names what is looked for in errors.
Result<std::string> ResolveByIdOrName(
    const std::vector<std::pair<std::string, std::string>>& known, std::string_view who,
    const std::string& noun, bool prefixes = true) {
  std::vector<std::string> prefixed;
  for (const auto& [id, name] : known) {
    if (id == who || Lower(name) == Lower(who)) return id;
    if (prefixes && id.starts_with(who)) prefixed.push_back(id);
  }
  if (prefixed.size() == 1) return prefixed.front();
  if (prefixed.size() > 1) {
    return Status::InvalidArgument("\"" + std::string(who) + "\" matches several " +
                                   noun + "s");
  }
  std::string names;
  for (const auto& [id, name] : known) names += (names.empty() ? "" : ", ") + name;
  return Status::NotFound("no " + noun + " of this plan is called \"" + std::string(who) +
                          "\"" + (names.empty() ? "" : " (there are: " + names + ")"));
}

}  // namespace

Result<std::string> ResolveMember(const plan::Plan& p, std::string_view who) {
  const plan::Membership members = p.members();
  std::vector<std::pair<std::string, std::string>> known;
  for (const std::string& id : members.CurrentIds()) {
    known.emplace_back(id, members.Find(id)->name);
  }
  return ResolveByIdOrName(known, who, "member");
}

Result<std::string> ResolveInvited(const plan::Plan& p, std::string_view who,
                                   bool prefixes) {
  std::vector<std::pair<std::string, std::string>> known;
  const plan::Membership members = p.members();
  for (const auto& [id, inv] : members.invitations()) known.emplace_back(id, inv.name);
  if (known.empty()) return Status::NotFound("this plan has no open invitation");
  return ResolveByIdOrName(known, who, "open invitation", prefixes);
}

namespace {

// `--about` values to plan::NewItem::about: "" (the kind's default), "us",
// "me" or member ids joined by ",".
Result<std::string> AboutOf(const plan::Plan& p, const std::vector<std::string>& about) {
  if (about.empty()) return std::string();
  if (about.size() == 1 && (about[0] == "us" || about[0] == "me")) return about[0];
  std::vector<std::string> ids;
  for (const std::string& a : about) {
    if (a == "us")
      return Status::InvalidArgument("--about us cannot be combined with members");
    std::string id;
    if (a == "me") {
      id = p.member();
    } else {
      MUTUAL_ASSIGN_OR_RETURN(id, ResolveMember(p, a));
    }
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  std::string joined;
  for (const std::string& id : ids) joined += (joined.empty() ? "" : ",") + id;
  return joined;
}

// The item holding the suggestion with this id (or unique id prefix).
Result<std::pair<std::string, std::string>> FindSuggestion(const plan::Plan& p,
                                                           std::string_view prefix,
                                                           int64_t now_ms) {
  std::vector<std::pair<std::string, std::string>> matches;
  for (const plan::SectionView& s : p.View(now_ms).sections) {
    for (const plan::ItemView& item : s.items) {
      for (const plan::SuggestionView& sug : item.suggestions) {
        if (sug.id == prefix) return std::make_pair(item.id, sug.id);
        if (sug.id.starts_with(prefix)) matches.emplace_back(item.id, sug.id);
      }
    }
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    return Status::NotFound("no suggestion matches \"" + std::string(prefix) + "\"");
  }
  return Status::InvalidArgument("\"" + std::string(prefix) +
                                 "\" matches several suggestions: give more of the id");
}

// Suggest and resolve make one change per field, each durable before the
// next; an error stops at that field (named in the message) and the fields
// before it stay done, as they would had they been separate commands.
using FieldAction = std::function<Result<plan::Committed>(plan::Plan&, const std::string&,
                                                          const std::string&)>;
Status ForEachField(sync::StoredPlan& sp,
                    const std::map<std::string, std::string>& fields,
                    const FieldAction& act) {
  for (const auto& [path, value] : fields) {
    Result<plan::Committed> c = act(sp.mutable_plan(), path, value);
    if (!c.ok()) return c.status().WithContext("field " + path);
    MUTUAL_RETURN_IF_ERROR(sp.Persist(*c));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> Device::ItemCommand(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * sp, SelectWritablePlan(r.plan));
  plan::Plan& p = sp->mutable_plan();
  const int64_t now = Now();
  Result<plan::Committed> c = Status::InvalidArgument("not an item command");
  switch (r.command) {
    case wire::Command::kAdd: {
      plan::NewItem item;
      item.section = r.section;
      item.kind = r.kind;
      MUTUAL_ASSIGN_OR_RETURN(item.about, AboutOf(p, r.about));
      item.fields = r.fields;
      MUTUAL_ASSIGN_OR_RETURN(plan::ItemCreated created, p.AddItem(item, now));
      MUTUAL_RETURN_IF_ERROR(sp->Persist(created.committed));
      return created.id;
    }
    case wire::Command::kEdit:
      c = p.Edit(r.item, r.fields, now);
      break;
    case wire::Command::kAgree:
      c = p.Agree(r.item, now);
      break;
    case wire::Command::kAck:
      c = p.Ack(r.item, now);
      break;
    case wire::Command::kWithdraw:
      c = p.Withdraw(r.item, r.reason, now);
      break;
    case wire::Command::kRevisit:
      c = p.Revisit(r.item, r.reason, now);
      break;
    case wire::Command::kRemove:
      c = p.Remove(r.item, r.reason, now);
      break;
    case wire::Command::kDismiss: {
      MUTUAL_ASSIGN_OR_RETURN(auto where, FindSuggestion(p, r.suggestion, now));
      c = p.Dismiss(where.first, where.second, /*take=*/false, now);
      break;
    }
    case wire::Command::kSuggest:
      MUTUAL_RETURN_IF_ERROR(
          ForEachField(*sp, r.fields, [&](plan::Plan& q, const auto& f, const auto& v) {
            return q.Suggest(r.item, f, v, now);
          }));
      return std::string();
    case wire::Command::kResolve:
      MUTUAL_RETURN_IF_ERROR(
          ForEachField(*sp, r.fields, [&](plan::Plan& q, const auto& f, const auto& v) {
            return q.Resolve(r.item, f, v, now);
          }));
      return std::string();
    default:
      break;
  }
  MUTUAL_RETURN_IF_ERROR(c.status());
  MUTUAL_RETURN_IF_ERROR(sp->Persist(*c));
  return std::string();
}

}  // namespace mutual::daemon
