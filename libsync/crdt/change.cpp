// Change plaintext codec. The byte layout, and why each field is packed the
// way it is, is in doc/encoding-change.md ("Change plaintext").
#include "libsync/crdt/change.h"

#include <algorithm>
#include <limits>

#include "libsync/util/leb128.h"

namespace mutual::crdt {
namespace {

// Wall times from this instant on (2024-01-01T00:00:00Z) in whole seconds
// take one byte less than Unix seconds until 2032.
constexpr int64_t kTimeEpochSeconds = 1704067200;

enum OpKind : uint8_t {
  kOpMapSet = 0,
  kOpMapDelete = 1,
  kOpTextInsert = 2,
  kOpListInsert = 3,
  kOpSeqDelete = 4,
  kOpDomain = 5,
};
constexpr uint8_t kFlagA = 0x08;  // has origin_left / SeqDelete len != 1
constexpr uint8_t kFlagB = 0x10;  // has origin_right

enum ValueTag : uint8_t {
  kValNull = 0,
  kValFalse = 1,
  kValTrue = 2,
  kValInt = 3,
  kValString = 4,
  kValBytes = 5,
  kValMakeMap = 6,
  kValMakeList = 7,
  kValMakeText = 8,
};

uint64_t CodePoints(std::string_view utf8) {
  uint64_t n = 0;
  for (char c : utf8) n += (static_cast<uint8_t>(c) & 0xc0) != 0x80;
  return n;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

// ---------------------------------------------------------------- encoding

// A growable buffer written through a raw pointer: EncodeChange runs once
// per local commit, and per-byte push_back was a visible cost there.
class Out {
 public:
  explicit Out(size_t reserve) : b_(reserve) {}
  void U8(uint8_t v) {
    Need(1);
    b_[n_++] = v;
  }
  void Varint(uint64_t v) {
    Need(10);
    while (v >= 0x80) {
      b_[n_++] = static_cast<uint8_t>(v) | 0x80;
      v >>= 7;
    }
    b_[n_++] = static_cast<uint8_t>(v);
  }
  void SignedVarint(int64_t v) { Varint(ZigZag(v)); }
  void Raw(ByteView v) {
    Need(v.size());
    std::copy(v.begin(), v.end(), b_.begin() + static_cast<ptrdiff_t>(n_));
    n_ += v.size();
  }
  void LengthPrefixed(ByteView v) {
    Varint(v.size());
    Raw(v);
  }
  void String(std::string_view s) { LengthPrefixed(AsBytes(s)); }
  Bytes Take() {
    b_.resize(n_);
    return std::move(b_);
  }

 private:
  void Need(size_t k) {
    if (n_ + k > b_.size()) b_.resize(std::max(b_.size() * 2, n_ + k));
  }
  Bytes b_;
  size_t n_ = 0;
};

class Encoder {
 public:
  Encoder(const Change& c, Out& w)
      : c_(c), w_(w), n_(c.actors.size()) {}

  void Run() {
    bool secs = c_.time_ms >= 0 && c_.time_ms % 1000 == 0 &&
                c_.time_ms / 1000 >= kTimeEpochSeconds;
    w_.Varint((static_cast<uint64_t>(n_ - 1) << 1) | (secs ? 1 : 0));
    w_.Varint(c_.start_counter);
    if (secs) {
      w_.Varint(static_cast<uint64_t>(c_.time_ms / 1000 - kTimeEpochSeconds));
    } else {
      w_.SignedVarint(c_.time_ms);
    }
    for (size_t i = 1; i < n_; ++i) w_.Raw(c_.actors[i]);
    w_.Varint(c_.deps.size());
    for (const Dep& d : c_.deps) {
      uint64_t value = d.actor == 0 ? c_.seq - d.seq : d.seq;
      w_.Varint(value * n_ + d.actor);
    }
    w_.Varint(c_.ops.size());
    for (const Op& op : c_.ops) std::visit([this](const auto& o) { Put(o); }, op);
  }

 private:
  void Obj(OpId id) { w_.Varint(id.counter * n_ + id.actor); }
  void Rel(OpId id) {
    int64_t delta = static_cast<int64_t>(c_.start_counter) - static_cast<int64_t>(id.counter);
    w_.Varint(ZigZag(delta) * n_ + id.actor);
  }
  void Preds(const std::vector<OpId>& pred) {
    w_.Varint(pred.size());
    for (const OpId& p : pred) Rel(p);
  }
  void Val(const Value& v) {
    switch (v.index()) {
      case 0: w_.U8(kValNull); break;
      case 1: w_.U8(std::get<bool>(v) ? kValTrue : kValFalse); break;
      case 2: w_.U8(kValInt); w_.SignedVarint(std::get<int64_t>(v)); break;
      case 3: w_.U8(kValString); w_.String(std::get<std::string>(v)); break;
      case 4: w_.U8(kValBytes); w_.LengthPrefixed(std::get<Bytes>(v)); break;
      default: {
        ObjType t = std::get<MakeObject>(v).type;
        w_.U8(t == ObjType::kMap ? kValMakeMap : t == ObjType::kList ? kValMakeList : kValMakeText);
      }
    }
  }
  void Put(const MapSet& o) {
    w_.U8(kOpMapSet);
    Obj(o.obj);
    w_.String(o.key);
    Val(o.value);
    Preds(o.pred);
  }
  void Put(const MapDelete& o) {
    w_.U8(kOpMapDelete);
    Obj(o.obj);
    w_.String(o.key);
    Preds(o.pred);
  }
  void Put(const SeqInsert& o) {
    bool text = !o.text.empty();
    w_.U8((text ? kOpTextInsert : kOpListInsert) | (o.origin_left ? kFlagA : 0) |
          (o.origin_right ? kFlagB : 0));
    Obj(o.obj);
    if (o.origin_left) Rel(*o.origin_left);
    if (o.origin_right) Rel(*o.origin_right);
    if (text) {
      w_.String(o.text);
    } else {
      w_.Varint(o.values.size());
      for (const Value& v : o.values) Val(v);
    }
  }
  void Put(const SeqDelete& o) {
    w_.U8(kOpSeqDelete | (o.len != 1 ? kFlagA : 0));
    Obj(o.obj);
    Rel(o.target);
    if (o.len != 1) w_.Varint(o.len);
  }
  void Put(const DomainOp& o) {
    w_.U8(kOpDomain);
    w_.Varint(o.kind);
    w_.LengthPrefixed(o.payload);
  }

  const Change& c_;
  Out& w_;
  uint64_t n_;
};

}  // namespace

uint64_t OpWidth(const Op& op) {
  if (const auto* ins = std::get_if<SeqInsert>(&op)) {
    return ins->text.empty() ? ins->values.size() : CodePoints(ins->text);
  }
  return 1;
}

uint64_t Change::last_counter() const {
  uint64_t width = 0;
  for (const Op& op : ops) width += OpWidth(op);
  return start_counter + width - 1;
}

Bytes EncodeChange(const Change& change) {
  Out w(32 + 40 * (change.actors.size() - 1));
  Encoder(change, w).Run();
  return w.Take();
}

// ---------------------------------------------------------------- decoding

namespace {

class Decoder {
 public:
  Decoder(ByteView in, Change& c) : r_(in), c_(c) {}

  Status Run() {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t header, r_.Varint());
    uint64_t extra = header >> 1;
    if (extra >= kMaxChangeActors) return Status::Corruption("too many actors");
    MUTUAL_ASSIGN_OR_RETURN(c_.start_counter, r_.Varint());
    if (c_.start_counter == 0 || c_.start_counter >= kMaxCounter) {
      return Status::Corruption("start counter out of range");
    }
    MUTUAL_RETURN_IF_ERROR(Time(header & 1));
    if (extra * 32 > r_.remaining()) return Status::Corruption("actor table truncated");
    for (uint64_t i = 0; i < extra; ++i) {
      MUTUAL_ASSIGN_OR_RETURN(ActorId a, r_.Fixed<32>());
      for (const ActorId& seen : c_.actors) {
        if (seen == a) return Status::Corruption("duplicate actor entry");
      }
      c_.actors.push_back(a);
    }
    n_ = c_.actors.size();
    MUTUAL_RETURN_IF_ERROR(Deps());
    MUTUAL_ASSIGN_OR_RETURN(uint64_t nops, r_.VarintAtMost(kMaxChangeOps));
    if (nops > r_.remaining()) return Status::Corruption("op count exceeds input");
    c_.ops.reserve(nops);
    next_counter_ = c_.start_counter;
    for (uint64_t i = 0; i < nops; ++i) {
      MUTUAL_RETURN_IF_ERROR(OneOp());
      next_counter_ += OpWidth(c_.ops.back());
      if (next_counter_ > kMaxCounter) return Status::Corruption("counter overflow");
    }
    if (next_new_ != n_) return Status::Corruption("actor table entry never used");
    return r_.ExpectEnd();
  }

 private:
  Status Time(bool secs) {
    if (!secs) {
      MUTUAL_ASSIGN_OR_RETURN(c_.time_ms, r_.SignedVarint());
      if (c_.time_ms >= 0 && c_.time_ms % 1000 == 0 &&
          c_.time_ms / 1000 >= kTimeEpochSeconds) {
        return Status::Corruption("non-canonical time");
      }
      return Status::Ok();
    }
    constexpr uint64_t kMaxSecs =
        static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / 1000 - kTimeEpochSeconds);
    MUTUAL_ASSIGN_OR_RETURN(uint64_t s, r_.VarintAtMost(kMaxSecs));
    c_.time_ms = (static_cast<int64_t>(s) + kTimeEpochSeconds) * 1000;
    return Status::Ok();
  }

  // Actors other than the author must appear in table order on first use.
  Status UseActor(uint32_t a) {
    if (a < next_new_) return Status::Ok();
    if (a == next_new_) {
      ++next_new_;
      return Status::Ok();
    }
    return Status::Corruption("actor table not in first-use order");
  }

  Status Deps() {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t count, r_.Varint());
    if (count > r_.remaining() || count > n_) {
      return Status::Corruption("dep count out of range");
    }
    for (uint64_t i = 0; i < count; ++i) {
      MUTUAL_ASSIGN_OR_RETURN(uint64_t v, r_.Varint());
      Dep d;
      d.actor = static_cast<uint32_t>(v % n_);
      uint64_t value = v / n_;
      MUTUAL_RETURN_IF_ERROR(UseActor(d.actor));
      if (d.actor == 0) {
        if (value == 0 || value >= c_.seq) return Status::Corruption("bad own dep");
        d.seq = c_.seq - value;
      } else {
        if (value == 0 || value >= kMaxSeq) return Status::Corruption("dep seq out of range");
        d.seq = value;
      }
      if (!c_.deps.empty() && !(c_.actors[c_.deps.back().actor] < c_.actors[d.actor])) {
        return Status::Corruption("deps not sorted by author");
      }
      c_.deps.push_back(d);
    }
    return Status::Ok();
  }

  Result<OpId> Obj() {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t v, r_.Varint());
    OpId id{v / n_, static_cast<uint32_t>(v % n_)};
    if (id.counter >= next_counter_ || (id.counter == 0 && id.actor != 0)) {
      return Status::Corruption("object id out of range");
    }
    MUTUAL_RETURN_IF_ERROR(UseActor(id.actor));
    return id;
  }

  Result<OpId> Rel() {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t v, r_.Varint());
    int64_t delta = UnZigZag(v / n_);
    uint32_t actor = static_cast<uint32_t>(v % n_);
    // Bounding delta first keeps the subtraction from overflowing.
    if (delta >= static_cast<int64_t>(c_.start_counter) ||
        delta < -static_cast<int64_t>(kMaxCounter)) {
      return Status::Corruption("op id out of range");
    }
    int64_t counter = static_cast<int64_t>(c_.start_counter) - delta;
    if (static_cast<uint64_t>(counter) >= next_counter_) {
      return Status::Corruption("op id out of range");
    }
    MUTUAL_RETURN_IF_ERROR(UseActor(actor));
    return OpId{static_cast<uint64_t>(counter), actor};
  }

  Result<std::vector<OpId>> Preds() {
    MUTUAL_ASSIGN_OR_RETURN(uint64_t count, r_.Varint());
    if (count > r_.remaining()) return Status::Corruption("pred count exceeds input");
    std::vector<OpId> out;
    out.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      MUTUAL_ASSIGN_OR_RETURN(OpId p, Rel());
      out.push_back(p);
    }
    return out;
  }

  Result<Value> Val() {
    MUTUAL_ASSIGN_OR_RETURN(uint8_t tag, r_.U8());
    switch (tag) {
      case kValNull: return Value(Null{});
      case kValFalse: return Value(false);
      case kValTrue: return Value(true);
      case kValInt: {
        MUTUAL_ASSIGN_OR_RETURN(int64_t i, r_.SignedVarint());
        return Value(i);
      }
      case kValString: {
        MUTUAL_ASSIGN_OR_RETURN(std::string s, r_.Utf8String(kMaxStringBytes));
        return Value(std::move(s));
      }
      case kValBytes: {
        MUTUAL_ASSIGN_OR_RETURN(ByteView b, r_.LengthPrefixed(kMaxStringBytes));
        return Value(ToBytes(b));
      }
      case kValMakeMap: return Value(MakeObject{ObjType::kMap});
      case kValMakeList: return Value(MakeObject{ObjType::kList});
      case kValMakeText: return Value(MakeObject{ObjType::kText});
      default: return Status::Corruption("unknown value tag");
    }
  }

  Status OneOp() {
    MUTUAL_ASSIGN_OR_RETURN(uint8_t tag, r_.U8());
    uint8_t kind = tag & 0x07;
    uint8_t flags = tag & 0xf8;
    switch (kind) {
      case kOpMapSet:
      case kOpMapDelete: {
        if (flags != 0) return Status::Corruption("bad op flags");
        MUTUAL_ASSIGN_OR_RETURN(OpId obj, Obj());
        MUTUAL_ASSIGN_OR_RETURN(std::string key, r_.Utf8String(kMaxStringBytes));
        if (kind == kOpMapDelete) {
          MUTUAL_ASSIGN_OR_RETURN(auto pred, Preds());
          c_.ops.emplace_back(MapDelete{obj, std::move(key), std::move(pred)});
          return Status::Ok();
        }
        MUTUAL_ASSIGN_OR_RETURN(Value v, Val());
        MUTUAL_ASSIGN_OR_RETURN(auto pred, Preds());
        c_.ops.emplace_back(MapSet{obj, std::move(key), std::move(v), std::move(pred)});
        return Status::Ok();
      }
      case kOpTextInsert:
      case kOpListInsert: return Insert(kind == kOpTextInsert, flags);
      case kOpSeqDelete: {
        if ((flags & ~kFlagA) != 0) return Status::Corruption("bad op flags");
        SeqDelete d;
        MUTUAL_ASSIGN_OR_RETURN(d.obj, Obj());
        MUTUAL_ASSIGN_OR_RETURN(d.target, Rel());
        if (flags & kFlagA) {
          MUTUAL_ASSIGN_OR_RETURN(d.len, r_.VarintAtMost(kMaxCounter));
          if (d.len < 2) return Status::Corruption("non-canonical delete length");
        }
        c_.ops.emplace_back(d);
        return Status::Ok();
      }
      case kOpDomain: {
        if (flags != 0) return Status::Corruption("bad op flags");
        DomainOp d;
        MUTUAL_ASSIGN_OR_RETURN(uint64_t k, r_.VarintAtMost(UINT32_MAX));
        d.kind = static_cast<uint32_t>(k);
        MUTUAL_ASSIGN_OR_RETURN(ByteView p, r_.LengthPrefixed(kMaxStringBytes));
        d.payload = ToBytes(p);
        c_.ops.emplace_back(std::move(d));
        return Status::Ok();
      }
      default: return Status::Corruption("unknown op kind");
    }
  }

  Status Insert(bool text, uint8_t flags) {
    if ((flags & ~(kFlagA | kFlagB)) != 0) return Status::Corruption("bad op flags");
    SeqInsert ins;
    MUTUAL_ASSIGN_OR_RETURN(ins.obj, Obj());
    if (flags & kFlagA) {
      MUTUAL_ASSIGN_OR_RETURN(OpId l, Rel());
      ins.origin_left = l;
    }
    if (flags & kFlagB) {
      MUTUAL_ASSIGN_OR_RETURN(OpId r, Rel());
      ins.origin_right = r;
    }
    if (text) {
      MUTUAL_ASSIGN_OR_RETURN(ins.text, r_.Utf8String(kMaxStringBytes));
      if (ins.text.empty()) return Status::Corruption("empty text insert");
    } else {
      MUTUAL_ASSIGN_OR_RETURN(uint64_t count, r_.Varint());
      if (count == 0 || count > r_.remaining()) {
        return Status::Corruption("value count out of range");
      }
      ins.values.reserve(count);
      for (uint64_t i = 0; i < count; ++i) {
        MUTUAL_ASSIGN_OR_RETURN(Value v, Val());
        ins.values.push_back(std::move(v));
      }
    }
    c_.ops.emplace_back(std::move(ins));
    return Status::Ok();
  }

  ByteReader r_;
  Change& c_;
  uint64_t n_ = 1;
  uint32_t next_new_ = 1;  // the next actor index allowed on first use
  uint64_t next_counter_ = 0;  // counter of the op being decoded
};

}  // namespace

Result<Change> DecodeChange(ByteView plaintext, const ActorId& author, uint64_t seq) {
  if (seq == 0 || seq >= kMaxSeq) return Status::Corruption("seq out of range");
  Change c;
  c.actors.push_back(author);
  c.seq = seq;
  MUTUAL_RETURN_IF_ERROR(Decoder(plaintext, c).Run());
  return c;
}

}  // namespace mutual::crdt
