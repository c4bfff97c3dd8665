#include "libsync/plan/policy.h"

#include <algorithm>
#include <set>

#include "libsync/crypto/device.h"
#include "libsync/plan/ids.h"
#include "libsync/plan/key_epochs.h"
#include "libsync/plan/layout.h"
#include "libsync/plan/membership.h"
#include "libsync/plan/ops.h"
#include "libsync/util/leb128.h"

namespace mutual::plan {
namespace {

using Path = std::vector<std::string>;

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The fixed keys of a new item, collected while its creating change is
// checked.
struct NewItem {
  std::string kind, about, author;
};

// One Judge call: the state at deps, decoded once, and the change walked op
// by op (later ops of the change see the membership effects of earlier ones).
class Checker {
 public:
  Checker(const crdt::Document& doc, const crdt::Change& ch) : doc_(doc), ch_(ch) {
    records_ = doc.DomainOps();
    for (const crdt::DomainRecord& rec : records_) {
      if (rec.kind < kMinOpKind || rec.kind > kMaxOpKind ||
          !IsMembershipOp(static_cast<OpKind>(rec.kind))) {
        continue;
      }
      auto op = DecodePlanOp(rec.kind, rec.payload);
      if (op.ok()) ms_.Apply(*op, rec.change.author, doc.GetChange(rec.change).time_ms);
    }
  }

  Status Run() {
    if (ms_.created()) {
      const Member* m = ms_.OwnerOf(ch_.author());
      if (m == nullptr || m->former) {
        return Status::PermissionDenied("author is not a current member's device");
      }
      member_ = m->id;
    }
    uint64_t counter = ch_.start_counter;
    for (const crdt::Op& op : ch_.ops) {
      MUTUAL_RETURN_IF_ERROR(CheckOp(op, counter));
      counter += crdt::OpWidth(op);
    }
    if (!ms_.created()) return Status::PermissionDenied("a plan starts with create-plan");
    return CheckNewItems();
  }

  Bytes Note() const {
    if (voids_.empty()) return {};
    ByteWriter w;
    w.Varint(voids_.size());
    for (const auto& [actor, seq] : voids_) {
      w.Raw(actor);
      w.Varint(seq);
    }
    return w.Take();
  }

 private:
  struct PastOp {
    const crdt::DomainRecord* rec;
    PlanOp op;
  };

  // Every domain op at deps, decoded on first use (most changes are edits
  // that never need them).
  const std::vector<PastOp>& Past() const {
    if (!past_decoded_) {
      for (const crdt::DomainRecord& rec : records_) {
        auto op = DecodePlanOp(rec.kind, rec.payload);
        if (op.ok()) past_.push_back({&rec, std::move(op).value()});
      }
      past_decoded_ = true;
    }
    return past_;
  }

  Status CheckOp(const crdt::Op& op, uint64_t counter) {
    if (auto* d = std::get_if<crdt::DomainOp>(&op)) return CheckDomain(*d, counter);
    if (!ms_.created()) return Status::PermissionDenied("a plan starts with create-plan");
    if (auto* s = std::get_if<crdt::MapSet>(&op)) {
      MUTUAL_ASSIGN_OR_RETURN(Path p, PathOf(s->obj));
      p.push_back(s->key);
      auto* make = std::get_if<crdt::MakeObject>(&s->value);
      if (make) created_[counter] = p;
      return CheckWrite(p, make != nullptr, &s->value);
    }
    if (auto* s = std::get_if<crdt::MapDelete>(&op)) {
      MUTUAL_ASSIGN_OR_RETURN(Path p, PathOf(s->obj));
      p.push_back(s->key);
      if (p.size() <= 2 && p[0] == layout::kItems) {
        return Status::PermissionDenied("items are removed by a removal op, not deleted");
      }
      return CheckWrite(p, false, nullptr);
    }
    crdt::OpId obj = std::holds_alternative<crdt::SeqInsert>(op)
                         ? std::get<crdt::SeqInsert>(op).obj
                         : std::get<crdt::SeqDelete>(op).obj;
    MUTUAL_ASSIGN_OR_RETURN(Path p, PathOf(obj));
    return CheckWrite(p, false, nullptr);
  }

  // The key path from the root to `id` (change-local ids).
  Result<Path> PathOf(crdt::OpId id) const {
    if (id.counter == 0) return Path{};
    if (id.actor == 0 && id.counter >= ch_.start_counter) {
      auto it = created_.find(id.counter);
      if (it == created_.end())
        return Status::PermissionDenied("op on an unknown object");
      return it->second;
    }
    if (id.actor >= ch_.actors.size()) return Status::PermissionDenied("bad actor index");
    auto idx = doc_.actors().Find(ch_.actors[id.actor]);
    if (!idx) return Status::PermissionDenied("op on an unknown object");
    crdt::OpId local{id.counter, *idx};
    Path p;
    while (local.counter != 0) {
      auto parent = doc_.ParentOf(local);
      if (!parent) return Status::PermissionDenied("op on an unknown object");
      p.push_back(parent->second);
      local = parent->first;
    }
    std::reverse(p.begin(), p.end());
    return p;
  }

  Status CheckWrite(const Path& p, bool creates, const crdt::Value* value) {
    if (p.empty() || p[0] != layout::kItems) return Status::Ok();
    if (p.size() == 1) {
      return records_.empty() && genesis_
                 ? Status::Ok()
                 : Status::PermissionDenied("the items map is fixed");
    }
    const std::string& id = p[1];
    if (p.size() == 2) {
      auto items = layout::ObjectAt(doc_, crdt::kRootObject, layout::kItems);
      if (!creates || new_items_.count(id) || (items && !doc_.Get(*items, id).empty())) {
        return Status::PermissionDenied("item " + id + " already exists");
      }
      new_items_[id] = {};
      return Status::Ok();
    }
    auto fresh = new_items_.find(id);
    if (fresh != new_items_.end())
      return CheckNewItemWrite(fresh->second, p, creates, value);
    auto rec = layout::ReadItem(doc_, id);
    if (!rec) return Status::PermissionDenied("unknown item " + id);
    const std::string& key = p[2];
    if (key == layout::kEdited || key == layout::kEditedBy || key == layout::kReviewBy) {
      return Status::Ok();
    }
    if (key != layout::kFields || p.size() < 4) {
      return Status::PermissionDenied("item " + id + ": " + key +
                                      " is fixed at creation");
    }
    return CheckFieldRight(rec->mode, rec->spec, rec->about, p[3]);
  }

  Status CheckNewItemWrite(NewItem& item, const Path& p, bool creates,
                           const crdt::Value* value) {
    const std::string& key = p[2];
    if (p.size() == 3 && value != nullptr) {
      if (auto* s = std::get_if<std::string>(value)) {
        if (key == layout::kKind) item.kind = *s;
        if (key == layout::kAbout) item.about = *s;
        if (key == layout::kAuthor) item.author = *s;
      }
      return Status::Ok();
    }
    if (key != layout::kFields || p.size() < 4 || creates) return Status::Ok();
    const KindSpec* spec = FindKind(item.kind);
    if (spec == nullptr)
      return Status::PermissionDenied("fields written before the kind");
    auto about = layout::DecodeAbout(item.about);
    return CheckFieldRight(EffectiveMode(*spec, about.empty()), spec, about, p[3]);
  }

  Status CheckFieldRight(ConsentMode mode, const KindSpec* spec,
                         const std::vector<std::string>& about,
                         std::string_view path) const {
    if (mode == ConsentMode::kOwn && !Contains(about, member_)) {
      return Status::PermissionDenied(
          "only the member(s) an own-mode item is about may edit it");
    }
    if (mode == ConsentMode::kMixed && spec != nullptr) {
      std::string_view name = path.substr(0, path.find('.'));
      for (const FieldSpec& f : spec->fields) {
        if (f.name == name && f.own_part && layout::PathMember(path) != member_) {
          return Status::PermissionDenied("each member's own part is theirs to edit");
        }
      }
    }
    return Status::Ok();
  }

  Status CheckNewItems() const {
    const auto current = ms_.CurrentIds();
    for (const auto& [id, item] : new_items_) {
      const KindSpec* spec = FindKind(item.kind);
      if (spec == nullptr) return Status::PermissionDenied("unknown kind " + item.kind);
      if (item.author != member_) {
        return Status::PermissionDenied("an item's author is the member who writes it");
      }
      auto about = layout::DecodeAbout(item.about);
      for (const std::string& m : about) {
        if (!Contains(current, m))
          return Status::PermissionDenied("about: unknown member " + m);
      }
      if (EffectiveMode(*spec, about.empty()) == ConsentMode::kOwn &&
          !Contains(about, member_)) {
        return Status::PermissionDenied("one person never defines another's own item");
      }
    }
    return Status::Ok();
  }

  Status CheckDomain(const crdt::DomainOp& d, uint64_t counter) {
    auto decoded = DecodePlanOp(d.kind, d.payload);
    if (!decoded.ok()) return Status::PermissionDenied(decoded.status().message());
    const PlanOp& op = *decoded;
    if (op.kind == OpKind::kCreatePlan) {
      if (ms_.created()) return Status::PermissionDenied("the plan already exists");
      auto record = crypto::DecodeDeviceRecord(op.device);
      if (!record.ok() || record->signing_key != ch_.author()) {
        return Status::PermissionDenied(
            "create-plan needs the author's own device record");
      }
      genesis_ = true;
      member_ = op.member;
      ms_.Apply(op, ch_.author(), ch_.time_ms);
      return Status::Ok();
    }
    if (!ms_.created()) return Status::PermissionDenied("a plan starts with create-plan");
    if (op.member != member_) {
      return Status::PermissionDenied("signed by a device of " + member_ + ", not of " +
                                      op.member);
    }
    if (IsMembershipOp(op.kind)) {
      MUTUAL_RETURN_IF_ERROR(CheckMembership(op));
      ms_.Apply(op, ch_.author(), ch_.time_ms);
      return Status::Ok();
    }
    if (IsKeyOp(op.kind)) return CheckKeyOp(op);
    (void)counter;
    return CheckItemOp(op);
  }

  // A key goes only to current member devices; a new one to all of them.
  // A share names an epoch rotated in at the change's deps.
  Status CheckKeyOp(const PlanOp& op) const {
    const std::vector<crdt::ActorId> devices = CurrentDevices(ms_);
    for (const SealedKey& k : op.keys) {
      if (!std::binary_search(devices.begin(), devices.end(), k.device)) {
        return Status::PermissionDenied("a key sealed to a device that is no member's");
      }
    }
    if (op.kind == OpKind::kRotateKey) {
      if (op.keys.size() != devices.size()) {
        return Status::PermissionDenied(
            "a new key must be sealed to every current member device");
      }
      return Status::Ok();
    }
    for (const crdt::DomainRecord& rec : records_) {
      if (rec.kind == static_cast<uint32_t>(OpKind::kRotateKey) &&
          EpochIdOf(doc_.EncodedChange(rec.change)) == op.hash) {
        return Status::Ok();
      }
    }
    return Status::PermissionDenied("a key share names an unknown key epoch");
  }

  Status CheckItemOp(const PlanOp& op) const {
    auto rec = layout::ReadItem(doc_, op.item);
    if (!rec) return Status::PermissionDenied("unknown item " + op.item);
    const bool owner = Contains(rec->about, member_);
    switch (op.kind) {
      case OpKind::kEndorse: {
        if (rec->mode == ConsentMode::kOwn) {
          return Status::PermissionDenied(
              "own-mode items are acknowledged, not endorsed");
        }
        bool conflicted = false;
        ContentHash h = HashContent(layout::ReadContent(doc_, *rec, &conflicted));
        if (conflicted) return Status::PermissionDenied("endorsement while conflicted");
        if (h != op.hash)
          return Status::PermissionDenied("endorses content that is not current");
        return Status::Ok();
      }
      case OpKind::kAck: {
        if (rec->mode != ConsentMode::kOwn || owner) {
          return Status::PermissionDenied("only others acknowledge an own-mode item");
        }
        bool conflicted = false;
        ContentHash h = HashContent(layout::ReadContent(doc_, *rec, &conflicted));
        if (h != op.hash)
          return Status::PermissionDenied("acknowledges content that is not current");
        return Status::Ok();
      }
      case OpKind::kDismiss: {
        if (rec->mode == ConsentMode::kOwn && !owner) {
          return Status::PermissionDenied("only the owner dismisses a suggestion");
        }
        for (const PastOp& p : Past()) {
          if (p.op.kind == OpKind::kSuggest && p.op.item == op.item &&
              ShortId(kSuggestionIdTag, p.rec->id.counter,
                      doc_.actors().Key(p.rec->id.actor)) == op.target) {
            return Status::Ok();
          }
        }
        return Status::PermissionDenied("unknown suggestion " + op.target);
      }
      case OpKind::kRemove:
        return op.flag ? CheckDirectRemove(*rec) : Status::Ok();
      case OpKind::kRemovalStance:
        for (const PastOp& p : Past()) {
          if (p.op.kind == OpKind::kRemove && p.op.item == op.item) return Status::Ok();
        }
        return Status::PermissionDenied("no removal was proposed for " + op.item);
      case OpKind::kRespond:
        if (rec->spec == nullptr || !rec->spec->has_responses) {
          return Status::PermissionDenied("this kind takes no responses");
        }
        return Status::Ok();
      default:  // withdraw, revisit, suggest: never blocked
        return Status::Ok();
    }
  }

  Status CheckDirectRemove(const layout::ItemRecord& rec) const {
    if (rec.author != member_) {
      return Status::PermissionDenied("only the author may delete an item directly");
    }
    for (const PastOp& p : Past()) {
      if ((p.op.kind == OpKind::kEndorse || p.op.kind == OpKind::kAck) &&
          p.op.item == rec.id && p.op.member != member_) {
        return Status::PermissionDenied(
            "someone else endorsed it: removal is a proposal");
      }
    }
    return Status::Ok();
  }

  Status CheckMembership(const PlanOp& op) {
    const auto current = ms_.CurrentIds();
    switch (op.kind) {
      case OpKind::kInvite:
        if (ms_.Find(op.target) || op.text.empty()) {
          return Status::PermissionDenied("invite needs a new member id and a name");
        }
        return Status::Ok();
      case OpKind::kApprove:
        if (!ms_.InvitationFor(op.target)) {
          return Status::PermissionDenied("no open invitation for " + op.target);
        }
        return Status::Ok();
      case OpKind::kAddMember: {
        auto record = crypto::DecodeDeviceRecord(op.device);
        if (!record.ok()) return Status::PermissionDenied("bad device record");
        if (ms_.OwnerOf(record->signing_key) || ms_.Find(op.target)) {
          return Status::PermissionDenied("member or device already known");
        }
        if (current.size() > 1) {
          const Invitation* inv = ms_.InvitationFor(op.target);
          for (const std::string& m : current) {
            if (m != member_ && (!inv || !inv->approvals.count(m))) {
              return Status::PermissionDenied(
                  "adding a member needs every member's approval");
            }
          }
        }
        return Status::Ok();
      }
      case OpKind::kAddDevice: {
        auto record = crypto::DecodeDeviceRecord(op.device);
        if (!record.ok()) return Status::PermissionDenied("bad device record");
        if (ms_.OwnerOf(record->signing_key)) {
          return Status::PermissionDenied("device already known");
        }
        return Status::Ok();
      }
      case OpKind::kLeave:
        for (const crdt::ActorId& d : ms_.Find(member_)->devices) {
          voids_[d] = d == ch_.author() ? ch_.seq : doc_.version().Get(d);
        }
        return Status::Ok();
      case OpKind::kRemoveMember: {
        const Member* target = ms_.Find(op.target);
        if (!target || target->former || op.target == member_) {
          return Status::PermissionDenied("remove needs another current member");
        }
        if (current.size() < 3) {
          return Status::PermissionDenied("in a plan of two, the way out is leave");
        }
        auto approvals = ms_.RemovalApprovals(op.target);
        for (const std::string& m : current) {
          if (m != member_ && m != op.target && !approvals.count(m)) {
            return Status::PermissionDenied("removing a member needs every other member");
          }
        }
        for (const crdt::ActorId& d : target->devices) voids_[d] = doc_.version().Get(d);
        return Status::Ok();
      }
      case OpKind::kApproveRemoval: {
        const Member* target = ms_.Find(op.target);
        if (!target || target->former || op.target == member_) {
          return Status::PermissionDenied("approve removal of another current member");
        }
        return Status::Ok();
      }
      default:
        return Status::Ok();
    }
  }

  const crdt::Document& doc_;
  const crdt::Change& ch_;
  Membership ms_;
  std::vector<crdt::DomainRecord> records_;
  mutable std::vector<PastOp> past_;
  mutable bool past_decoded_ = false;
  std::string member_;
  bool genesis_ = false;
  std::map<uint64_t, Path> created_;
  std::map<std::string, NewItem> new_items_;
  std::map<crdt::ActorId, uint64_t> voids_;
};

}  // namespace

crdt::Verdict PlanPolicy::Judge(const crdt::Document& at_deps,
                                const crdt::Change& change) const {
  Checker checker(at_deps, change);
  Status st = checker.Run();
  crdt::Verdict v;
  if (!st.ok()) {
    v.valid = false;
    v.reason = st.message();
    return v;
  }
  v.note = checker.Note();
  return v;
}

std::map<crdt::ActorId, uint64_t> PlanPolicy::VoidAfter(const crdt::Document& doc) const {
  std::map<crdt::ActorId, uint64_t> out;
  for (const crdt::DomainRecord& rec : doc.DomainOps()) {
    if (rec.note.empty()) continue;
    if (rec.kind != static_cast<uint32_t>(OpKind::kLeave) &&
        rec.kind != static_cast<uint32_t>(OpKind::kRemoveMember)) {
      continue;
    }
    ByteReader r(rec.note);
    auto n = r.VarintAtMost(1024);
    if (!n.ok()) continue;
    for (uint64_t i = 0; i < *n; ++i) {
      auto actor = r.Fixed<32>();
      auto seq = r.Varint();
      if (!actor.ok() || !seq.ok()) break;
      auto [it, inserted] = out.try_emplace(*actor, *seq);
      if (!inserted) it->second = std::min(it->second, *seq);
    }
  }
  return out;
}

const PlanPolicy& DefaultPolicy() {
  static const PlanPolicy policy;
  return policy;
}

}  // namespace mutual::plan
