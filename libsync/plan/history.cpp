#include "libsync/plan/history.h"

#include <functional>
#include <map>
#include <queue>
#include <tuple>

#include "libsync/plan/history_internal.h"

namespace mutual::plan {
namespace {

std::string StatusName(crdt::ChangeStatus status) {
  switch (status) {
    case crdt::ChangeStatus::kApplied:
      return "applied";
    case crdt::ChangeStatus::kInvalid:
      return "invalid";
    case crdt::ChangeStatus::kVoid:
      return "void";
    default:
      return "unknown";  // not reached: only applied changes are listed
  }
}

// Kahn's topological sort over the applied changes, taking the smallest
// (time_ms, change id) among the ready ones: deterministic for a set of
// changes, whatever order they arrived in (Missing() lists them in arrival
// order, which differs between replicas).
std::vector<crdt::ChangeId> CausalOrder(const crdt::Document& doc) {
  const std::vector<crdt::ChangeId> ids = doc.Missing(crdt::VersionVector{});
  std::map<crdt::ChangeId, size_t> index;
  for (size_t i = 0; i < ids.size(); ++i) index[ids[i]] = i;
  std::vector<size_t> waiting(ids.size(), 0);
  std::vector<std::vector<size_t>> dependents(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    for (const crdt::ChangeId& dep : doc.DepsOf(ids[i])) {
      auto it = index.find(dep);
      if (it == index.end())
        continue;  // not reached: deps of applied changes are applied
      ++waiting[i];
      dependents[it->second].push_back(i);
    }
  }
  using Ready = std::tuple<int64_t, crdt::ChangeId, size_t>;
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  auto push = [&](size_t i) { ready.emplace(doc.GetChange(ids[i]).time_ms, ids[i], i); };
  for (size_t i = 0; i < ids.size(); ++i) {
    if (waiting[i] == 0) push(i);
  }
  std::vector<crdt::ChangeId> out;
  out.reserve(ids.size());
  while (!ready.empty()) {
    const size_t i = std::get<2>(ready.top());
    ready.pop();
    out.push_back(ids[i]);
    for (size_t d : dependents[i]) {
      if (--waiting[d] == 0) push(d);
    }
  }
  return out;
}

}  // namespace

std::string HistoryChangeId(const crdt::ChangeId& id) {
  return ToHex(ByteView(id.author.data(), 4)) + ":" + std::to_string(id.seq);
}

HistoryEntry HistoryEntryOf(const Plan& plan, const Membership& members,
                            const crdt::ChangeId& id) {
  const crdt::Document& doc = plan.document();
  const crdt::Change& change = doc.GetChange(id);
  const Member* member = members.OwnerOf(id.author);
  internal::ChangeSummary summary = internal::SummarizeChange(doc, members, change);
  HistoryEntry e;
  e.change_id = HistoryChangeId(id);
  e.member = member ? member->id : "";
  e.device = ToHex(ByteView(id.author.data(), 4));
  e.time_ms = change.time_ms;
  e.seq = id.seq;
  const crdt::ChangeStatus status = doc.StatusOf(id);
  e.status = StatusName(status);
  if (status != crdt::ChangeStatus::kApplied) e.reason = doc.ReasonOf(id);
  e.what = std::move(summary.what);
  e.item = std::move(summary.item);
  return e;
}

std::vector<HistoryEntry> History(const Plan& plan) {
  const Membership members = plan.members();
  std::vector<HistoryEntry> out;
  for (const crdt::ChangeId& id : CausalOrder(plan.document())) {
    out.push_back(HistoryEntryOf(plan, members, id));
  }
  return out;
}

}  // namespace mutual::plan
