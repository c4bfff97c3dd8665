// The read model of a plan: plain structs, no CRDT types. The plan core
// builds a PlanView from its document; every renderer (text, Markdown,
// HTML, JSON) and the CLI read only this.
//
// Member references (author, set_by, stance member, acks, ...) are member
// ids; names are looked up in PlanView::members, which also lists former
// members so their words can still be attributed.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/plan/catalog.h"

namespace mutual::plan {

// One state per item, by the precedence of DESIGN.md §1 (doc/consent.md).
enum class ItemState {
  kDraft,
  kProposed,
  kAgreed,
  kChanged,
  kPending,
  kWithdrawn,
  kRevisit,
  kConflicted,
  kRemovalProposed,
  kAcknowledged,
};

// "draft", "proposed", "agreed", "changed", "pending", "withdrawn",
// "revisit", "conflicted", "removal-proposed", "acknowledged".
std::string_view StateName(ItemState state);
// Inverse of StateName; nullopt for an unknown name.
std::optional<ItemState> ParseStateName(std::string_view name);

struct MemberView {
  std::string id;
  std::string name;
  bool former = false;               // left or was removed; their words stay
  std::vector<std::string> devices;  // device names (or fingerprints)
  int64_t joined_ms = 0;             // when the membership took effect; 0 = founder
};

// One value of a scalar register and who set it.
struct ScalarValue {
  std::string value;
  std::string set_by;  // member id
  std::string device;  // device name
};

struct FieldView {
  std::string path;  // canonical dotted path: "from_time", "each_will.rae"
  FieldType type = FieldType::kText;
  std::string text;                 // kText
  std::vector<ScalarValue> values;  // kScalar: empty = unset, >1 = conflict

  bool conflicted() const { return type == FieldType::kScalar && values.size() > 1; }
  // The text, the single scalar value, or "" (unset or conflicted).
  std::string value() const;
};

// A current member's stance on an item (agree-mode parts).
struct StanceView {
  enum Kind { kNone, kEndorsedCurrent, kEndorsedEarlier, kWithdrawn };
  std::string member;
  Kind kind = kNone;
  std::string reason;  // withdrawal reason
  bool revisit = false;
  std::string revisit_reason;
  // Endorsed the current wording, but before a membership change: must
  // confirm again (no membership change ever makes an item agreed).
  bool reconfirm = false;
};

struct SuggestionView {
  std::string id;
  std::string by;     // member id
  std::string field;  // dotted path
  std::string text;
  std::string status;  // "open", "taken", "dismissed"
};

struct RemovalView {
  std::string proposed_by;
  std::string reason;
  std::vector<std::string> endorsed_by;  // members who endorsed the removal
};

struct ResponseView {
  std::string from;  // member id
  std::string text;
  int64_t at_ms = 0;
};

// The newest content every member endorsed (DESIGN.md §1 `last_agreed`).
struct AgreedVersion {
  std::string content_hash_hex;
  std::vector<FieldView> fields;
};

struct ItemView {
  std::string id;
  std::string kind;
  std::string section;
  bool about_us = true;
  std::vector<std::string> about;          // member ids when !about_us
  ConsentMode mode = ConsentMode::kAgree;  // effective mode
  std::vector<FieldView> fields;           // display order
  ItemState state = ItemState::kDraft;
  std::string content_hash_hex;
  std::optional<AgreedVersion> last_agreed;
  std::vector<StanceView> stances;  // one per current member
  std::vector<std::string> acks;    // members who acknowledged the current content
  std::vector<SuggestionView> suggestions;
  std::optional<RemovalView> removal;
  std::vector<ResponseView> responses;
  std::string review_by;  // "YYYY-MM-DD" or ""
  bool review_due = false;
  std::string author;
  bool author_former = false;
  int64_t created_ms = 0;
  int64_t edited_ms = 0;
  std::string edited_by;

  // nullptr when the item has no field at `path`.
  const FieldView* FindField(std::string_view path) const;
  const StanceView* FindStance(std::string_view member) const;
};

struct SectionView {
  std::string id;
  std::string title;
  std::vector<ItemView> items;
  // The kind a new item gets when it names none (a catalog kind id).
  std::string default_kind{};
};

// A device whose log forked (two different changes under one number): it
// is frozen at `seq`, so none of its changes from there on apply
// (DESIGN.md §3). The plan cannot see hash chains; whoever holds the
// envelopes (sync) fills these in, as it does the plan id.
struct ForkView {
  std::string device;  // fingerprint: first 8 hex digits of its key
  std::string member;  // member id; "" when the device belongs to no member
  uint64_t seq = 0;    // the fork point
};

struct PlanView {
  std::string id;
  std::string title;
  std::string template_id;
  std::vector<MemberView> members;  // current and former
  std::vector<SectionView> sections;
  std::vector<ForkView> forks;  // empty unless filled in (see ForkView)

  const MemberView* FindMember(std::string_view id) const;
  // The member's name, "(former member)" appended for former members; the
  // id itself when unknown.
  std::string DisplayName(std::string_view id) const;
  // Ids of current (not former) members, in members order.
  std::vector<std::string> CurrentMemberIds() const;
};

// "Rae: 21:00 / Jun: 22:00" (each value with who set it); the single value
// when not conflicted; "" when unset.
std::string DescribeValues(const FieldView& field, const PlanView& plan);

// The item's state in plain words, as people read it (the CLI and every
// renderer print this): "agreed by both", "agreed by all three",
// "changed since agreed: Dana agreed to an earlier wording; Mo agreed to the
// current one", "Rae withdrew: <reason>", "Jun asked to revisit this:
// <reason>", "Rae: 21:00 / Jun: 22:00 (from_time) — choose one value before
// agreeing", "waiting for Jun to acknowledge", "acknowledged by Jun",
// "proposed by Rae; waiting for Jun to agree", "Jun proposed removing this
// (waiting for Rae to agree): <reason>", "pending: Kim joined and hasn't
// endorsed yet", "draft — not yet endorsed by its author".
std::string DescribeState(const ItemView& item, const PlanView& plan);

// "Rae's device a1b2c3d4 wrote two different changes numbered 5 (it was
// restored from a backup, or misbehaves): none of its changes from 5 on
// apply".
std::string DescribeFork(const ForkView& fork, const PlanView& plan);

// "about us", "about Rae", "about Rae and Jun".
std::string DescribeAbout(const ItemView& item, const PlanView& plan);

}  // namespace mutual::plan
