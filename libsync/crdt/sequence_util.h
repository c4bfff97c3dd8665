// Private helpers of sequence.cpp and sequence_state.cpp: UTF-8 counting
// and the run predicates both files share. Templates over Sequence's private
// Run type so they need no friendship.
//
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "libsync/crdt/types.h"

namespace mutual::crdt {

// Runs per block before the block splits in two. Small enough that scanning
// a block for an id is cheap, large enough that the block list stays short.
inline constexpr size_t kMaxRunsPerBlock = 32;

// Origin actor meaning "no origin" (Sequence::kNoActor).
inline constexpr uint32_t kNoOriginActor = UINT32_MAX;

// Code points in valid UTF-8 (the bytes that are not continuation bytes),
// eight ASCII bytes at a time where possible.
inline uint64_t CountCodePoints(std::string_view s) {
  uint64_t n = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) break;
    n += 8;
  }
  for (; i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

// Byte offset of code point `k` in valid UTF-8 `s` (k <= code points).
inline uint64_t Utf8Advance(std::string_view s, uint64_t k) {
  size_t off = 0;
  for (uint64_t seen = 0; seen < k; ++seen) {
    ++off;
    while (off < s.size() && (static_cast<unsigned char>(s[off]) & 0xC0) == 0x80) ++off;
  }
  return off;
}

// First entry of a vector sorted by `start` whose start is > counter.
template <typename V>
auto UpperBound(V& v, uint64_t counter) {
  return std::upper_bound(v.begin(), v.end(), counter,
                          [](uint64_t c, const auto& e) { return c < e.start; });
}

template <typename Run>
uint64_t VisibleLen(const Run& run) {
  return run.deleted ? 0 : run.len;
}

// True when `b`, placed right after `a`, continues a's insertion chain: same
// actor, next counters, origin_left = a's last element, the same
// origin_right and deletion state. (Content adjacency is the caller's.)
template <typename Run>
bool ChainContinues(const Run& a, const Run& b) {
  return a.actor == b.actor && a.deleted == b.deleted && b.counter == a.counter + a.len &&
         b.left_actor == a.actor && b.left_counter + 1 == b.counter &&
         b.right_actor == a.right_actor && b.right_counter == a.right_counter &&
         uint64_t{a.len} + b.len <= UINT32_MAX;
}

template <typename Run>
void SetOrigins(Run& run, std::optional<OpId> left, std::optional<OpId> right) {
  run.left_actor = left ? left->actor : kNoOriginActor;
  run.left_counter = left ? left->counter : 0;
  run.right_actor = right ? right->actor : kNoOriginActor;
  run.right_counter = right ? right->counter : 0;
}

}  // namespace mutual::crdt
