// The plan's domain vocabulary: item kinds and their fields, consent modes,
// the standard sections and the three templates (DESIGN.md §1).
//
// Pure data plus lookups. Every KindSpec, SectionSpec and TemplateSpec
// returned by pointer lives in static storage for the whole program, so the
// pointers never dangle.
//
// Where pad-reference items go: the `relational+safety-steps` template allows
// them in the `professionals` section (beside the contacts they are for: a
// psychiatric advance directive names where it is kept and who the agent is).
// Sections created with `section add` accept every kind.
//
// Thread-safety: immutable after static initialisation; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libsync/util/status.h"

namespace mutual::plan {

// agree: binds everyone, agreed once every current member endorses the
// current content hash. own: only the member(s) it is about may edit it;
// others acknowledge or suggest. mixed: each member's own part is own-mode,
// the shared parts agree-mode (debriefs).
enum class ConsentMode { kAgree, kOwn, kMixed };

// "agree", "own" or "mixed" — also the spelling in JSON and the CLI.
std::string_view ModeName(ConsentMode mode);

// kText: collaboratively edited text (character-wise merge).
// kScalar: a short multi-value register; concurrent sets keep every value
// and the item is conflicted until someone edits it to one value.
enum class FieldType { kText, kScalar };

// "text" or "scalar".
std::string_view FieldTypeName(FieldType type);

// One field of a kind. A per-member field exists once for each current
// member: `each_will.MEMBER` (member_subfield empty), or
// `per_member.MEMBER.felt` (member_subfield "felt").
struct FieldSpec {
  std::string name;   // first path component: "text", "each_will"
  std::string label;  // human label: "What sets it off"
  FieldType type = FieldType::kText;
  bool per_member = false;
  std::string member_subfield;  // only when per_member
  bool in_content_hash = true;  // false only for a debrief's per_member parts
  bool own_part = false;        // editable only by the member it names (mixed)

  // The path pattern as written in docs and messages: "text",
  // "each_will.MEMBER", "per_member.MEMBER.felt".
  std::string Pattern() const;
};

struct KindSpec {
  std::string id;     // "hot-button"
  std::string title;  // "Hot button"
  ConsentMode mode = ConsentMode::kAgree;
  std::vector<FieldSpec> fields;  // in display order
  // Feedback only: others may add responses ({from, text}). Responses are
  // not fields: they are appended, never edited, and not in the content hash.
  bool has_responses = false;
};

// A section of a plan. An empty allowed_kinds means every kind is allowed
// (sections made with `section add`).
struct SectionSpec {
  std::string id;
  std::string title;
  std::string default_kind;
  std::vector<std::string> allowed_kinds;
};

struct TemplateSpec {
  std::string id;  // "blank", "relational", "relational+safety-steps"
  std::string title;
  std::vector<SectionSpec> sections;  // in display order
};

// All kinds, in catalog order.
const std::vector<KindSpec>& AllKinds();
// All templates: blank, relational, relational+safety-steps.
const std::vector<TemplateSpec>& AllTemplates();

// nullptr when unknown.
const KindSpec* FindKind(std::string_view id);
const TemplateSpec* FindTemplate(std::string_view id);
// A section of any standard template (the union of all of them); nullptr
// when `id` is not a standard section id.
const SectionSpec* FindStandardSection(std::string_view id);

// A section created with `section add`: default kind note, every kind allowed.
SectionSpec CustomSection(std::string_view id, std::string_view title);

// True when `section` accepts items of `kind`.
bool SectionAllowsKind(const SectionSpec& section, std::string_view kind);

// The mode an item actually follows: an own-mode kind written about "us" is
// agree-mode (nobody "owns" us); agree and mixed (debrief) kinds keep theirs.
ConsentMode EffectiveMode(const KindSpec& kind, bool about_us);

// A new item's default `about`: "us" unless the kind is own-mode ("me").
bool DefaultAboutUs(const KindSpec& kind);

// A parsed, validated field address within one kind.
struct FieldPath {
  FieldSpec spec;      // copy of the catalog entry
  std::string member;  // member id when spec.per_member, else ""

  // Canonical dotted form: "text", "each_will.alex", "per_member.sam.felt".
  std::string ToString() const;
  bool operator==(const FieldPath& o) const {
    return spec.name == o.spec.name && spec.member_subfield == o.spec.member_subfield &&
           member == o.member;
  }
};

// Parses a dotted path for `kind`. A per-member path must name one of
// `member_ids` (the current members). On failure returns InvalidArgument
// whose message names the valid fields (or the valid members).
Result<FieldPath> ParseFieldPath(const KindSpec& kind, std::string_view path,
                                 const std::vector<std::string>& member_ids);

// Every concrete field path of `kind` for these members, in display order
// (per-member fields expanded in `member_ids` order).
std::vector<FieldPath> ExpandFields(const KindSpec& kind,
                                    const std::vector<std::string>& member_ids);

// A short lowercase slug of `name` ([a-z0-9-], at most 16 characters,
// "member" when nothing usable remains), made unique against `taken` by
// appending -2, -3, ... The words "us" and "me" are reserved (they mean
// something in `about`), so a member called "Us" becomes "us-2".
std::string MemberSlug(std::string_view name, const std::vector<std::string>& taken);

}  // namespace mutual::plan
