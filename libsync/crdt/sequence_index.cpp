// Sequence's id index: per actor, sorted counter ranges naming the block
// (pool id) that holds them; Find scans that one block.
#include <algorithm>
#include <cassert>

#include "libsync/crdt/sequence.h"
#include "libsync/crdt/sequence_util.h"

namespace mutual::crdt {

std::optional<uint32_t> Sequence::IndexLookup(uint32_t actor, uint64_t counter) const {
  if (actor >= index_.size()) return std::nullopt;
  const std::vector<IndexEntry>& v = index_[actor];
  auto it = UpperBound(v, counter);
  if (it == v.begin()) return std::nullopt;
  --it;
  if (counter < it->end) return it->block;
  return std::nullopt;
}

bool Sequence::IndexOverlaps(uint32_t actor, uint64_t start, uint64_t end) const {
  if (actor >= index_.size()) return false;
  const std::vector<IndexEntry>& v = index_[actor];
  auto it = UpperBound(v, start);
  if (it != v.begin() && std::prev(it)->end > start) return true;
  return it != v.end() && it->start < end;
}

// REQUIRES: no id of [start, end) is indexed.
void Sequence::IndexAdd(uint32_t actor, uint64_t start, uint64_t end, uint32_t block) {
  if (actor >= index_.size()) index_.resize(actor + 1);
  std::vector<IndexEntry>& v = index_[actor];
  // Fast path: an actor's counters usually arrive in increasing order.
  if (v.empty() || v.back().end <= start) {
    if (!v.empty() && v.back().end == start && v.back().block == block) {
      v.back().end = end;
    } else {
      v.push_back(IndexEntry{start, end, block});
    }
    return;
  }
  auto it = UpperBound(v, start);
  if (it != v.begin()) {
    auto prev = std::prev(it);
    if (prev->end == start && prev->block == block) {
      prev->end = end;
      if (it != v.end() && it->start == end && it->block == block) {
        prev->end = it->end;
        v.erase(it);
      }
      return;
    }
  }
  if (it != v.end() && it->start == end && it->block == block) {
    it->start = start;
    return;
  }
  v.insert(it, IndexEntry{start, end, block});
}

// REQUIRES: every id of [start, end) is indexed.
void Sequence::IndexMove(uint32_t actor, uint64_t start, uint64_t end, uint32_t block) {
  std::vector<IndexEntry>& v = index_[actor];
  size_t i = static_cast<size_t>(UpperBound(v, start) - v.begin()) - 1;
  if (v[i].start < start) {
    IndexEntry head = v[i];
    head.end = start;
    v[i].start = start;
    v.insert(v.begin() + static_cast<ptrdiff_t>(i), head);
    ++i;
  }
  const size_t first = i;
  while (true) {
    if (v[i].end > end) {
      IndexEntry tail = v[i];
      tail.start = end;
      v[i].end = end;
      v[i].block = block;
      v.insert(v.begin() + static_cast<ptrdiff_t>(i) + 1, tail);
      break;
    }
    v[i].block = block;
    if (v[i].end == end) break;
    ++i;
  }
  // Coalesce the touched entries with their neighbours.
  const size_t lo = first > 0 ? first - 1 : 0;
  const size_t hi = std::min(i + 1, v.size() - 1);
  size_t w = lo;
  for (size_t j = lo + 1; j <= hi; ++j) {
    if (v[w].end == v[j].start && v[w].block == v[j].block) {
      v[w].end = v[j].end;
    } else {
      v[++w] = v[j];
    }
  }
  v.erase(v.begin() + static_cast<ptrdiff_t>(w) + 1,
          v.begin() + static_cast<ptrdiff_t>(hi) + 1);
}

std::optional<Sequence::Loc> Sequence::Find(OpId id) const {
  auto holds = [&id](const Run& run) {
    return run.actor == id.actor && id.counter >= run.counter &&
           id.counter - run.counter < run.len;
  };
  // Remote ops mostly name the element just placed or its neighbour: try
  // the last hit and the run after it before searching. A stale hint is
  // harmless: ids are unique, so a run holding the id is its place.
  if (find_hint_.b < order_.size()) {
    const std::vector<Run>& runs = Blk(find_hint_.b).runs;
    for (uint32_t r = find_hint_.r; r < runs.size() && r <= find_hint_.r + 1; ++r) {
      if (holds(runs[r])) {
        find_hint_.r = r;
        return Loc{find_hint_.b, r, static_cast<uint32_t>(id.counter - runs[r].counter)};
      }
    }
  }
  std::optional<uint32_t> block = IndexLookup(id.actor, id.counter);
  if (!block) return std::nullopt;
  const Block& blk = blocks_[*block];
  for (uint32_t r = 0; r < blk.runs.size(); ++r) {
    if (holds(blk.runs[r])) {
      find_hint_ = Loc{blk.ord, r, 0};
      return Loc{blk.ord, r, static_cast<uint32_t>(id.counter - blk.runs[r].counter)};
    }
  }
  assert(false && "id index points at a block without the id");
  return std::nullopt;
}

}  // namespace mutual::crdt
