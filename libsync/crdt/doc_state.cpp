// Document::Impl basics: the log records, object table, op application and
// rebuilding the state from the log.
#include <algorithm>
#include <atomic>
#include <cassert>

#include "libsync/crdt/doc_impl.h"

namespace mutual::crdt {

Document::Impl::Impl(const Policy* p) : policy(p), actors(std::make_shared<ActorTable>()) {
  Reset();
}

Document::Impl::Impl(const Impl& o)
    : policy(o.policy),
      actors(o.actors),
      logs(o.logs),
      log_bytes(o.log_bytes),
      dep_pool(o.dep_pool),
      order(o.order),
      version_stale(true),
      heads(o.heads),
      max_counter(o.max_counter),
      reasons(o.reasons),
      notes(o.notes),
      void_after(o.void_after),
      domain(o.domain),
      pending(o.pending),
      waiting(o.waiting) {
  objects.reserve(o.objects.size());
  for (const auto& [id, obj] : o.objects) objects.emplace(id, std::make_unique<Object>(*obj));
}

Document::Impl::~Impl() = default;

uint64_t Document::Impl::NewEpoch() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::optional<ChangeRef> Document::Impl::RefOf(const ChangeId& id) const {
  auto a = actors->Find(id.author);
  if (!a) return std::nullopt;
  ChangeRef r{*a, id.seq};
  if (!Rec(r)) return std::nullopt;
  return r;
}

ByteView Document::Impl::Encoded(ChangeRef r) const {
  const ChangeRec* rec = Rec(r);
  return ByteView(log_bytes).subspan(rec->enc_off, rec->enc_len);
}

std::span<const ChangeRef> Document::Impl::DepsOf(ChangeRef r) const {
  const ChangeRec* rec = Rec(r);
  return std::span<const ChangeRef>(dep_pool).subspan(rec->deps_off, rec->deps_n);
}

std::optional<ChangeRef> Document::Impl::ChangeOfOp(OpId id) const {
  if (id.actor >= logs.size()) return std::nullopt;
  const auto& log = logs[id.actor];
  // Counters grow with seq, so the first change whose last counter reaches
  // `id.counter` is the only candidate.
  auto it = std::lower_bound(log.begin(), log.end(), id.counter,
                             [](const ChangeRec& r, uint64_t c) { return r.last_counter < c; });
  if (it == log.end() || it->start_counter > id.counter) return std::nullopt;
  return ChangeRef{id.actor, static_cast<uint64_t>(it - log.begin()) + 1};
}

Object* Document::Impl::Find(OpId id) const {
  if (id.counter == 0) id = kRootObject;
  auto it = objects.find(id);
  return it == objects.end() ? nullptr : it->second.get();
}

void Document::Impl::Reset() {
  objects_epoch = NewEpoch();
  objects.clear();
  domain.clear();
  auto root = std::make_unique<Object>();
  root->type = ObjType::kMap;
  root->parent = kRootObject;
  objects.emplace(kRootObject, std::move(root));
}

Object& Document::Impl::MakeObj(OpId id, ObjType type, OpId parent, std::string_view key) {
  auto obj = std::make_unique<Object>();
  obj->type = type;
  obj->parent = parent;
  obj->key = std::string(key);
  if (type != ObjType::kMap) obj->seq.emplace(type, actors.get());
  Object& ref = *obj;
  auto [it, inserted] = objects.try_emplace(id);
  if (!inserted) objects_epoch = NewEpoch();
  it->second = std::move(obj);
  return ref;
}

void Document::Impl::Record(ChangeRef ref, const ChangeRec& base, ByteView encoded,
                            std::span<const ChangeRef> deps) {
  if (logs.size() <= ref.actor) logs.resize(ref.actor + 1);
  ChangeRec rec = base;
  rec.enc_off = log_bytes.size();
  rec.enc_len = static_cast<uint32_t>(encoded.size());
  Append(log_bytes, encoded);
  rec.deps_off = static_cast<uint32_t>(dep_pool.size());
  rec.deps_n = static_cast<uint32_t>(deps.size());
  dep_pool.insert(dep_pool.end(), deps.begin(), deps.end());
  logs[ref.actor].push_back(rec);
  order.push_back(ref);
  version_stale = true;
  if (rec.last_counter > max_counter) max_counter = rec.last_counter;
  SetHeadsAfter(ref, deps);
}

void Document::Impl::SetHeadsAfter(ChangeRef added, std::span<const ChangeRef> deps) {
  if (DepsCoverHeads(deps)) {
    heads.clear();
    heads.push_back(added);
    return;
  }
  std::erase_if(heads, [&](const ChangeRef& h) {
    return std::find(deps.begin(), deps.end(), h) != deps.end();
  });
  heads.push_back(added);
  SortRefs(heads);
}

std::vector<ActorIndex> Document::Impl::MapActors(const Change& c) {
  std::vector<ActorIndex> amap;
  amap.reserve(c.actors.size());
  for (const ActorId& a : c.actors) amap.push_back(actors->Intern(a));
  if (logs.size() < actors->size()) logs.resize(actors->size());
  return amap;
}

namespace {

OpId Local(OpId id, std::span<const ActorIndex> amap) {
  if (id.counter == 0) return kRootObject;
  return {id.counter, amap[id.actor]};
}
std::optional<OpId> Local(const std::optional<OpId>& id, std::span<const ActorIndex> amap) {
  if (!id) return std::nullopt;
  return Local(*id, amap);
}

// Removes the register values named in `pred` (change-local ids).
void DropPreds(std::vector<RegEntry>& vals, const std::vector<OpId>& pred,
               std::span<const ActorIndex> amap) {
  for (const OpId& p : pred) {
    OpId l = Local(p, amap);
    std::erase_if(vals, [&](const RegEntry& e) { return e.id == l; });
  }
}

}  // namespace

Status Document::Impl::ApplyOps(const Change& c, std::span<const ActorIndex> amap, bool masked,
                                 ChangeRef ref) {
  uint64_t counter = c.start_counter;
  const ActorIndex author = amap[0];
  for (const Op& op : c.ops) {
    OpId id{counter, author};
    counter += OpWidth(op);
    if (const auto* set = std::get_if<MapSet>(&op)) {
      OpId obj_id = Local(set->obj, amap);
      Object* obj = Find(obj_id);
      if (!obj || obj->type != ObjType::kMap) return Status::Corruption("set on a non-map");
      if (const auto* mk = std::get_if<MakeObject>(&set->value)) {
        MakeObj(id, mk->type, obj_id, set->key);
      }
      if (masked) continue;
      auto& vals = obj->entries[set->key];
      DropPreds(vals, set->pred, amap);
      RegEntry e{id, set->value};
      auto pos = std::find_if(vals.begin(), vals.end(),
                              [&](const RegEntry& x) { return actors->OpLess(id, x.id); });
      vals.insert(pos, std::move(e));
    } else if (const auto* del = std::get_if<MapDelete>(&op)) {
      Object* obj = Find(Local(del->obj, amap));
      if (!obj || obj->type != ObjType::kMap) return Status::Corruption("delete on a non-map");
      if (masked) continue;
      auto it = obj->entries.find(del->key);
      if (it == obj->entries.end()) continue;
      DropPreds(it->second, del->pred, amap);
      if (it->second.empty()) obj->entries.erase(it);
    } else if (const auto* ins = std::get_if<SeqInsert>(&op)) {
      OpId obj_id = Local(ins->obj, amap);
      Object* obj = Find(obj_id);
      bool text = !ins->text.empty();
      if (!obj || obj->type != (text ? ObjType::kText : ObjType::kList)) {
        return Status::Corruption("insert into a missing or mistyped sequence");
      }
      if (text) {
        MUTUAL_RETURN_IF_ERROR(obj->seq->IntegrateText(Local(ins->origin_left, amap),
                                                       Local(ins->origin_right, amap),
                                                       ins->text, id, masked));
      } else {
        for (size_t i = 0; i < ins->values.size(); ++i) {
          if (const auto* mk = std::get_if<MakeObject>(&ins->values[i])) {
            MakeObj({id.counter + i, author}, mk->type, obj_id, "");
          }
        }
        MUTUAL_RETURN_IF_ERROR(obj->seq->IntegrateValues(Local(ins->origin_left, amap),
                                                         Local(ins->origin_right, amap),
                                                         ins->values, id, masked));
      }
    } else if (const auto* sd = std::get_if<SeqDelete>(&op)) {
      Object* obj = Find(Local(sd->obj, amap));
      if (!obj || !obj->seq) return Status::Corruption("delete in a non-sequence");
      if (!masked) obj->seq->Delete({Local(sd->target, amap), sd->len});
    } else if (const auto* dom = std::get_if<DomainOp>(&op)) {
      if (!masked) domain.push_back({id, ref, dom->kind, dom->payload});
    }
  }
  return Status::Ok();
}

Result<Change> Document::Impl::Decode(ChangeRef r) const {
  return DecodeChange(Encoded(r), actors->Key(r.actor), r.seq);
}

void Document::Impl::Rebuild() {
  Reset();  // the GetChange cache stays: changes never change
  for (ChangeRef ref : order) {
    auto c = Decode(ref);
    assert(c.ok());
    if (!c.ok()) continue;
    std::vector<ActorIndex> amap = MapActors(*c);
    Status st = ApplyOps(*c, amap, Rec(ref)->status() != ChangeStatus::kApplied, ref);
    assert(st.ok());
    (void)st;
  }
}

bool Document::Impl::IsVoid(ChangeRef r) const {
  auto it = void_after.find(actors->Key(r.actor));
  return it != void_after.end() && r.seq > it->second;
}

void Document::Impl::SetVoid(std::map<ActorId, uint64_t> next) {
  void_after = std::move(next);
  for (ActorIndex a = 0; a < logs.size(); ++a) {
    for (uint64_t s = 1; s <= logs[a].size(); ++s) {
      ChangeRec& rec = logs[a][s - 1];
      rec.is_void = IsVoid({a, s});
      if (!rec.judged_valid) continue;
      if (rec.is_void) {
        reasons[{a, s}] = "author removed";
      } else {
        reasons.erase({a, s});
      }
    }
  }
}

void Document::Impl::RefreshVoid(const Document& owner) {
  if (!policy) return;
  // Voiding hides the domain ops of void changes, which may themselves have
  // voided others, so a void set can have several fixpoints. Every replica
  // starts from "nothing void" and iterates, so all walk the same sequence
  // and stop at the same set (a policy whose rules oscillate is cut off
  // after a fixed number of rounds, the same way everywhere).
  if (!void_after.empty()) {
    SetVoid({});
    Rebuild();
  }
  for (int round = 0; round < 8; ++round) {
    std::map<ActorId, uint64_t> next = policy->VoidAfter(owner);
    if (next == void_after) return;
    SetVoid(std::move(next));
    Rebuild();
  }
}

}  // namespace mutual::crdt
