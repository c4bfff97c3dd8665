// Document causality: heads, causal-past clocks, HappenedBefore, Missing
// and StateAt.
#include <algorithm>

#include "libsync/crdt/doc_impl.h"

namespace mutual::crdt {

std::vector<uint64_t> Document::Impl::ClockOf(std::span<const ChangeRef> from) const {
  std::vector<uint64_t> clock(logs.size(), 0);
  std::vector<ChangeRef> stack(from.begin(), from.end());
  while (!stack.empty()) {
    ChangeRef r = stack.back();
    stack.pop_back();
    if (r.actor >= clock.size() || clock[r.actor] >= r.seq) continue;
    uint64_t old = clock[r.actor];
    clock[r.actor] = r.seq;
    // Covering seq s covers 1..s of that actor; visit each newly covered
    // change's deps once.
    for (uint64_t s = old + 1; s <= r.seq; ++s) {
      for (ChangeRef d : DepsOf({r.actor, s})) {
        if (d.actor != r.actor && (d.actor >= clock.size() || clock[d.actor] < d.seq)) {
          stack.push_back(d);
        }
      }
    }
  }
  return clock;
}

bool Document::Impl::DepsCoverHeads(std::span<const ChangeRef> deps) const {
  // Every head among the deps means the causal past is everything applied.
  for (ChangeRef h : heads) {
    if (std::find(deps.begin(), deps.end(), h) == deps.end()) return false;
  }
  return true;
}

void Document::Impl::SortRefs(std::vector<ChangeRef>& refs) const {
  std::sort(refs.begin(), refs.end(), [this](const ChangeRef& a, const ChangeRef& b) {
    if (a.actor != b.actor) return actors->Less(a.actor, b.actor);
    return a.seq < b.seq;
  });
}

std::vector<ChangeId> Document::Heads() const {
  std::vector<ChangeId> out;
  out.reserve(impl_->heads.size());
  for (ChangeRef h : impl_->heads) out.push_back(impl_->IdOf(h));
  return out;
}

bool Document::HappenedBefore(const ChangeId& a, const ChangeId& b) const {
  auto ra = impl_->RefOf(a);
  auto rb = impl_->RefOf(b);
  if (!ra || !rb) return false;
  std::vector<uint64_t> clock = impl_->ClockOf(impl_->DepsOf(*rb));
  return ra->actor < clock.size() && clock[ra->actor] >= ra->seq;
}

std::vector<ChangeId> Document::DepsOf(const ChangeId& id) const {
  std::vector<ChangeId> out;
  auto r = impl_->RefOf(id);
  if (!r) return out;
  for (ChangeRef d : impl_->DepsOf(*r)) out.push_back(impl_->IdOf(d));
  return out;
}

std::vector<ChangeId> Document::Missing(const VersionVector& have) const {
  const Impl& d = *impl_;
  std::vector<uint64_t> has(d.logs.size(), 0);
  for (ActorIndex a = 0; a < d.logs.size(); ++a) {
    if (!d.logs[a].empty()) has[a] = have.Get(d.actors->Key(a));
  }
  std::vector<ChangeId> out;
  // The application order is causal, so deps come first.
  for (ChangeRef r : d.order) {
    if (r.seq > has[r.actor]) out.push_back(d.IdOf(r));
  }
  return out;
}

Document Document::StateAt(const std::vector<ChangeId>& heads) const {
  const Impl& d = *impl_;
  std::vector<ChangeRef> from;
  for (const ChangeId& h : heads) {
    if (auto r = d.RefOf(h)) from.push_back(*r);
  }
  std::vector<uint64_t> clock = d.ClockOf(from);
  Document out(d.policy);
  Impl& o = *out.impl_;
  o.actors = d.actors;  // shared, append-only (see doc_impl.h)
  for (ChangeRef r : d.order) {
    if (r.seq > clock[r.actor]) continue;
    ChangeRec rec = *d.Rec(r);
    rec.is_void = false;
    o.Record(r, rec, d.Encoded(r), d.DepsOf(r));
    if (!rec.judged_valid) {
      auto it = d.reasons.find(r);
      if (it != d.reasons.end()) o.reasons[r] = it->second;
    } else if (auto it = d.notes.find(r); it != d.notes.end()) {
      o.notes[r] = it->second;
    }
  }
  o.Rebuild();
  o.RefreshVoid(out);
  return out;
}

}  // namespace mutual::crdt
