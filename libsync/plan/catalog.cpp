#include "libsync/plan/catalog.h"

#include <algorithm>
#include <initializer_list>

namespace mutual::plan {
namespace {

FieldSpec Text(std::string name, std::string label) {
  return FieldSpec{
      std::move(name), std::move(label), FieldType::kText, false, "", true, false};
}

FieldSpec Scalar(std::string name, std::string label) {
  return FieldSpec{
      std::move(name), std::move(label), FieldType::kScalar, false, "", true, false};
}

// `each_will.MEMBER`: one shared text per member, part of the agreed content.
FieldSpec PerMember(std::string name, std::string label) {
  return FieldSpec{
      std::move(name), std::move(label), FieldType::kText, true, "", true, false};
}

// `per_member.MEMBER.<sub>` of a debrief: each member's own words, edited only
// by that member and outside the shared content hash.
FieldSpec OwnPart(std::string sub, std::string label) {
  return FieldSpec{"per_member", std::move(label), FieldType::kText,
                   true,         std::move(sub),   false,
                   true};
}

KindSpec Kind(std::string id, std::string title, ConsentMode mode,
              std::vector<FieldSpec> fields, bool has_responses = false) {
  return KindSpec{std::move(id), std::move(title), mode, std::move(fields),
                  has_responses};
}

std::vector<KindSpec> BuildKinds() {
  using M = ConsentMode;
  return {
      Kind("note", "Note", M::kAgree, {Text("text", "Note")}),
      Kind("pattern", "Pattern", M::kAgree, {Text("text", "Pattern")}),
      Kind("hot-button", "Hot button", M::kOwn,
           {Text("sets_it_off", "What sets it off"),
            Text("looks_like", "What it looks like"),
            Text("helps_in_moment", "What helps in the moment")}),
      Kind("bottom-line", "Bottom line", M::kAgree,
           {Text("text", "Bottom line"), Text("why", "Why")}),
      Kind("reaction", "Reaction", M::kOwn,
           {Text("when_disconnected", "When trust or connection drops"),
            Text("what_i_need", "What I need")}),
      Kind("early-sign", "Early sign", M::kOwn,
           {Text("sign", "Sign"), Scalar("noticed_by", "Noticed by"),
            Text("response", "Response")}),
      Kind("helps", "What helps", M::kAgree, {Text("text", "What helps")}),
      Kind("doesnt-help", "What doesn't help", M::kAgree,
           {Text("text", "What doesn't help")}),
      Kind("agreement", "Agreement", M::kAgree,
           {Text("when", "When"), Scalar("from_time", "From"), Text("we_will", "We will"),
            PerMember("each_will", "Each will"), Text("ends_when", "Ends when")}),
      Kind("contact", "Contact", M::kAgree,
           {Text("name", "Name"), Scalar("role", "Role"), Scalar("phone", "Phone"),
            Text("when_to_call", "When to call"),
            Scalar("contact_has_agreed", "Contact has agreed")}),
      Kind("feedback", "Reflective feedback", M::kOwn,
           {Scalar("from", "From"), Scalar("to", "To"), Text("see", "What I see"),
            Text("feel", "What I feel"), Text("need", "What I need"),
            Text("invitation", "Invitation")},
           /*has_responses=*/true),
      Kind("debrief", "Debrief", M::kMixed,
           {Text("happened", "What happened"), OwnPart("felt", "How it felt"),
            OwnPart("rebuilds_trust", "What rebuilds trust"),
            Text("we_change", "What we change")}),
      Kind("coping", "Coping on my own", M::kOwn, {Text("text", "Coping on my own")}),
      Kind("distraction", "Distraction", M::kOwn, {Text("text", "Distraction")}),
      Kind("safer-surroundings", "Safer surroundings", M::kAgree,
           {Text("text", "Safer surroundings")}),
      Kind("pad-reference", "Advance directive reference", M::kOwn,
           {Text("where_kept", "Where it is kept"), Text("agent", "Agent")}),
  };
}

SectionSpec Section(std::string id, std::string title, std::string kind,
                    std::initializer_list<const char*> also = {}) {
  SectionSpec s{std::move(id), std::move(title), kind, {kind}};
  for (const char* k : also) s.allowed_kinds.emplace_back(k);
  return s;
}

std::vector<SectionSpec> RelationalSections() {
  return {
      Section("safety-meaning", "What safety means to us", "note"),
      Section("patterns", "What tends to come up between us", "pattern"),
      Section("hot-buttons", "Hot buttons", "hot-button"),
      Section("bottom-lines", "Bottom lines", "bottom-line"),
      Section("reactions", "How each of us reacts when trust or connection drops",
              "reaction"),
      Section("early-signs", "Early signs", "early-sign"),
      Section("helps", "What helps / what doesn't", "helps", {"doesnt-help"}),
      Section("at-the-edge", "What we will do at the edge", "agreement"),
      Section("contacts", "Who we may call, and when", "contact"),
      Section("power", "How we share power, what we noticed", "note"),
      Section("feedback", "Reflective feedback", "feedback"),
      Section("debriefs", "After a hard time", "debrief"),
  };
}

std::vector<TemplateSpec> BuildTemplates() {
  std::vector<SectionSpec> steps = RelationalSections();
  steps.push_back(Section("coping-alone", "What I can do on my own", "coping"));
  steps.push_back(Section("distraction", "People and places that take my mind off it",
                          "distraction"));
  steps.push_back(Section("ask-for-help", "Who we can ask for help", "contact"));
  steps.push_back(Section("professionals", "Professionals and services", "contact",
                          {"pad-reference"}));
  steps.push_back(Section("safer-surroundings", "Making our surroundings safer",
                          "safer-surroundings"));
  return {
      TemplateSpec{"blank", "Blank (no sections)", {}},
      TemplateSpec{"relational", "Relational plan", RelationalSections()},
      TemplateSpec{"relational+safety-steps", "Relational plan with safety steps",
                   std::move(steps)},
  };
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out.empty() ? "(none)" : out;
}

std::vector<std::string> SplitDots(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.emplace_back(
        path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string ValidFieldList(const KindSpec& kind) {
  std::vector<std::string> patterns;
  for (const auto& f : kind.fields) patterns.push_back(f.Pattern());
  return JoinNames(patterns);
}

}  // namespace

std::string_view ModeName(ConsentMode mode) {
  switch (mode) {
    case ConsentMode::kAgree:
      return "agree";
    case ConsentMode::kOwn:
      return "own";
    case ConsentMode::kMixed:
      return "mixed";
  }
  return "agree";
}

std::string_view FieldTypeName(FieldType type) {
  return type == FieldType::kScalar ? "scalar" : "text";
}

std::string FieldSpec::Pattern() const {
  if (!per_member) return name;
  std::string out = name + ".MEMBER";
  if (!member_subfield.empty()) out += "." + member_subfield;
  return out;
}

std::string FieldPath::ToString() const {
  if (!spec.per_member) return spec.name;
  std::string out = spec.name + "." + member;
  if (!spec.member_subfield.empty()) out += "." + spec.member_subfield;
  return out;
}

const std::vector<KindSpec>& AllKinds() {
  static const std::vector<KindSpec> kinds = BuildKinds();
  return kinds;
}

const std::vector<TemplateSpec>& AllTemplates() {
  static const std::vector<TemplateSpec> templates = BuildTemplates();
  return templates;
}

const KindSpec* FindKind(std::string_view id) {
  for (const auto& k : AllKinds()) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

const TemplateSpec* FindTemplate(std::string_view id) {
  for (const auto& t : AllTemplates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const SectionSpec* FindStandardSection(std::string_view id) {
  // The largest template holds every standard section.
  for (const auto& s : FindTemplate("relational+safety-steps")->sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

SectionSpec CustomSection(std::string_view id, std::string_view title) {
  return SectionSpec{std::string(id), std::string(title), "note", {}};
}

bool SectionAllowsKind(const SectionSpec& section, std::string_view kind) {
  if (FindKind(kind) == nullptr) return false;
  if (section.allowed_kinds.empty()) return true;
  return std::find(section.allowed_kinds.begin(), section.allowed_kinds.end(), kind) !=
         section.allowed_kinds.end();
}

ConsentMode EffectiveMode(const KindSpec& kind, bool about_us) {
  if (kind.mode == ConsentMode::kOwn && about_us) return ConsentMode::kAgree;
  return kind.mode;
}

bool DefaultAboutUs(const KindSpec& kind) { return kind.mode != ConsentMode::kOwn; }

Result<FieldPath> ParseFieldPath(const KindSpec& kind, std::string_view path,
                                 const std::vector<std::string>& member_ids) {
  std::vector<std::string> parts = SplitDots(path);
  const std::string quoted = "'" + std::string(path) + "'";
  for (const auto& p : parts) {
    if (p.empty()) {
      return Status::InvalidArgument("malformed field path " + quoted + " for kind " +
                                     kind.id + "; valid fields: " + ValidFieldList(kind));
    }
  }
  std::vector<const FieldSpec*> named;
  for (const auto& f : kind.fields) {
    if (f.name == parts[0]) named.push_back(&f);
  }
  if (named.empty()) {
    return Status::InvalidArgument(kind.id + " has no field " + quoted +
                                   "; valid fields: " + ValidFieldList(kind));
  }
  if (!named[0]->per_member) {
    if (parts.size() != 1) {
      return Status::InvalidArgument(
          "field " + parts[0] + " of " + kind.id +
          " has no parts; valid fields: " + ValidFieldList(kind));
    }
    return FieldPath{*named[0], ""};
  }
  const size_t want = named[0]->member_subfield.empty() ? 2 : 3;
  if (parts.size() != want) {
    std::vector<std::string> patterns;
    for (const auto* f : named) patterns.push_back(f->Pattern());
    return Status::InvalidArgument(quoted + " must be written " + JoinNames(patterns) +
                                   " with MEMBER one of: " + JoinNames(member_ids));
  }
  if (std::find(member_ids.begin(), member_ids.end(), parts[1]) == member_ids.end()) {
    return Status::InvalidArgument(
        quoted + ": '" + parts[1] +
        "' is not a current member; members: " + JoinNames(member_ids));
  }
  if (want == 2) return FieldPath{*named[0], parts[1]};
  for (const auto* f : named) {
    if (f->member_subfield == parts[2]) return FieldPath{*f, parts[1]};
  }
  std::vector<std::string> patterns;
  for (const auto* f : named) patterns.push_back(f->Pattern());
  return Status::InvalidArgument(kind.id + " has no field " + quoted +
                                 "; valid: " + JoinNames(patterns));
}

std::vector<FieldPath> ExpandFields(const KindSpec& kind,
                                    const std::vector<std::string>& member_ids) {
  std::vector<FieldPath> out;
  for (const auto& f : kind.fields) {
    if (!f.per_member) {
      out.push_back(FieldPath{f, ""});
      continue;
    }
    for (const auto& m : member_ids) out.push_back(FieldPath{f, m});
  }
  return out;
}

std::string MemberSlug(std::string_view name, const std::vector<std::string>& taken) {
  constexpr size_t kMaxLen = 16;
  std::string base;
  bool pending_dash = false;
  for (unsigned char c : name) {
    bool alnum =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      // Non-ASCII bytes are dropped rather than split a word ("Zoë" -> "zo").
      if (c < 0x80) pending_dash = !base.empty();
      continue;
    }
    if (pending_dash) {
      if (base.size() + 2 > kMaxLen) break;  // no room for a dash and a letter
      base += '-';
      pending_dash = false;
    }
    if (base.size() >= kMaxLen) break;
    base += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  while (!base.empty() && base.back() == '-') base.pop_back();
  if (base.empty()) base = "member";

  auto unavailable = [&](const std::string& s) {
    return s == "us" || s == "me" ||
           std::find(taken.begin(), taken.end(), s) != taken.end();
  };
  if (!unavailable(base)) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + "-" + std::to_string(n);
    if (!unavailable(candidate)) return candidate;
  }
}

}  // namespace mutual::plan
