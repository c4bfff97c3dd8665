// SummarizeChange: what one change did, in people's words (history.h).
//
// Domain ops say what they are. Map and text ops are placed by the object
// they touch: its path of keys from the root map (items/<id>/fields/<path>,
// sections/<id>, title, ...). Objects made by the change itself are placed
// from the change's own ops, so a change the policy rejected (whose objects
// were never created in the document) still reads as what it tried to do.
#include <algorithm>
#include <map>
#include <optional>
#include <variant>

#include "libsync/plan/history_internal.h"
#include "libsync/plan/ids.h"
#include "libsync/plan/layout.h"
#include "libsync/plan/ops.h"

namespace mutual::plan::internal {
namespace {

using crdt::OpId;

// User text inside a summary: quoted, and cut to 60 code points so one
// change stays one readable line.
std::string Quote(std::string_view text) {
  constexpr size_t kMaxPoints = 60;
  size_t points = 0;
  size_t cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points++ == kMaxPoints) {
      cut = i;
      break;
    }
  }
  std::string out = "\"" + std::string(text.substr(0, cut));
  if (cut < text.size()) out += "…";
  return out + "\"";
}

std::string Because(std::string_view reason) {
  return reason.empty() ? "" : ": " + Quote(reason);
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string NameOf(const Membership& ms, std::string_view id) {
  if (const Member* m = ms.Find(id)) return m->name;
  if (const Invitation* inv = ms.InvitationFor(id)) return inv->name;
  return std::string(id);
}

std::string ItemOpSummary(const PlanOp& op, const std::string& suggestion_id) {
  const std::string item = "item " + op.item;
  switch (op.kind) {
    case OpKind::kEndorse:
      return "agreed to " + item;
    case OpKind::kWithdraw:
      return "withdrew agreement to " + item + Because(op.text);
    case OpKind::kRevisit:
      return "asked to revisit " + item + Because(op.text);
    case OpKind::kAck:
      return "acknowledged " + item;
    case OpKind::kSuggest:
      return "suggested a change to " + item + " (" + op.target + ", suggestion " +
             suggestion_id + ")" + Because(op.text);
    case OpKind::kDismiss:
      return (op.flag ? "took suggestion " : "dismissed suggestion ") + op.target +
             " on " + item;
    case OpKind::kRemove:
      return (op.flag ? "deleted " : "proposed removing ") + item + Because(op.text);
    case OpKind::kRemovalStance:
      return (op.flag ? "agreed to remove " : "declined removing ") + item;
    case OpKind::kRespond:
      return "responded to " + item + Because(op.text);
    default:
      return "acted on " + item;
  }
}

std::string MembershipOpSummary(const PlanOp& op, const Membership& ms) {
  switch (op.kind) {
    case OpKind::kInvite:
      return "invited " + op.text;
    case OpKind::kApprove:
      return "approved adding " + NameOf(ms, op.target);
    case OpKind::kAddMember:
      return "added " + op.text + " as a member";
    case OpKind::kAddDevice: {
      auto key = DeviceKeyOf(op.device);
      return "added device " + (key ? ToHex(ByteView(key->data(), 4)) : "(unreadable)");
    }
    case OpKind::kLeave:
      return "left the plan";
    case OpKind::kRemoveMember:
      return "removed " + NameOf(ms, op.target) + " from the plan";
    case OpKind::kApproveRemoval:
      return "approved removing " + NameOf(ms, op.target);
    case OpKind::kRotateKey:
      return "rotated the plan key (sealed to " + std::to_string(op.keys.size()) +
             (op.keys.size() == 1 ? " device)" : " devices)");
    case OpKind::kShareKey:
      return "shared an earlier plan key with " + std::to_string(op.keys.size()) +
             (op.keys.size() == 1 ? " device" : " devices");
    default:
      return "changed the membership";
  }
}

// The order lists, and the genesis's top-level objects: bookkeeping of
// actions summarised elsewhere.
bool IsBookkeeping(const std::vector<std::string>& p) {
  const std::string& top = p[0];
  if (top == layout::kSectionOrder || top == layout::kItemOrder) return true;
  return p.size() == 1 &&
         (top == layout::kTemplate || top == layout::kSections || top == layout::kItems);
}

// What the change's map and text ops did to one item.
struct ItemTouch {
  std::string id;
  bool created = false;
  std::string kind;
  std::string section;
  std::vector<std::string> changed;  // field paths (or fixed keys) touched
  bool review = false;
  std::string review_by;
};

class Summarizer {
 public:
  Summarizer(const crdt::Document& doc, const Membership& ms, const crdt::Change& c)
      : doc_(doc), ms_(ms), change_(c) {}

  ChangeSummary Run() {
    uint64_t counter = change_.start_counter;
    for (const crdt::Op& op : change_.ops) {
      Read(op, counter);
      counter += crdt::OpWidth(op);
    }
    return Finish();
  }

 private:
  void Read(const crdt::Op& op, uint64_t counter) {
    if (const auto* set = std::get_if<crdt::MapSet>(&op)) {
      if (std::holds_alternative<crdt::MakeObject>(set->value))
        made_[counter] = {set->obj, set->key};
      TouchKey(set->obj, set->key, &set->value);
    } else if (const auto* del = std::get_if<crdt::MapDelete>(&op)) {
      TouchKey(del->obj, del->key, nullptr);
    } else if (const auto* ins = std::get_if<crdt::SeqInsert>(&op)) {
      TouchKey(ins->obj, std::nullopt, nullptr);
    } else if (const auto* sdel = std::get_if<crdt::SeqDelete>(&op)) {
      TouchKey(sdel->obj, std::nullopt, nullptr);
    } else if (const auto* dom = std::get_if<crdt::DomainOp>(&op)) {
      Domain(*dom, counter);
    }
  }

  // A map key of `obj`, or (no key) the list or text `obj` itself.
  void TouchKey(OpId obj, const std::optional<std::string>& key,
                const crdt::Value* value) {
    auto path = PathOf(obj);
    if (!path) {
      other_ = true;
      return;
    }
    if (key) path->push_back(*key);
    Touch(*path, value);
  }

  // Keys from the root map down to `obj` (an id in the change's actor
  // table); nullopt when the object is unknown.
  std::optional<std::vector<std::string>> PathOf(OpId obj) const {
    constexpr int kMaxDepth = 32;
    std::vector<std::string> up;
    while (obj.counter != 0 && obj.actor == 0) {
      auto it = made_.find(obj.counter);
      if (it == made_.end()) break;
      up.push_back(it->second.second);
      obj = it->second.first;
    }
    if (obj.counter != 0) {
      if (obj.actor >= change_.actors.size()) return std::nullopt;
      auto actor = doc_.actors().Find(change_.actors[obj.actor]);
      if (!actor) return std::nullopt;
      OpId at{obj.counter, *actor};
      for (int depth = 0; at.counter != 0; ++depth) {
        auto parent = doc_.ParentOf(at);
        if (!parent || depth == kMaxDepth) return std::nullopt;
        up.push_back(parent->second);
        at = parent->first;
      }
    }
    return std::vector<std::string>(up.rbegin(), up.rend());
  }

  void Touch(const std::vector<std::string>& p, const crdt::Value* value) {
    if (p.empty()) {
      other_ = true;
      return;
    }
    const std::string& top = p[0];
    if (p.size() == 1 && top == layout::kTitle) {
      const auto* s = value ? std::get_if<std::string>(value) : nullptr;
      title_ = s ? *s : "";
    } else if (top == layout::kItems && p.size() >= 2) {
      TouchItem(p, value);
    } else if (top == layout::kSections && p.size() >= 2) {
      const bool made =
          p.size() == 2 && value && std::holds_alternative<crdt::MakeObject>(*value);
      if (made) {
        AddUnique(sections_added_, p[1]);
      } else if (std::find(sections_added_.begin(), sections_added_.end(), p[1]) ==
                 sections_added_.end()) {
        AddUnique(sections_changed_, p[1]);
      }
    } else if (!IsBookkeeping(p)) {
      other_ = true;
    }
  }

  void TouchItem(const std::vector<std::string>& p, const crdt::Value* value) {
    ItemTouch& t = ItemFor(p[1]);
    const auto* str = value ? std::get_if<std::string>(value) : nullptr;
    if (p.size() == 2) {
      if (value && std::holds_alternative<crdt::MakeObject>(*value)) {
        t.created = true;
      } else {
        AddUnique(t.changed, "(replaced)");
      }
      return;
    }
    const std::string& key = p[2];
    if (key == layout::kFields) {
      if (p.size() >= 4 && !t.created) AddUnique(t.changed, p[3]);
    } else if (key == layout::kReviewBy) {
      t.review = true;
      t.review_by = str ? *str : "";
    } else if (key == layout::kKind && t.created) {
      t.kind = str ? *str : "";
    } else if (key == layout::kSection && t.created) {
      t.section = str ? *str : "";
    } else if (key != layout::kEdited && key != layout::kEditedBy && !t.created) {
      AddUnique(t.changed, key);  // a fixed key after creation (the policy refuses it)
    }
  }

  ItemTouch& ItemFor(const std::string& id) {
    for (ItemTouch& t : items_) {
      if (t.id == id) return t;
    }
    ItemTouch t;
    t.id = id;
    items_.push_back(std::move(t));
    if (first_item_.empty()) first_item_ = id;
    return items_.back();
  }

  void Domain(const crdt::DomainOp& dom, uint64_t counter) {
    auto op = DecodePlanOp(dom.kind, dom.payload);
    if (!op.ok()) {
      domain_.push_back("an unreadable plan op (kind " + std::to_string(dom.kind) + ")");
      return;
    }
    if (op->kind == OpKind::kCreatePlan) {
      creates_plan_ = true;
      domain_.push_back("");  // filled in by Finish, once the title is read
    } else if (IsItemOp(op->kind)) {
      if (domain_item_.empty()) domain_item_ = op->item;
      const std::string suggestion = ShortId(kSuggestionIdTag, counter, change_.author());
      domain_.push_back(ItemOpSummary(*op, suggestion));
    } else {
      domain_.push_back(MembershipOpSummary(*op, ms_));
    }
  }

  ChangeSummary Finish() {
    ChangeSummary out;
    for (std::string& s : domain_) {
      if (s.empty()) s = "created the plan " + Quote(title_.value_or(""));
      AddUnique(out.what, s);
    }
    if (!creates_plan_) {
      for (const std::string& s : sections_added_)
        AddUnique(out.what, "added section " + s);
      if (title_) AddUnique(out.what, "renamed the plan to " + Quote(*title_));
    }
    for (const std::string& s : sections_changed_)
      AddUnique(out.what, "changed section " + s);
    for (const ItemTouch& t : items_) ItemSummaries(t, out.what);
    if (other_) AddUnique(out.what, "changed the plan's structure");
    out.item = domain_item_.empty() ? first_item_ : domain_item_;
    return out;
  }

  static void ItemSummaries(const ItemTouch& t, std::vector<std::string>& what) {
    const std::string item = "item " + t.id;
    if (t.created) {
      std::string s = "added " + item;
      if (!t.kind.empty()) s += " (" + t.kind + ")";
      if (!t.section.empty()) s += " to " + t.section;
      what.push_back(std::move(s));
      return;
    }
    if (!t.changed.empty())
      what.push_back("edited " + item + " (" + Join(t.changed) + ")");
    if (t.review) {
      what.push_back(t.review_by.empty()
                         ? "cleared the review date of " + item
                         : "set the review date of " + item + " to " + t.review_by);
    }
  }

  const crdt::Document& doc_;
  const Membership& ms_;
  const crdt::Change& change_;
  std::map<uint64_t, std::pair<OpId, std::string>> made_;  // objects this change made
  std::vector<std::string> domain_;
  std::vector<ItemTouch> items_;
  std::vector<std::string> sections_added_;
  std::vector<std::string> sections_changed_;
  std::optional<std::string> title_;
  std::string first_item_;
  std::string domain_item_;
  bool creates_plan_ = false;
  bool other_ = false;
};

}  // namespace

ChangeSummary SummarizeChange(const crdt::Document& doc, const Membership& members,
                              const crdt::Change& change) {
  return Summarizer(doc, members, change).Run();
}

}  // namespace mutual::plan::internal
