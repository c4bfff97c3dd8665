// Document snapshots: Save / Load (doc/encoding-change.md, "Document
// snapshot"). The state is stored compacted, so loading does not replay
// ops; the history is stored as the encoded changes, decoded on load to
// rebuild the causal graph (and to check it).
#include <algorithm>

#include "libsync/crdt/doc_impl.h"
#include "libsync/util/leb128.h"

namespace mutual::crdt {
namespace {

constexpr uint8_t kMagic[4] = {'m', 'd', 'o', 'c'};
constexpr uint64_t kVersion = 1;
constexpr size_t kMaxChangeBytes = 1 << 20;

void PutValue(ByteWriter& w, const Value& v) {
  switch (v.index()) {
    case 0: w.U8(0); break;
    case 1: w.U8(std::get<bool>(v) ? 2 : 1); break;
    case 2: w.U8(3); w.SignedVarint(std::get<int64_t>(v)); break;
    case 3: w.U8(4); w.String(std::get<std::string>(v)); break;
    case 4: w.U8(5); w.LengthPrefixed(std::get<Bytes>(v)); break;
    default: w.U8(5 + static_cast<uint8_t>(std::get<MakeObject>(v).type));
  }
}

Result<Value> GetValue(ByteReader& r) {
  MUTUAL_ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  switch (tag) {
    case 0: return Value(Null{});
    case 1: return Value(false);
    case 2: return Value(true);
    case 3: {
      MUTUAL_ASSIGN_OR_RETURN(int64_t i, r.SignedVarint());
      return Value(i);
    }
    case 4: {
      MUTUAL_ASSIGN_OR_RETURN(std::string s, r.Utf8String(kMaxStringBytes));
      return Value(std::move(s));
    }
    case 5: {
      MUTUAL_ASSIGN_OR_RETURN(ByteView b, r.LengthPrefixed(kMaxStringBytes));
      return Value(ToBytes(b));
    }
    case 6: return Value(MakeObject{ObjType::kMap});
    case 7: return Value(MakeObject{ObjType::kList});
    case 8: return Value(MakeObject{ObjType::kText});
    default: return Status::Corruption("snapshot: unknown value tag");
  }
}

}  // namespace

Bytes Document::Save() const {
  const Impl& d = *impl_;
  // Slots: the actors with a log, by key (ids in the state name only them).
  std::vector<ActorIndex> slot_to_actor;
  for (ActorIndex a = 0; a < d.logs.size(); ++a) {
    if (!d.logs[a].empty()) slot_to_actor.push_back(a);
  }
  std::sort(slot_to_actor.begin(), slot_to_actor.end(),
            [&](ActorIndex a, ActorIndex b) { return d.actors->Less(a, b); });
  std::vector<uint32_t> to_slot(d.actors->size(), 0);
  for (uint32_t s = 0; s < slot_to_actor.size(); ++s) to_slot[slot_to_actor[s]] = s;
  auto put_id = [&](ByteWriter& w, OpId id) {
    w.Varint(id.counter);
    w.Varint(id.counter == 0 ? 0 : to_slot[id.actor]);
  };

  ByteWriter w(d.log_bytes.size() + 16 * d.order.size() + 1024);
  for (uint8_t b : kMagic) w.U8(b);
  w.Varint(kVersion);
  w.Varint(slot_to_actor.size());
  for (ActorIndex a : slot_to_actor) w.Raw(d.actors->Key(a));
  // History in application order (causal).
  w.Varint(d.order.size());
  for (ChangeRef r : d.order) {
    const ChangeRec& rec = *d.Rec(r);
    w.Varint(to_slot[r.actor]);
    w.U8(rec.judged_valid ? 1 : 0);
    w.LengthPrefixed(d.Encoded(r));
    if (!rec.judged_valid) {
      w.String(d.ReasonOf(r));
    } else {
      auto it = d.notes.find(r);
      w.LengthPrefixed(it == d.notes.end() ? Bytes{} : it->second);
    }
  }
  w.Varint(d.void_after.size());
  for (const auto& [key, seq] : d.void_after) {
    w.Raw(key);
    w.Varint(seq);
  }
  // State: objects by id.
  std::vector<std::pair<OpId, const Object*>> objs;
  for (const auto& [id, obj] : d.objects) objs.push_back({id, obj.get()});
  std::sort(objs.begin(), objs.end(),
            [&](const auto& a, const auto& b) { return d.actors->OpLess(a.first, b.first); });
  w.Varint(objs.size());
  for (const auto& [id, obj] : objs) {
    put_id(w, id);
    w.U8(static_cast<uint8_t>(obj->type));
    put_id(w, obj->parent);
    w.String(obj->key);
    if (obj->type == ObjType::kMap) {
      w.Varint(obj->entries.size());
      for (const auto& [key, vals] : obj->entries) {
        w.String(key);
        w.Varint(vals.size());
        for (const RegEntry& e : vals) {
          put_id(w, e.id);
          PutValue(w, e.value);
        }
      }
    } else {
      obj->seq->EncodeState(w, to_slot);
    }
  }
  w.Varint(d.domain.size());
  for (const DomainEntry& e : d.domain) {
    put_id(w, e.id);
    w.Varint(e.kind);
    w.LengthPrefixed(e.payload);
  }
  return w.Take();
}

Status Document::Impl::LoadHistory(ByteReader& r, std::vector<ActorIndex>& slots) {
  MUTUAL_ASSIGN_OR_RETURN(uint64_t n, r.Varint());
  if (n > r.remaining()) return Status::Corruption("snapshot: actor count");
  for (uint64_t i = 0; i < n; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(ActorId key, r.Fixed<32>());
    if (i > 0 && !(actors->Key(slots.back()) < key)) {
      return Status::Corruption("snapshot: actors not sorted");
    }
    slots.push_back(actors->Intern(key));
  }
  logs.resize(actors->size());
  MUTUAL_ASSIGN_OR_RETURN(uint64_t changes, r.Varint());
  if (changes > r.remaining()) return Status::Corruption("snapshot: change count");
  for (uint64_t i = 0; i < changes; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t slot, r.Varint());
    if (slot >= slots.size()) return Status::Corruption("snapshot: actor slot out of range");
    MUTUAL_ASSIGN_OR_RETURN(uint8_t valid, r.U8());
    if (valid > 1) return Status::Corruption("snapshot: bad verdict");
    MUTUAL_ASSIGN_OR_RETURN(ByteView enc, r.LengthPrefixed(kMaxChangeBytes));
    ChangeRef ref{slots[slot], logs[slots[slot]].size() + 1};
    MUTUAL_ASSIGN_OR_RETURN(Change c, DecodeChange(enc, actors->Key(ref.actor), ref.seq));
    std::vector<ActorIndex> amap = MapActors(c);
    std::vector<ChangeRef> deps;
    bool own_prev = c.seq == 1;
    for (const Dep& dep : c.deps) {
      ChangeRef dr{amap[dep.actor], dep.seq};
      const ChangeRec* drec = Rec(dr);
      if (!drec || drec->last_counter >= c.start_counter) {
        return Status::Corruption("snapshot: history not causal");
      }
      own_prev |= dr == ChangeRef{ref.actor, ref.seq - 1};
      deps.push_back(dr);
    }
    if (!own_prev) return Status::Corruption("snapshot: broken author chain");
    ChangeRec rec;
    rec.start_counter = c.start_counter;
    rec.last_counter = c.last_counter();
    rec.judged_valid = valid == 1;
    Record(ref, rec, enc, deps);
    if (valid) {
      MUTUAL_ASSIGN_OR_RETURN(ByteView note, r.LengthPrefixed(kMaxStringBytes));
      if (!note.empty()) notes[ref] = ToBytes(note);
    } else {
      MUTUAL_ASSIGN_OR_RETURN(reasons[ref], r.Utf8String(kMaxStringBytes));
    }
  }
  MUTUAL_ASSIGN_OR_RETURN(uint64_t nvoid, r.Varint());
  if (nvoid > r.remaining()) return Status::Corruption("snapshot: void count");
  for (uint64_t i = 0; i < nvoid; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(ActorId key, r.Fixed<32>());
    MUTUAL_ASSIGN_OR_RETURN(void_after[key], r.VarintAtMost(kMaxSeq));
  }
  for (ActorIndex a = 0; a < logs.size(); ++a) {
    for (uint64_t s = 1; s <= logs[a].size(); ++s) {
      ChangeRec& rec = logs[a][s - 1];
      rec.is_void = IsVoid({a, s});
      if (rec.is_void && rec.judged_valid) reasons[{a, s}] = "author removed";
    }
  }
  return Status::Ok();
}

Status Document::Impl::LoadState(ByteReader& r, const std::vector<ActorIndex>& slots) {
  // Reads an op id written by Save; it must name an op of the history.
  auto read_id = [&](ByteReader& in) -> Result<OpId> {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t counter, in.VarintAtMost(kMaxCounter));
    MUTUAL_ASSIGN_OR_RETURN(uint64_t slot, in.Varint());
    if (counter == 0) {
      if (slot != 0) return Status::Corruption("snapshot: bad root id");
      return kRootObject;
    }
    if (slot >= slots.size()) return Status::Corruption("snapshot: actor slot out of range");
    OpId id{counter, slots[slot]};
    if (!ChangeOfOp(id)) return Status::Corruption("snapshot: id of no change");
    return id;
  };
  objects_epoch = NewEpoch();
  objects.clear();
  MUTUAL_ASSIGN_OR_RETURN(uint64_t nobj, r.Varint());
  if (nobj > r.remaining()) return Status::Corruption("snapshot: object count");
  for (uint64_t i = 0; i < nobj; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(OpId id, read_id(r));
    MUTUAL_ASSIGN_OR_RETURN(uint8_t type, r.U8());
    if (type < 1 || type > 3) return Status::Corruption("snapshot: bad object type");
    MUTUAL_ASSIGN_OR_RETURN(OpId parent, read_id(r));
    MUTUAL_ASSIGN_OR_RETURN(std::string key, r.Utf8String(kMaxStringBytes));
    if (objects.count(id)) return Status::Corruption("snapshot: duplicate object");
    Object& obj = MakeObj(id, static_cast<ObjType>(type), parent, key);
    if (obj.type == ObjType::kMap) {
      MUTUAL_ASSIGN_OR_RETURN(uint64_t nkeys, r.Varint());
      if (nkeys > r.remaining()) return Status::Corruption("snapshot: key count");
      for (uint64_t k = 0; k < nkeys; ++k) {
        MUTUAL_ASSIGN_OR_RETURN(std::string mkey, r.Utf8String(kMaxStringBytes));
        MUTUAL_ASSIGN_OR_RETURN(uint64_t nvals, r.Varint());
        if (nvals == 0 || nvals > r.remaining()) return Status::Corruption("snapshot: values");
        auto& vals = obj.entries[mkey];
        for (uint64_t v = 0; v < nvals; ++v) {
          MUTUAL_ASSIGN_OR_RETURN(OpId vid, read_id(r));
          MUTUAL_ASSIGN_OR_RETURN(Value val, GetValue(r));
          vals.push_back({vid, std::move(val)});
        }
      }
    } else {
      MUTUAL_ASSIGN_OR_RETURN(obj.seq, Sequence::DecodeState(obj.type, r, slots, actors.get()));
    }
  }
  if (!Find(kRootObject) || Find(kRootObject)->type != ObjType::kMap) {
    return Status::Corruption("snapshot: no root map");
  }
  MUTUAL_ASSIGN_OR_RETURN(uint64_t ndom, r.Varint());
  if (ndom > r.remaining()) return Status::Corruption("snapshot: domain count");
  for (uint64_t i = 0; i < ndom; ++i) {
    DomainEntry e;
    MUTUAL_ASSIGN_OR_RETURN(e.id, read_id(r));
    auto ch = ChangeOfOp(e.id);
    if (!ch) return Status::Corruption("snapshot: domain op of no change");
    e.change = *ch;
    MUTUAL_ASSIGN_OR_RETURN(uint64_t kind, r.VarintAtMost(UINT32_MAX));
    e.kind = static_cast<uint32_t>(kind);
    MUTUAL_ASSIGN_OR_RETURN(ByteView p, r.LengthPrefixed(kMaxStringBytes));
    e.payload = ToBytes(p);
    domain.push_back(std::move(e));
  }
  return Status::Ok();
}

Result<Document> Document::Load(ByteView bytes, const Policy* policy) {
  ByteReader r(bytes);
  MUTUAL_ASSIGN_OR_RETURN(ByteView magic, r.Raw(4));
  if (!std::equal(magic.begin(), magic.end(), kMagic)) {
    return Status::Corruption("snapshot: bad magic");
  }
  MUTUAL_ASSIGN_OR_RETURN(uint64_t version, r.Varint());
  if (version != kVersion) return Status::Corruption("snapshot: unknown version");
  Document doc(policy);
  std::vector<ActorIndex> slots;
  MUTUAL_RETURN_IF_ERROR(doc.impl_->LoadHistory(r, slots));
  MUTUAL_RETURN_IF_ERROR(doc.impl_->LoadState(r, slots));
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  return doc;
}

}  // namespace mutual::crdt
