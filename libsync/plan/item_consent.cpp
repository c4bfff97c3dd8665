#include "libsync/plan/item_consent.h"

#include "libsync/plan/ids.h"

namespace mutual::plan {

PlanOps::PlanOps(const crdt::Document& doc) : doc_(doc) {
  for (crdt::DomainRecord& rec : doc.DomainOps()) {
    auto op = DecodePlanOp(rec.kind, rec.payload);
    if (!op.ok()) continue;  // valid changes carry only well-formed ops
    const size_t index = ops_.size();
    if (IsMembershipOp(op->kind)) {
      membership_ops_.push_back(index);
      current_.Apply(*op, rec.change.author, doc.GetChange(rec.change).time_ms);
    }
    if (IsItemOp(op->kind)) by_item_[op->item].push_back(index);
    ops_.push_back({std::move(rec), std::move(op).value()});
  }
}

std::vector<const PlanOpRecord*> PlanOps::ForItem(std::string_view item) const {
  std::vector<const PlanOpRecord*> out;
  auto it = by_item_.find(item);
  if (it == by_item_.end()) return out;
  for (size_t i : it->second) out.push_back(&ops_[i]);
  return out;
}

const std::vector<std::string>& PlanOps::MembersAt(const crdt::DomainRecord& rec) {
  auto key = std::make_pair(rec.change, rec.id.counter);
  auto it = members_at_.find(key);
  if (it != members_at_.end()) return it->second;
  Membership ms;
  for (size_t i : membership_ops_) {
    const PlanOpRecord& m = ops_[i];
    bool past = m.rec.change == rec.change
                    ? doc_.actors().OpLess(m.rec.id, rec.id)
                    : doc_.HappenedBefore(m.rec.change, rec.change);
    if (past) ms.Apply(m.op, m.rec.change.author, doc_.GetChange(m.rec.change).time_ms);
  }
  return members_at_.emplace(key, ms.CurrentIds()).first->second;
}

namespace {

std::optional<ConsentEvent::Type> EventType(const PlanOp& op) {
  switch (op.kind) {
    case OpKind::kEndorse:
      return ConsentEvent::kEndorse;
    case OpKind::kWithdraw:
      return ConsentEvent::kWithdraw;
    case OpKind::kRevisit:
      return ConsentEvent::kRevisit;
    case OpKind::kAck:
      return ConsentEvent::kAck;
    case OpKind::kRemove:
      return op.flag ? ConsentEvent::kRemoveDirect : ConsentEvent::kRemovePropose;
    case OpKind::kRemovalStance:
      return op.flag ? ConsentEvent::kRemovalEndorse : ConsentEvent::kRemovalDecline;
    default:
      return std::nullopt;
  }
}

}  // namespace

ConsentResult PlanOps::Evaluate(const layout::ItemRecord& item) {
  ConsentInput in;
  in.mode = item.mode;
  in.current = HashContent(layout::ReadContent(doc_, item, &in.conflicted));
  in.author = item.author;
  in.owners = item.about;
  in.members = current_.CurrentIds();
  std::vector<crdt::ChangeId> changes;
  for (const PlanOpRecord* r : ForItem(item.id)) {
    auto type = EventType(r->op);
    if (!type) continue;
    ConsentEvent e;
    e.type = *type;
    e.member = r->op.member;
    e.hash = r->op.hash;
    e.reason = r->op.text;
    e.then_members = MembersAt(r->rec);
    in.events.push_back(std::move(e));
    changes.push_back(r->rec.change);
  }
  in.before = [this, &changes](size_t a, size_t b) {
    if (changes[a] == changes[b]) return a < b;
    return doc_.HappenedBefore(changes[a], changes[b]);
  };
  return EvaluateConsent(in);
}

std::string SuggestionIdOf(const crdt::Document& doc, const crdt::DomainRecord& rec) {
  return ShortId(kSuggestionIdTag, rec.id.counter, doc.actors().Key(rec.id.actor));
}

}  // namespace mutual::plan
