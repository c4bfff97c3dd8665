// Where a plan lives inside a crdt::Document (doc/consent.md, "Layout"):
//
//   root map
//     title          string register
//     template       string register
//     sections       map: section id -> map {title, default_kind}
//     section_order  list of section ids (strings)
//     items          map: item id -> item map
//     item_order     list of item ids (strings)
//   item map
//     kind, section, author (member id), about ("" = us, else member ids
//     joined by ","), created (int64 ms): set once, in the creating change
//     review_by      string register ("YYYY-MM-DD" or "")
//     edited, edited_by   int64 ms / member id of the latest edits
//     fields         map: canonical field path -> text object (text fields)
//                    or string register (scalar fields)
//
// Consent, removal and membership are domain ops (ops.h), not map entries.
// These helpers read that layout; they never write.
//
// Thread-safety: free functions over a Document the caller owns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/plan/catalog.h"
#include "libsync/plan/content_hash.h"

namespace mutual::plan::layout {

inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kTemplate = "template";
inline constexpr std::string_view kSections = "sections";
inline constexpr std::string_view kSectionOrder = "section_order";
inline constexpr std::string_view kItems = "items";
inline constexpr std::string_view kItemOrder = "item_order";

inline constexpr std::string_view kKind = "kind";
inline constexpr std::string_view kSection = "section";
inline constexpr std::string_view kAuthor = "author";
inline constexpr std::string_view kAbout = "about";
inline constexpr std::string_view kCreated = "created";
inline constexpr std::string_view kReviewBy = "review_by";
inline constexpr std::string_view kEdited = "edited";
inline constexpr std::string_view kEditedBy = "edited_by";
inline constexpr std::string_view kFields = "fields";
inline constexpr std::string_view kSectionTitle = "title";
inline constexpr std::string_view kSectionDefaultKind = "default_kind";

// The object held by `key` of `map` (the first value in op-id order when
// concurrent creations left several); nullopt when none is an object.
std::optional<crdt::OpId> ObjectAt(const crdt::Document& doc, crdt::OpId map,
                                   std::string_view key);
// The single string value of a register, "" when unset or not a string.
// When several values are held, the first in op-id order.
std::string StringAt(const crdt::Document& doc, crdt::OpId map, std::string_view key);
int64_t IntAt(const crdt::Document& doc, crdt::OpId map, std::string_view key);

// "" <-> us; otherwise member ids joined by ",".
std::string EncodeAbout(const std::vector<std::string>& about);
std::vector<std::string> DecodeAbout(std::string_view about);

// An item as stored (without consent).
struct ItemRecord {
  std::string id;
  crdt::OpId obj;
  crdt::OpId fields;
  std::string kind;
  std::string section;
  std::string author;
  std::vector<std::string> about;          // empty = us
  const KindSpec* spec = nullptr;          // nullptr for a kind this build does not know
  ConsentMode mode = ConsentMode::kAgree;  // effective
};

// nullopt when the item does not exist (or is malformed: no fields map).
std::optional<ItemRecord> ReadItem(const crdt::Document& doc, std::string_view id);
// Every item id in the items map, sorted.
std::vector<std::string> ItemIds(const crdt::Document& doc);

// One field's current values: the text of a text field (one value), or every
// value of a scalar register in op-id order.
struct StoredField {
  std::string path;
  bool text = false;
  std::vector<crdt::RegisterValue> registers;  // scalar values (or text objects)
  std::vector<std::string> values;
};
std::vector<StoredField> ReadFields(const crdt::Document& doc, const ItemRecord& item);

// The content the item's hash covers, and whether any field holds several
// values (a conflicted scalar, or text fields created concurrently).
Content ReadContent(const crdt::Document& doc, const ItemRecord& item,
                    bool* conflicted = nullptr);

// The member a per-member path names ("each_will.rae" -> "rae",
// "per_member.sam.felt" -> "sam"); "" otherwise.
std::string PathMember(std::string_view path);

}  // namespace mutual::plan::layout
