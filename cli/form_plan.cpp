#include "cli/form_plan.h"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "libsync/plan/catalog.h"

namespace mutual::cli {
namespace {

using nlohmann::json;

// Lookups that never throw: a missing or mistyped member reads as empty.
std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& Arr(const json& j, const char* key) {
  static const json kEmpty = json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

struct Members {
  std::vector<std::string> ids;             // current members, in order
  std::map<std::string, std::string> name;  // id -> display name
};

Members CurrentMembers(const json& plan) {
  Members m;
  for (const auto& member : Arr(plan, "members")) {
    auto former = member.is_object() ? member.find("former") : member.end();
    if (former != member.end() && former->is_boolean() && former->get<bool>()) continue;
    const std::string id = Str(member, "id");
    if (id.empty()) continue;
    m.ids.push_back(id);
    m.name[id] = Str(member, "name").empty() ? id : Str(member, "name");
  }
  return m;
}

Result<json> ParsePlan(std::string_view text) {
  json plan = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (plan.is_discarded() || Str(plan, "format") != "mutual-plan") {
    return Status::Corruption("the daemon's plan JSON could not be read");
  }
  return plan;
}

Result<const plan::KindSpec*> Kind(const std::string& id) {
  const plan::KindSpec* kind = plan::FindKind(id);
  if (kind == nullptr) return Status::InvalidArgument("unknown kind '" + id + "'");
  return kind;
}

std::string Label(const plan::FieldPath& path, const Members& members) {
  if (!path.spec.per_member) return path.spec.label;
  auto it = members.name.find(path.member);
  return path.spec.label + " (" + (it == members.name.end() ? path.member : it->second) +
         ")";
}

// A scalar's single value, or "" with `note` listing the values when it is
// conflicted.
std::string FieldValue(const json& field, std::string* note) {
  if (Str(field, "type") != "scalar") return Str(field, "text");
  const std::string value = Str(field, "value");
  const auto& values = Arr(field, "values");
  if (!value.empty() || values.size() < 2) return value;
  std::string all;
  for (const auto& v : values) all += (all.empty() ? "" : " / ") + Str(v, "value");
  *note = "conflicted: " + all + " - write the one to keep";
  return "";
}

const json* FindItem(const json& plan, const std::string& prefix, Status* error) {
  std::vector<const json*> matches;
  for (const auto& section : Arr(plan, "sections")) {
    for (const auto& item : Arr(section, "items")) {
      const std::string id = Str(item, "id");
      if (id == prefix) return &item;
      if (id.compare(0, prefix.size(), prefix) == 0) matches.push_back(&item);
    }
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    *error =
        Status::NotFound("no item '" + prefix + "' in plan '" + Str(plan, "title") + "'");
  } else {
    std::string ids;
    for (const auto* m : matches) ids += (ids.empty() ? "" : ", ") + Str(*m, "id");
    *error =
        Status::InvalidArgument("item id '" + prefix + "' is ambiguous (" + ids + ")");
  }
  return nullptr;
}

const json* FindSection(const json& plan, const std::string& id, Status* error) {
  std::string ids;
  for (const auto& section : Arr(plan, "sections")) {
    if (Str(section, "id") == id) return &section;
    ids += (ids.empty() ? "" : ", ") + Str(section, "id");
  }
  *error = Status::NotFound("no section '" + id + "' in plan '" + Str(plan, "title") +
                            "' (sections: " + (ids.empty() ? "none" : ids) + ")");
  return nullptr;
}

// The kind `add` uses in `section` when no --kind is given.
std::string DefaultKind(const json& section) {
  std::string kind = Str(section, "default_kind");
  if (!kind.empty()) return kind;
  const plan::SectionSpec* standard = plan::FindStandardSection(Str(section, "id"));
  return standard != nullptr ? standard->default_kind : "note";
}

}  // namespace

Result<PlannedForm> AddFormFromPlan(std::string_view plan_json,
                                    const std::string& section,
                                    const std::string& kind_flag) {
  MUTUAL_ASSIGN_OR_RETURN(const json plan, ParsePlan(plan_json));
  Status error;
  const json* sec = FindSection(plan, section, &error);
  if (sec == nullptr) return error;
  PlannedForm out;
  out.kind = kind_flag.empty() ? DefaultKind(*sec) : kind_flag;
  MUTUAL_ASSIGN_OR_RETURN(const plan::KindSpec* kind, Kind(out.kind));
  const Members members = CurrentMembers(plan);
  for (const auto& path : plan::ExpandFields(*kind, members.ids)) {
    out.form.fields.push_back({path.ToString(), Label(path, members), ""});
  }
  out.form.header = {
      "New " + kind->title + " in \"" + Str(*sec, "title") + "\" (" + Str(plan, "title") +
          ").",
      "Write each field's text below its [field] line; it may span several lines.",
      "Fields left empty are not set. Leave them all empty to cancel.",
      "Lines starting with # are ignored up here, but kept below the first field.",
  };
  return out;
}

Result<PlannedForm> EditFormFromPlan(std::string_view plan_json,
                                     const std::string& item_prefix) {
  MUTUAL_ASSIGN_OR_RETURN(const json plan, ParsePlan(plan_json));
  Status error;
  const json* item = FindItem(plan, item_prefix, &error);
  if (item == nullptr) return error;
  PlannedForm out;
  out.item = Str(*item, "id");
  out.kind = Str(*item, "kind");
  MUTUAL_ASSIGN_OR_RETURN(const plan::KindSpec* kind, Kind(out.kind));
  const Members members = CurrentMembers(plan);
  for (const auto& field : Arr(*item, "fields")) {
    FormField f;
    f.path = Str(field, "path");
    if (f.path.empty()) continue;
    std::string note;
    f.value = FieldValue(field, &note);
    auto parsed = plan::ParseFieldPath(*kind, f.path, members.ids);
    f.label = parsed.ok() ? Label(*parsed, members) : "";
    if (!note.empty()) f.label += (f.label.empty() ? "" : "; ") + note;
    out.form.fields.push_back(std::move(f));
  }
  out.form.header = {
      "Editing " + kind->title + " " + out.item + " (" + Str(plan, "title") + ").",
      "Change the text below the [field] lines; only fields you change are sent.",
      "To cancel, quit without changing anything.",
  };
  return out;
}

}  // namespace mutual::cli
