// Sequence snapshots: EncodeState / DecodeState (doc/encoding-sequence.md).
//
// The encoding lists maximal runs in document order, so two replicas with
// the same elements write the same bytes whatever their in-memory run
// boundaries; the decoder therefore rejects runs that should have merged.
#include <algorithm>

#include "libsync/crdt/sequence.h"
#include "libsync/crdt/sequence_util.h"

namespace mutual::crdt {
namespace {

enum ValueTag : uint8_t {
  kTagNull = 0,
  kTagFalse = 1,
  kTagTrue = 2,
  kTagInt = 3,
  kTagString = 4,
  kTagBytes = 5,
  kTagObject = 6,
};

enum RunFlags : uint8_t {
  kFlagDeleted = 1,
  kFlagLeft = 2,        // origin_left present
  kFlagRight = 4,       // origin_right present
  kFlagLeftSame = 8,    // origin_left's actor is the run's (no slot written)
  kFlagRightSame = 16,  // origin_right's actor is the run's (no slot written)
};

// Counters are written as wrapping differences (zig-zag): a bijection on
// uint64, so every state keeps exactly one encoding, and the usual small
// distances take a byte or two.
int64_t Delta(uint64_t to, uint64_t from) { return static_cast<int64_t>(to - from); }
uint64_t Apply(uint64_t from, int64_t delta) {
  return from + static_cast<uint64_t>(delta);
}

void EncodeValue(ByteWriter& w, const Value& v) {
  if (std::holds_alternative<Null>(v)) {
    w.U8(kTagNull);
  } else if (const bool* b = std::get_if<bool>(&v)) {
    w.U8(*b ? kTagTrue : kTagFalse);
  } else if (const int64_t* i = std::get_if<int64_t>(&v)) {
    w.U8(kTagInt);
    w.SignedVarint(*i);
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    w.U8(kTagString);
    w.String(*s);
  } else if (const Bytes* bytes = std::get_if<Bytes>(&v)) {
    w.U8(kTagBytes);
    w.LengthPrefixed(*bytes);
  } else {
    w.U8(kTagObject);
    w.U8(static_cast<uint8_t>(std::get<MakeObject>(v).type));
  }
}

Result<Value> DecodeValue(ByteReader& r) {
  MUTUAL_ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  switch (tag) {
    case kTagNull:
      return Value{Null{}};
    case kTagFalse:
      return Value{false};
    case kTagTrue:
      return Value{true};
    case kTagInt: {
      MUTUAL_ASSIGN_OR_RETURN(int64_t i, r.SignedVarint());
      return Value{i};
    }
    case kTagString: {
      MUTUAL_ASSIGN_OR_RETURN(std::string s, r.Utf8String(kMaxStringBytes));
      return Value{std::move(s)};
    }
    case kTagBytes: {
      MUTUAL_ASSIGN_OR_RETURN(ByteView b, r.LengthPrefixed(kMaxStringBytes));
      return Value{Bytes(b.begin(), b.end())};
    }
    case kTagObject: {
      MUTUAL_ASSIGN_OR_RETURN(uint8_t t, r.U8());
      if (t < static_cast<uint8_t>(ObjType::kMap) ||
          t > static_cast<uint8_t>(ObjType::kText)) {
        return Status::Corruption("sequence state: bad object type");
      }
      return Value{MakeObject{static_cast<ObjType>(t)}};
    }
    default:
      return Status::Corruption("sequence state: bad value tag");
  }
}

// Reads an actor slot and maps it to a local index.
Result<uint32_t> ReadActor(ByteReader& r, std::span<const ActorIndex> slot_to_actor,
                           const ActorTable* actors) {
  MUTUAL_ASSIGN_OR_RETURN(uint64_t slot, r.Varint());
  if (slot >= slot_to_actor.size() || slot_to_actor[slot] >= actors->size()) {
    return Status::Corruption("sequence state: actor slot out of range");
  }
  return slot_to_actor[slot];
}

// Reads a counter written as Delta(counter, base).
Result<uint64_t> ReadCounter(ByteReader& r, uint64_t base) {
  MUTUAL_ASSIGN_OR_RETURN(int64_t delta, r.SignedVarint());
  const uint64_t c = Apply(base, delta);
  if (c == 0) return Status::Corruption("sequence state: counter 0");
  return c;
}

}  // namespace

void Sequence::EncodeState(ByteWriter& w, std::span<const uint32_t> actor_to_slot) const {
  // Group in-memory runs into maximal chains first (their count leads).
  std::vector<const Run*> runs;
  runs.reserve(RunCount());
  for (uint32_t b : order_) {
    for (const Run& run : blocks_[b].runs) runs.push_back(&run);
  }
  std::vector<std::pair<size_t, size_t>> groups;  // [first, last) into runs
  for (size_t i = 0; i < runs.size();) {
    size_t j = i + 1;
    uint64_t len = runs[i]->len;
    while (j < runs.size()) {
      Run merged = *runs[i];
      merged.len = static_cast<uint32_t>(std::min<uint64_t>(len, UINT32_MAX));
      if (len + runs[j]->len > UINT32_MAX || !ChainContinues(merged, *runs[j])) break;
      len += runs[j]->len;
      ++j;
    }
    groups.emplace_back(i, j);
    i = j;
  }
  w.Varint(groups.size());
  uint64_t prev_counter = 0;
  for (auto [first, last] : groups) {
    const Run& head = *runs[first];
    uint64_t len = 0;
    uint64_t bytes = 0;
    for (size_t i = first; i < last; ++i) {
      len += runs[i]->len;
      bytes += runs[i]->bytes;
    }
    w.Varint(actor_to_slot[head.actor]);
    w.SignedVarint(Delta(head.counter, prev_counter));
    prev_counter = head.counter;
    w.Varint(len);
    const bool has_left = head.left_actor != kNoActor;
    const bool has_right = head.right_actor != kNoActor;
    uint8_t flags = head.deleted ? kFlagDeleted : 0;
    if (has_left)
      flags |= head.left_actor == head.actor ? kFlagLeft | kFlagLeftSame : kFlagLeft;
    if (has_right) {
      flags |= head.right_actor == head.actor ? kFlagRight | kFlagRightSame : kFlagRight;
    }
    w.U8(flags);
    if (has_left) {
      if (!(flags & kFlagLeftSame)) w.Varint(actor_to_slot[head.left_actor]);
      w.SignedVarint(Delta(head.counter, head.left_counter));
    }
    if (has_right) {
      if (!(flags & kFlagRightSame)) w.Varint(actor_to_slot[head.right_actor]);
      w.SignedVarint(Delta(head.right_counter, head.counter));
    }
    if (head.deleted) continue;
    if (type_ == ObjType::kText) {
      w.Varint(bytes);
      for (size_t i = first; i < last; ++i) {
        w.Raw(AsBytes(std::string_view(text_).substr(runs[i]->content, runs[i]->bytes)));
      }
    } else {
      for (size_t i = first; i < last; ++i) {
        for (uint32_t k = 0; k < runs[i]->len; ++k) {
          EncodeValue(w, values_[runs[i]->content + k]);
        }
      }
    }
  }
}

Result<Sequence> Sequence::DecodeState(ObjType type, ByteReader& r,
                                       std::span<const ActorIndex> slot_to_actor,
                                       const ActorTable* actors) {
  if (type != ObjType::kText && type != ObjType::kList) {
    return Status::Corruption("sequence state: not a sequence type");
  }
  Sequence s(type, actors);
  MUTUAL_ASSIGN_OR_RETURN(uint64_t count, r.Varint());
  // Every run takes at least four bytes: bounds the allocation below.
  if (count > r.remaining() / 4) return Status::Corruption("sequence state: run count");
  std::optional<Run> prev;
  uint64_t prev_counter = 0;
  for (uint64_t i = 0; i < count; ++i) {
    Run run;
    MUTUAL_ASSIGN_OR_RETURN(run.actor, ReadActor(r, slot_to_actor, actors));
    MUTUAL_ASSIGN_OR_RETURN(run.counter, ReadCounter(r, prev_counter));
    prev_counter = run.counter;
    MUTUAL_ASSIGN_OR_RETURN(uint64_t len, r.VarintAtMost(UINT32_MAX));
    if (len == 0 || run.counter > UINT64_MAX - len) {
      return Status::Corruption("sequence state: bad run length");
    }
    run.len = static_cast<uint32_t>(len);
    MUTUAL_ASSIGN_OR_RETURN(uint8_t flags, r.U8());
    if ((flags &
         ~(kFlagDeleted | kFlagLeft | kFlagRight | kFlagLeftSame | kFlagRightSame)) ||
        ((flags & kFlagLeftSame) && !(flags & kFlagLeft)) ||
        ((flags & kFlagRightSame) && !(flags & kFlagRight))) {
      return Status::Corruption("sequence state: bad run flags");
    }
    run.deleted = flags & kFlagDeleted;
    if (flags & kFlagLeft) {
      run.left_actor = run.actor;
      if (!(flags & kFlagLeftSame)) {
        MUTUAL_ASSIGN_OR_RETURN(run.left_actor, ReadActor(r, slot_to_actor, actors));
        if (run.left_actor == run.actor)
          return Status::Corruption("sequence state: slot");
      }
      MUTUAL_ASSIGN_OR_RETURN(int64_t delta, r.SignedVarint());
      run.left_counter = run.counter - static_cast<uint64_t>(delta);
      if (run.left_counter == 0) return Status::Corruption("sequence state: counter 0");
    }
    if (flags & kFlagRight) {
      run.right_actor = run.actor;
      if (!(flags & kFlagRightSame)) {
        MUTUAL_ASSIGN_OR_RETURN(run.right_actor, ReadActor(r, slot_to_actor, actors));
        if (run.right_actor == run.actor)
          return Status::Corruption("sequence state: slot");
      }
      MUTUAL_ASSIGN_OR_RETURN(run.right_counter, ReadCounter(r, run.counter));
    }
    if (prev && ChainContinues(*prev, run)) {
      return Status::Corruption("sequence state: runs not maximal");
    }
    if (!run.deleted && type == ObjType::kText) {
      MUTUAL_ASSIGN_OR_RETURN(ByteView bytes, r.LengthPrefixed(std::min<uint64_t>(
                                                  uint64_t{run.len} * 4, UINT32_MAX)));
      const std::string_view utf8(reinterpret_cast<const char*>(bytes.data()),
                                  bytes.size());
      if (!IsValidUtf8(utf8) || CountCodePoints(utf8) != run.len) {
        return Status::Corruption("sequence state: bad text content");
      }
      run.content = s.text_.size();
      run.bytes = static_cast<uint32_t>(bytes.size());
      s.text_.append(utf8);
    } else if (!run.deleted) {
      if (run.len > r.remaining()) return Status::Corruption("sequence state: values");
      run.content = s.values_.size();
      for (uint32_t k = 0; k < run.len; ++k) {
        MUTUAL_ASSIGN_OR_RETURN(Value v, DecodeValue(r));
        s.values_.push_back(std::move(v));
      }
    }
    prev = run;
    // Fill blocks half full so later inserts do not split at once.
    if (s.order_.empty() || s.blocks_.back().runs.size() >= kMaxRunsPerBlock / 2) {
      s.blocks_.emplace_back();
      s.blocks_.back().ord = static_cast<uint32_t>(s.order_.size());
      s.order_.push_back(static_cast<uint32_t>(s.blocks_.size() - 1));
    }
    Block& blk = s.blocks_.back();
    blk.runs.push_back(run);
    blk.visible += VisibleLen(run);
    s.visible_ += VisibleLen(run);
  }
  MUTUAL_RETURN_IF_ERROR(s.BuildIndex());
  MUTUAL_RETURN_IF_ERROR(s.CheckOrigins());
  return s;
}

// Builds index_ from the blocks in one pass plus a sort per actor; fails
// on a duplicate id.
Status Sequence::BuildIndex() {
  index_.assign(actors_->size(), {});
  for (uint32_t id = 0; id < blocks_.size(); ++id) {
    for (const Run& run : blocks_[id].runs) {
      index_[run.actor].push_back(IndexEntry{run.counter, run.counter + run.len, id});
    }
  }
  for (std::vector<IndexEntry>& v : index_) {
    std::sort(v.begin(), v.end(),
              [](const IndexEntry& a, const IndexEntry& b) { return a.start < b.start; });
    size_t w = 0;
    for (size_t j = 1; j < v.size(); ++j) {
      if (v[j].start < v[w].end)
        return Status::Corruption("sequence state: duplicate id");
      if (v[j].start == v[w].end && v[j].block == v[w].block) {
        v[w].end = v[j].end;
      } else {
        v[++w] = v[j];
      }
    }
    if (!v.empty()) v.resize(w + 1);
  }
  return Status::Ok();
}

// Every run's origins must exist, origin_left before the run and
// origin_right after it, as integration guarantees: later scans rely on it.
Status Sequence::CheckOrigins() const {
  for (uint32_t b = 0; b < order_.size(); ++b) {
    const std::vector<Run>& runs = Blk(b).runs;
    for (uint32_t r = 0; r < runs.size(); ++r) {
      const Run& run = runs[r];
      if (run.left_actor != kNoActor) {
        std::optional<Loc> l = Find(OpId{run.left_counter, run.left_actor});
        if (!l || !(*l < Loc{b, r, 0})) {
          return Status::Corruption("sequence state: bad origin_left");
        }
      }
      if (run.right_actor != kNoActor) {
        std::optional<Loc> rl = Find(OpId{run.right_counter, run.right_actor});
        if (!rl || !(Loc{b, r, run.len - 1} < *rl)) {
          return Status::Corruption("sequence state: bad origin_right");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace mutual::crdt
