// Sequence's runs and blocks: splitting and merging runs, splitting
// blocks, and placing inserts by the YjsMod / FugueMax rule.
#include <algorithm>
#include <cassert>

#include "libsync/crdt/sequence.h"
#include "libsync/crdt/sequence_util.h"

namespace mutual::crdt {

uint64_t Sequence::ByteOffset(const Run& run, uint32_t k) const {
  if (run.bytes == run.len) return k;  // ASCII
  return Utf8Advance(std::string_view(text_).substr(run.content, run.bytes), k);
}

// Splits run r of block b before its element k (0 < k < len). Both halves
// stay in the block, so the id index is unchanged.
void Sequence::SplitRun(uint32_t b, uint32_t r, uint32_t k) {
  std::vector<Run>& runs = Blk(b).runs;
  Run& head = runs[r];
  assert(k > 0 && k < head.len);
  Run tail = head;
  tail.counter = head.counter + k;
  tail.len = head.len - k;
  tail.left_actor = head.actor;
  tail.left_counter = head.counter + k - 1;
  if (!head.deleted) {
    if (type_ == ObjType::kText) {
      const uint64_t off = ByteOffset(head, k);
      tail.content = head.content + off;
      tail.bytes = static_cast<uint32_t>(head.bytes - off);
      head.bytes = static_cast<uint32_t>(off);
    } else {
      tail.content = head.content + k;
    }
  }
  head.len = k;
  runs.insert(runs.begin() + r + 1, tail);
}

// True when `b`, directly after `a`, continues a's chain: one insert could
// have made both. Live runs also need adjacent content in the arena.
bool Sequence::Mergeable(const Run& a, const Run& b) const {
  if (!ChainContinues(a, b)) return false;
  if (a.deleted) return true;
  const uint64_t a_units = type_ == ObjType::kText ? a.bytes : a.len;
  return a.content + a_units == b.content;
}

void Sequence::MaybeSplitBlock(uint32_t b) {
  if (Blk(b).runs.size() <= kMaxRunsPerBlock) return;
  const uint32_t id = static_cast<uint32_t>(blocks_.size());
  Block fresh;
  {
    Block& blk = Blk(b);
    const size_t half = blk.runs.size() / 2;
    fresh.runs.assign(blk.runs.begin() + static_cast<ptrdiff_t>(half), blk.runs.end());
    blk.runs.resize(half);
    for (const Run& run : fresh.runs) fresh.visible += VisibleLen(run);
    blk.visible -= fresh.visible;
  }
  const uint32_t half = static_cast<uint32_t>(Blk(b).runs.size());
  blocks_.push_back(std::move(fresh));
  order_.insert(order_.begin() + b + 1, id);
  for (size_t i = b + 1; i < order_.size(); ++i) {
    blocks_[order_[i]].ord = static_cast<uint32_t>(i);
  }
  // Re-point the moved runs, coalescing chains so typing costs one move.
  const std::vector<Run>& moved = blocks_[id].runs;
  for (size_t i = 0; i < moved.size();) {
    const uint32_t actor = moved[i].actor;
    const uint64_t start = moved[i].counter;
    uint64_t end = start + moved[i].len;
    size_t j = i + 1;
    while (j < moved.size() && moved[j].actor == actor && moved[j].counter == end) {
      end += moved[j].len;
      ++j;
    }
    IndexMove(actor, start, end, id);
    i = j;
  }
  if (cursor_.valid) {
    if (cursor_.b > b) {
      ++cursor_.b;
    } else if (cursor_.b == b && cursor_.r >= half) {
      cursor_.b = b + 1;
      cursor_.r -= half;
      cursor_.block_start += Blk(b).visible;
    }
  }
}

// --- placement ---

// The YjsMod / FugueMax scan (see the header comment): starting right after
// `left`, walk the elements up to `right`, comparing each one's origins by
// position. Inside a run only the first element visited needs the full
// comparison: every later one has its predecessor as origin_left, which
// lies after `left`, so it is skipped.
Sequence::Loc Sequence::FindGap(std::optional<Loc> left, std::optional<Loc> right,
                                OpId first) const {
  const Loc rloc = right ? *right : End();
  Loc i = left ? NextElement(*left) : Begin();
  Loc dest = i;
  bool scanning = false;
  while (true) {
    if (!scanning) dest = i;
    if (IsEnd(i) || i == rloc) break;
    const Run& other = RunAt(i);
    std::optional<Loc> oleft;
    if (i.k > 0) {
      oleft = Loc{i.b, i.r, i.k - 1};
    } else if (other.left_actor != kNoActor) {
      oleft = Find(OpId{other.left_counter, other.left_actor});
    }
    // Absent origins sort before every element.
    const bool left_less = oleft ? (left && *oleft < *left) : left.has_value();
    const bool left_equal = oleft ? (left && *oleft == *left) : !left.has_value();
    if (left_less) break;
    if (left_equal) {
      Loc oright = End();
      if (other.right_actor != kNoActor) {
        oright = Find(OpId{other.right_counter, other.right_actor}).value_or(End());
      }
      if (oright < rloc) {
        scanning = true;
      } else if (oright == rloc) {
        const OpId oid = IdAt(i);
        const bool new_first = first.actor != oid.actor
                                   ? actors_->Less(first.actor, oid.actor)
                                   : first.counter < oid.counter;
        if (new_first) break;
        scanning = false;
      } else {
        scanning = false;
      }
    }
    if (rloc.b == i.b && rloc.r == i.r && rloc.k > i.k) {
      if (!scanning) dest = rloc;
      break;
    }
    i = NextRun(i);
  }
  return dest;
}

// Inserts `run` (origins set, content = arena offset) at `gap`: extends the
// run just before the gap when it continues that chain, else adds a run.
// Appends the content. Returns the run holding the new elements, with k =
// the offset of the first new element. The caller calls MaybeSplitBlock.
Sequence::Loc Sequence::Place(Loc gap, Run run, std::string_view utf8,
                              std::vector<Value>* values) {
  if (!run.deleted) {
    if (type_ == ObjType::kText) {
      run.content = text_.size();
      run.bytes = static_cast<uint32_t>(utf8.size());
    } else {
      run.content = values_.size();
    }
  }
  std::optional<Loc> prev;
  if (gap.k == 0 && !order_.empty()) {
    if (gap.r > 0) {
      prev = Loc{gap.b, gap.r - 1, 0};
    } else if (gap.b > 0) {
      prev = Loc{gap.b - 1, static_cast<uint32_t>(Blk(gap.b - 1).runs.size()) - 1, 0};
    }
  }
  Loc at;
  if (prev && Mergeable(RunAt(*prev), run)) {
    Run& p = Blk(prev->b).runs[prev->r];
    at = Loc{prev->b, prev->r, p.len};
    p.len += run.len;
    p.bytes += run.bytes;
  } else {
    if (order_.empty()) {
      blocks_.emplace_back();
      order_.push_back(0);
      at = Loc{};
    } else if (gap.k > 0) {
      SplitRun(gap.b, gap.r, gap.k);
      at = Loc{gap.b, gap.r + 1, 0};
    } else if (prev) {
      at = Loc{prev->b, prev->r + 1, 0};
    } else {
      at = Loc{};
    }
    std::vector<Run>& runs = Blk(at.b).runs;
    runs.insert(runs.begin() + at.r, run);
  }
  const uint64_t vis = VisibleLen(run);
  Blk(at.b).visible += vis;
  visible_ += vis;
  IndexAdd(run.actor, run.counter, run.counter + run.len, order_[at.b]);
  if (!run.deleted) {
    if (type_ == ObjType::kText) {
      text_.append(utf8);
    } else {
      std::move(values->begin(), values->end(), std::back_inserter(values_));
    }
  }
  return at;
}

}  // namespace mutual::crdt
