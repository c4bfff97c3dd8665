// Sequence: navigation, local edits, remote ops and reads. The id index is
// in sequence_index.cpp, runs, blocks and YjsMod placement in
// sequence_runs.cpp, snapshots in sequence_state.cpp.
#include "libsync/crdt/sequence.h"

#include <algorithm>
#include <cassert>

#include "libsync/crdt/sequence_util.h"

namespace mutual::crdt {

Sequence::Sequence(ObjType type, const ActorTable* actors)
    : type_(type), actors_(actors) {}

size_t Sequence::size() const { return visible_; }

size_t Sequence::RunCount() const {
  size_t n = 0;
  for (const Block& b : blocks_) n += b.runs.size();
  return n;
}

// --- navigation ---

Sequence::Loc Sequence::NextRun(Loc l) const {
  if (l.r + 1 < Blk(l.b).runs.size()) return Loc{l.b, l.r + 1, 0};
  return l.b + 1 < order_.size() ? Loc{l.b + 1, 0, 0} : End();
}

Sequence::Loc Sequence::NextElement(Loc l) const {
  if (l.k + 1 < RunAt(l).len) return Loc{l.b, l.r, l.k + 1};
  return NextRun(l);
}

OpId Sequence::IdAt(Loc l) const {
  const Run& run = RunAt(l);
  return OpId{run.counter + l.k, run.actor};
}

// Starts from the cursor: an edit next to the previous one walks a run or
// two; a far one walks block totals, then one block's runs.
Sequence::VisLoc Sequence::LocateVisible(uint64_t pos) {
  assert(pos < visible_);
  Cursor c = cursor_.valid ? cursor_ : Cursor{true, 0, 0, 0, 0};
  uint32_t b = c.b;
  uint64_t bstart = c.block_start;
  uint32_t r = c.r;
  uint64_t rstart = c.run_start;
  if (pos < bstart || pos >= bstart + Blk(b).visible) {
    if (pos < bstart) {
      do {
        --b;
        bstart -= Blk(b).visible;
      } while (pos < bstart);
    } else {
      do {
        bstart += Blk(b).visible;
        ++b;
      } while (pos >= bstart + Blk(b).visible);
    }
    r = 0;
    rstart = bstart;
  }
  const std::vector<Run>& runs = Blk(b).runs;
  while (pos < rstart) {
    --r;
    rstart -= VisibleLen(runs[r]);
  }
  while (pos >= rstart + VisibleLen(runs[r])) {
    rstart += VisibleLen(runs[r]);
    ++r;
  }
  cursor_ = Cursor{true, b, r, bstart, rstart};
  return VisLoc{Loc{b, r, static_cast<uint32_t>(pos - rstart)}, bstart, rstart};
}

// --- local edits ---

InsertOrigins Sequence::LocalInsert(size_t pos, Run run, std::string_view utf8,
                                    std::vector<Value>* values) {
  assert(pos <= visible_);
  InsertOrigins origins;
  Loc gap = Begin();
  uint64_t block_start = 0;
  uint32_t left_block = 0;
  if (pos > 0) {
    const VisLoc v = LocateVisible(pos - 1);
    origins.left = IdAt(v.loc);
    gap = NextElement(v.loc);
    block_start = v.block_start;
    left_block = v.loc.b;
  }
  if (!IsEnd(gap)) origins.right = IdAt(gap);
  SetOrigins(run, origins.left, origins.right);
  const Loc at = Place(gap, run, utf8, values);
  // Place keeps the new elements in the block of their left neighbour.
  assert(at.b == left_block);
  (void)left_block;
  cursor_ = Cursor{true, at.b, at.r, block_start, pos - at.k};
  MaybeSplitBlock(at.b);
  return origins;
}

InsertOrigins Sequence::LocalInsertText(size_t pos, std::string_view utf8, OpId first) {
  assert(type_ == ObjType::kText && !utf8.empty());
  Run run;
  run.counter = first.counter;
  run.actor = first.actor;
  run.len = static_cast<uint32_t>(CountCodePoints(utf8));
  return LocalInsert(pos, run, utf8, nullptr);
}

InsertOrigins Sequence::LocalInsertValues(size_t pos, std::vector<Value> values,
                                          OpId first) {
  assert(type_ == ObjType::kList && !values.empty());
  Run run;
  run.counter = first.counter;
  run.actor = first.actor;
  run.len = static_cast<uint32_t>(values.size());
  return LocalInsert(pos, run, {}, &values);
}

// Deletes up to `max_len` elements of the live run at `at`, from at.k on,
// splitting the run as needed and merging the new tombstone with adjacent
// ones. Returns how many were deleted; *run_index gets the tombstone's index.
uint32_t Sequence::DeleteAt(Loc at, uint64_t max_len, uint32_t* run_index) {
  Block& blk = Blk(at.b);
  uint32_t r = at.r;
  if (at.k > 0) {
    SplitRun(at.b, r, at.k);
    ++r;
  }
  const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(blk.runs[r].len, max_len));
  if (n < blk.runs[r].len) SplitRun(at.b, r, n);
  Run& run = blk.runs[r];
  assert(!run.deleted);
  run.deleted = true;
  run.content = 0;
  run.bytes = 0;
  blk.visible -= n;
  visible_ -= n;
  if (r + 1 < blk.runs.size() && Mergeable(run, blk.runs[r + 1])) {
    run.len += blk.runs[r + 1].len;
    blk.runs.erase(blk.runs.begin() + r + 1);
  }
  if (r > 0 && Mergeable(blk.runs[r - 1], blk.runs[r])) {
    blk.runs[r - 1].len += blk.runs[r].len;
    blk.runs.erase(blk.runs.begin() + r);
    --r;
  }
  *run_index = r;
  return n;
}

std::vector<IdSpan> Sequence::LocalDelete(size_t pos, size_t len) {
  std::vector<IdSpan> out;
  if (len == 0) return out;
  assert(pos + len <= visible_);
  const VisLoc v = LocateVisible(pos);
  Loc at = v.loc;
  const uint32_t first_b = at.b;
  uint32_t last_b = at.b;
  std::optional<uint32_t> cursor_run;
  uint64_t remaining = len;
  while (remaining > 0 && !IsEnd(at)) {
    if (RunAt(at).deleted) {
      at = NextRun(at);
      continue;
    }
    const OpId id = IdAt(at);
    uint32_t ri = 0;
    const uint32_t n = DeleteAt(at, remaining, &ri);
    if (!out.empty() && out.back().start.actor == id.actor &&
        out.back().start.counter + out.back().len == id.counter) {
      out.back().len += n;
    } else {
      out.push_back(IdSpan{id, n});
    }
    remaining -= n;
    if (!cursor_run) cursor_run = ri;
    last_b = at.b;
    at = NextRun(Loc{at.b, ri, 0});
  }
  // The first tombstone starts at visible `pos`: a valid cursor.
  cursor_ = Cursor{true, first_b, *cursor_run, v.block_start, pos};
  if (last_b != first_b) MaybeSplitBlock(last_b);
  MaybeSplitBlock(first_b);
  return out;
}

// --- remote ops ---

Status Sequence::Integrate(std::optional<OpId> left, std::optional<OpId> right, Run run,
                           std::string_view utf8, std::vector<Value>* values) {
  if (run.len == 0) return Status::Corruption("sequence insert: empty");
  if (run.counter == 0 || run.counter > UINT64_MAX - run.len) {
    return Status::Corruption("sequence insert: counter out of range");
  }
  if (run.actor >= actors_->size() || (left && left->actor >= actors_->size()) ||
      (right && right->actor >= actors_->size())) {
    return Status::Corruption("sequence insert: unknown actor");
  }
  if (IndexOverlaps(run.actor, run.counter, run.counter + run.len)) {
    return Status::Corruption("sequence insert: id already present");
  }
  std::optional<Loc> lloc;
  std::optional<Loc> rloc;
  if (left) {
    lloc = Find(*left);
    if (!lloc) return Status::Corruption("sequence insert: unknown origin_left");
  }
  if (right) {
    rloc = Find(*right);
    if (!rloc) return Status::Corruption("sequence insert: unknown origin_right");
  }
  if (lloc && rloc && !(*lloc < *rloc)) {
    return Status::Corruption("sequence insert: origin_right not after origin_left");
  }
  SetOrigins(run, left, right);
  const Loc gap = FindGap(lloc, rloc, OpId{run.counter, run.actor});
  const Loc at = Place(gap, run, utf8, values);
  find_hint_ = at;
  cursor_.valid = false;
  MaybeSplitBlock(at.b);
  return Status::Ok();
}

Status Sequence::IntegrateText(std::optional<OpId> origin_left,
                               std::optional<OpId> origin_right, std::string_view utf8,
                               OpId first, bool tombstone) {
  if (type_ != ObjType::kText) return Status::Corruption("text insert into a list");
  if (utf8.size() > UINT32_MAX || !IsValidUtf8(utf8)) {
    return Status::Corruption("text insert: invalid UTF-8");
  }
  Run run;
  run.counter = first.counter;
  run.actor = first.actor;
  run.len = static_cast<uint32_t>(CountCodePoints(utf8));
  run.deleted = tombstone;
  return Integrate(origin_left, origin_right, run, utf8, nullptr);
}

Status Sequence::IntegrateValues(std::optional<OpId> origin_left,
                                 std::optional<OpId> origin_right,
                                 std::vector<Value> values, OpId first, bool tombstone) {
  if (type_ != ObjType::kList) return Status::Corruption("list insert into a text");
  if (values.size() > UINT32_MAX) return Status::Corruption("list insert: too long");
  Run run;
  run.counter = first.counter;
  run.actor = first.actor;
  run.len = static_cast<uint32_t>(values.size());
  run.deleted = tombstone;
  return Integrate(origin_left, origin_right, run, {}, &values);
}

void Sequence::Delete(IdSpan span) {
  const uint32_t actor = span.start.actor;
  if (span.len == 0 || actor >= index_.size()) return;
  cursor_.valid = false;
  uint64_t c = span.start.counter;
  const uint64_t end = span.len > UINT64_MAX - c ? UINT64_MAX : c + span.len;
  while (c < end) {
    // Skip to the next indexed id at or after c.
    const std::vector<IndexEntry>& v = index_[actor];
    auto it = UpperBound(v, c);
    if (it != v.begin() && std::prev(it)->end > c) --it;
    if (it == v.end() || it->start >= end) break;
    c = std::max(c, it->start);
    const Loc at = *Find(OpId{c, actor});
    const Run& run = RunAt(at);
    const uint64_t n = std::min<uint64_t>(run.len - at.k, end - c);
    if (!run.deleted) {
      uint32_t ri = 0;
      DeleteAt(at, n, &ri);
      MaybeSplitBlock(at.b);
    }
    c += n;
  }
}

// --- reads ---

std::string Sequence::Text() const {
  assert(type_ == ObjType::kText);
  std::string out;
  out.reserve(visible_);
  for (uint32_t b : order_) {
    for (const Run& run : blocks_[b].runs) {
      if (!run.deleted) out.append(text_, run.content, run.bytes);
    }
  }
  return out;
}

std::vector<std::pair<OpId, Value>> Sequence::Values() const {
  assert(type_ == ObjType::kList);
  std::vector<std::pair<OpId, Value>> out;
  out.reserve(visible_);
  for (uint32_t b : order_) {
    for (const Run& run : blocks_[b].runs) {
      if (run.deleted) continue;
      for (uint32_t k = 0; k < run.len; ++k) {
        out.emplace_back(OpId{run.counter + k, run.actor}, values_[run.content + k]);
      }
    }
  }
  return out;
}

std::optional<size_t> Sequence::PositionOf(OpId id) const {
  const std::optional<Loc> l = Find(id);
  if (!l || RunAt(*l).deleted) return std::nullopt;
  uint64_t pos = l->k;
  for (uint32_t b = 0; b < l->b; ++b) pos += Blk(b).visible;
  const std::vector<Run>& runs = Blk(l->b).runs;
  for (uint32_t r = 0; r < l->r; ++r) pos += VisibleLen(runs[r]);
  return pos;
}

bool Sequence::Contains(OpId id) const {
  return IndexLookup(id.actor, id.counter).has_value();
}

}  // namespace mutual::crdt
