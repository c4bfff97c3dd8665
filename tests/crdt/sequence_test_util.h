// Shared helpers for the sequence tests (sequence_*_test.cpp): an actor
// table interned out of key order, recorded inserts that replay on another
// replica, and snapshot encode/decode with identity actor slots.
#pragma once

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libsync/crdt/sequence.h"

namespace mutual::crdt::seqtest {

inline ActorId Key(uint8_t fill) {
  ActorId k{};
  k.fill(fill);
  return k;
}

// Interned out of key order, so a tie-break by local index would differ
// from one by key.
struct Actors {
  ActorTable table;
  ActorIndex a = table.Intern(Key(0x30));
  ActorIndex b = table.Intern(Key(0x10));
  ActorIndex c = table.Intern(Key(0x20));
  ActorIndex d = table.Intern(Key(0x05));
};

// A recorded insert, replayable on another replica.
struct InsertOp {
  std::optional<OpId> left;
  std::optional<OpId> right;
  std::string text;
  OpId first;
};

inline InsertOp LocalText(Sequence& s, size_t pos, const std::string& text, OpId first) {
  InsertOrigins o = s.LocalInsertText(pos, text, first);
  return InsertOp{o.left, o.right, text, first};
}

inline void Apply(Sequence& s, const InsertOp& op) {
  REQUIRE(s.IntegrateText(op.left, op.right, op.text, op.first).ok());
}

// Types `word` one code point at a time at `pos` (forwards), recording ops.
inline std::vector<InsertOp> TypeForwards(Sequence& s, size_t pos, const std::string& word,
                                   ActorIndex actor, uint64_t counter) {
  std::vector<InsertOp> ops;
  for (size_t i = 0; i < word.size(); ++i) {
    ops.push_back(LocalText(s, pos + i, word.substr(i, 1), OpId{counter + i, actor}));
  }
  return ops;
}

// Types `word` last letter first, always at `pos`.
inline std::vector<InsertOp> TypeBackwards(Sequence& s, size_t pos, const std::string& word,
                                    ActorIndex actor, uint64_t counter) {
  std::vector<InsertOp> ops;
  for (size_t i = 0; i < word.size(); ++i) {
    const size_t j = word.size() - 1 - i;
    ops.push_back(LocalText(s, pos, word.substr(j, 1), OpId{counter + i, actor}));
  }
  return ops;
}

inline Bytes Encode(const Sequence& s, const ActorTable& table) {
  std::vector<uint32_t> identity(table.size());
  for (uint32_t i = 0; i < identity.size(); ++i) identity[i] = i;
  ByteWriter w;
  s.EncodeState(w, identity);
  return w.Take();
}

inline Result<Sequence> Decode(ObjType type, ByteView bytes, const ActorTable& table,
                        size_t* consumed = nullptr) {
  std::vector<ActorIndex> identity(table.size());
  for (uint32_t i = 0; i < identity.size(); ++i) identity[i] = i;
  ByteReader r(bytes);
  auto result = Sequence::DecodeState(type, r, identity, &table);
  if (consumed) *consumed = r.position();
  return result;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}


}  // namespace mutual::crdt::seqtest
