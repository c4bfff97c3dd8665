// Document::Apply: remote changes — structural validation against the
// change's causal past, pending changes, verdicts and masking.
#include <algorithm>
#include <deque>

#include "libsync/crdt/doc_impl.h"

namespace mutual::crdt {

// See ApplyReady. 2^32 counters is billions of ops on concurrent branches.
constexpr uint64_t kMaxCounterJump = uint64_t{1} << 32;

// Checks that every id a change refers to exists in its causal past (or
// earlier in the change itself) and names an object of the right type.
// Honest writers only refer to what they saw, so anything else is hostile
// input, rejected the same way on every replica because the check depends
// on the change and its causal past only.
class Document::Impl::Validator {
 public:
  Validator(const Document::Impl& d, const Change& c, std::span<const ActorIndex> amap,
            bool past_is_all, std::vector<uint64_t> clock)
      : d_(d), c_(c), amap_(amap), past_is_all_(past_is_all), clock_(std::move(clock)) {}

  Status Run() {
    uint64_t counter = c_.start_counter;
    for (const Op& op : c_.ops) {
      cur_ = counter;
      MUTUAL_RETURN_IF_ERROR(std::visit([this](const auto& o) { return Check(o); }, op));
      counter += OpWidth(op);
    }
    return Status::Ok();
  }

 private:
  // Known = in the causal past, or made earlier in this change.
  bool Known(OpId id) const {
    if (id.counter == 0) return false;
    if (id.actor == 0 && id.counter >= c_.start_counter) return id.counter < cur_;
    ActorIndex a = amap_[id.actor];
    if (a >= d_.logs.size()) return false;
    uint64_t upto = past_is_all_ ? d_.logs[a].size() : (a < clock_.size() ? clock_[a] : 0);
    return upto > 0 && id.counter <= d_.logs[a][upto - 1].last_counter;
  }

  Result<ObjType> ObjectType(OpId obj) const {
    if (obj.counter == 0) return ObjType::kMap;
    for (const auto& [id, type] : made_) {
      if (id == obj) return type;
    }
    if (!Known(obj)) return Status::Corruption("change refers to an unknown object");
    const Object* o = d_.Find({obj.counter, amap_[obj.actor]});
    if (!o) return Status::Corruption("change refers to an unknown object");
    return o->type;
  }

  Status Expect(OpId obj, bool ok_type(ObjType)) const {
    MUTUAL_ASSIGN_OR_RETURN(ObjType t, ObjectType(obj));
    if (!ok_type(t)) return Status::Corruption("op on an object of the wrong type");
    return Status::Ok();
  }
  static bool IsMap(ObjType t) { return t == ObjType::kMap; }
  static bool IsText(ObjType t) { return t == ObjType::kText; }
  static bool IsList(ObjType t) { return t == ObjType::kList; }
  static bool IsSeq(ObjType t) { return t != ObjType::kMap; }

  Status Ids(const std::vector<OpId>& ids) const {
    for (const OpId& p : ids) {
      if (!Known(p)) return Status::Corruption("change refers to an unknown op");
    }
    return Status::Ok();
  }
  Status Origin(const std::optional<OpId>& o) const {
    if (o && !Known(*o)) return Status::Corruption("insert origin unknown at its deps");
    return Status::Ok();
  }

  Status Check(const MapSet& o) {
    MUTUAL_RETURN_IF_ERROR(Expect(o.obj, IsMap));
    MUTUAL_RETURN_IF_ERROR(Ids(o.pred));
    if (const auto* mk = std::get_if<MakeObject>(&o.value)) {
      made_.push_back({{cur_, 0}, mk->type});
    }
    return Status::Ok();
  }
  Status Check(const MapDelete& o) {
    MUTUAL_RETURN_IF_ERROR(Expect(o.obj, IsMap));
    return Ids(o.pred);
  }
  Status Check(const SeqInsert& o) {
    MUTUAL_RETURN_IF_ERROR(Expect(o.obj, o.text.empty() ? IsList : IsText));
    MUTUAL_RETURN_IF_ERROR(Origin(o.origin_left));
    MUTUAL_RETURN_IF_ERROR(Origin(o.origin_right));
    for (size_t i = 0; i < o.values.size(); ++i) {
      if (const auto* mk = std::get_if<MakeObject>(&o.values[i])) {
        made_.push_back({{cur_ + i, 0}, mk->type});
      }
    }
    return Status::Ok();
  }
  Status Check(const SeqDelete& o) {
    MUTUAL_RETURN_IF_ERROR(Expect(o.obj, IsSeq));
    if (o.len == 0 || o.len > kMaxCounter) return Status::Corruption("bad delete length");
    OpId last{o.target.counter + o.len - 1, o.target.actor};
    if (!Known(o.target) || !Known(last)) {
      return Status::Corruption("delete of ids unknown at its deps");
    }
    return Status::Ok();
  }
  Status Check(const DomainOp&) { return Status::Ok(); }

  const Document::Impl& d_;
  const Change& c_;
  std::span<const ActorIndex> amap_;
  bool past_is_all_;
  std::vector<uint64_t> clock_;
  uint64_t cur_ = 0;
  std::vector<std::pair<OpId, ObjType>> made_;  // change-local ids
};

namespace {

bool HasDomainOp(const Change& c) {
  return std::any_of(c.ops.begin(), c.ops.end(),
                     [](const Op& op) { return std::holds_alternative<DomainOp>(op); });
}

}  // namespace

Result<ChangeStatus> Document::Impl::ApplyReady(Document& owner, const Change& c,
                                                 ByteView encoded, std::string* reason) {
  std::vector<ActorIndex> amap = MapActors(c);
  ChangeRef ref{amap[0], c.seq};
  if (logs[ref.actor].size() != c.seq - 1) return Status::Corruption("seq gap");
  std::vector<ChangeRef> deps;
  deps.reserve(c.deps.size());
  uint64_t max_dep = 0;
  for (const Dep& dep : c.deps) {
    ChangeRef d{amap[dep.actor], dep.seq};
    const ChangeRec* rec = Rec(d);
    if (!rec) return Status::Corruption("dep not applied");
    if (rec->last_counter >= c.start_counter) {
      return Status::Corruption("start counter not above its deps' counters");
    }
    max_dep = std::max(max_dep, rec->last_counter);
    deps.push_back(d);
  }
  // An honest writer's start counter exceeds its deps' by at most what it
  // saw of concurrent branches; a huge jump would let one signed change
  // use up the counter space (kMaxCounter) for everyone after it.
  if (c.start_counter - max_dep > kMaxCounterJump) {
    return Status::Corruption("start counter jumps too far past its deps");
  }
  bool at_heads = DepsCoverHeads(deps);
  std::vector<uint64_t> clock;
  if (!at_heads) clock = ClockOf(deps);
  MUTUAL_RETURN_IF_ERROR(Validator(*this, c, amap, at_heads, std::move(clock)).Run());

  Verdict verdict;
  if (policy) {
    if (at_heads) {
      verdict = policy->Judge(owner, c);
    } else {
      std::vector<ChangeId> ids;
      for (ChangeRef d : deps) ids.push_back(IdOf(d));
      verdict = policy->Judge(owner.StateAt(ids), c);
    }
  }
  ChangeRec rec;
  rec.start_counter = c.start_counter;
  rec.last_counter = c.last_counter();
  rec.judged_valid = verdict.valid;
  rec.is_void = IsVoid(ref);
  bool masked = rec.status() != ChangeStatus::kApplied;
  if (Status st = ApplyOps(c, amap, masked, ref); !st.ok()) {
    Rebuild();  // undo the ops applied before the failing one
    return st;
  }
  Record(ref, rec, encoded, deps);
  if (!verdict.valid) {
    reasons[ref] = verdict.reason;
  } else if (rec.is_void) {
    reasons[ref] = "author removed";
  } else if (!verdict.note.empty()) {
    notes[ref] = std::move(verdict.note);
  }
  if (verdict.valid && HasDomainOp(c)) RefreshVoid(owner);
  if (reason) *reason = ReasonOf(ref);
  return Rec(ref)->status();
}

std::string Document::Impl::ReasonOf(ChangeRef r) const {
  auto it = reasons.find(r);
  return it == reasons.end() ? "" : it->second;
}

bool Document::Impl::WaitForDeps(const Change& c) {
  for (const Dep& d : c.deps) {
    ChangeId dep = c.DepId(d);
    if (!RefOf(dep)) {
      waiting.emplace(dep, c.id());
      return true;
    }
  }
  return false;
}

Result<Document::ApplyOutcome> Document::Apply(const Change& change, Bytes encoded) {
  Impl& d = *impl_;
  if (d.txn_open) return Status::FailedPrecondition("a local transaction is open");
  if (change.actors.empty()) return Status::Corruption("change without author");
  Bytes canonical = EncodeChange(change);
  if (encoded.empty()) {
    encoded = std::move(canonical);
  } else if (encoded != canonical) {
    return Status::Corruption("encoded bytes do not match the change");
  }
  // The strict decoder checks actor indexes, ranges and own-dep sanity.
  MUTUAL_RETURN_IF_ERROR(DecodeChange(encoded, change.author(), change.seq).status());
  if (change.seq > 1) {
    bool own_prev = std::any_of(change.deps.begin(), change.deps.end(), [&](const Dep& dep) {
      return dep.actor == 0 && dep.seq == change.seq - 1;
    });
    if (!own_prev) return Status::Corruption("a change must depend on its author's previous one");
  }

  ApplyOutcome out;
  ChangeId id = change.id();
  if (StatusOf(id) != ChangeStatus::kUnknown) {
    out.status = StatusOf(id);
    out.reason = ReasonOf(id);
    return out;
  }
  if (d.WaitForDeps(change)) {
    d.pending.emplace(id, PendingChange{change, std::move(encoded)});
    out.status = ChangeStatus::kPending;
    return out;
  }
  MUTUAL_ASSIGN_OR_RETURN(out.status, d.ApplyReady(*this, change, encoded, &out.reason));
  out.applied.push_back(id);

  // Unblock waiting changes, breadth first.
  std::deque<ChangeId> done{id};
  while (!done.empty()) {
    ChangeId dep = done.front();
    done.pop_front();
    auto [lo, hi] = d.waiting.equal_range(dep);
    std::vector<ChangeId> waiters;
    for (auto it = lo; it != hi; ++it) waiters.push_back(it->second);
    d.waiting.erase(lo, hi);
    for (const ChangeId& w : waiters) {
      auto p = d.pending.find(w);
      if (p == d.pending.end()) continue;
      if (d.WaitForDeps(p->second.change)) continue;
      PendingChange pc = std::move(p->second);
      d.pending.erase(p);
      // A pending change that turns out malformed is dropped: its sender
      // is long gone from this call, and nothing was changed by it.
      if (d.ApplyReady(*this, pc.change, pc.encoded, nullptr).ok()) {
        out.applied.push_back(w);
        done.push_back(w);
      }
    }
  }
  return out;
}

}  // namespace mutual::crdt
