// Device: `mutual watch` — each change a plan takes (made here or received
// from a peer) and each new fork, rendered as one line for every watcher
// of that plan, in the words of `mutual log` (plan/render_history.h).
// Watchers are sinks the control server owns; their queues are bounded
// there (control_server.h), so a slow watcher never holds the device up.
#include "daemon/device.h"
#include "libsync/plan/history.h"
#include "libsync/plan/render_history.h"

namespace mutual::daemon {
namespace {

// The plan title on one line: it is the person's own text.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return s;
}

bool Judged(const crdt::Document& doc, const crdt::ChangeId& id) {
  const crdt::ChangeStatus s = doc.StatusOf(id);
  return s == crdt::ChangeStatus::kApplied || s == crdt::ChangeStatus::kInvalid ||
         s == crdt::ChangeStatus::kVoid;
}

}  // namespace

Result<Device::WatchStart> Device::AddWatcher(const wire::ControlRequest& r,
                                              WatchSink sink) {
  MUTUAL_RETURN_IF_ERROR(RequireReady());
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  const std::string id = PlanIdString(p->id());
  const std::string title = p->plan().Title();
  WatchStart start;
  start.json = r.format == "json";
  start.first_line = start.json
                         ? plan::RenderWatchStartJson(id, title)
                         : "watching \"" + OneLine(title) + "\" (" + id.substr(0, 8) +
                               "); changes appear here as they arrive\n";
  start.id = next_watcher_++;
  watchers_.emplace(start.id, Watcher{id, start.json, std::move(sink)});
  return start;
}

void Device::OnPlanEvent(const crypto::DocId& doc, const sync::StoredPlan::Event& event) {
  const std::string id = PlanIdString(doc);
  std::vector<uint64_t> targets;
  bool want_text = false, want_json = false;
  for (const auto& [wid, w] : watchers_) {
    if (w.plan_id != id) continue;
    targets.push_back(wid);
    (w.json ? want_json : want_text) = true;
  }
  const sync::StoredPlan* p = FindPlan(doc);
  if (targets.empty() || p == nullptr) return;
  const plan::Plan& shown = p->plan();
  const plan::Membership members = shown.members();
  const plan::PlanView names = shown.MembersView();
  std::string text, json;
  for (const crdt::ChangeId& change : event.applied) {
    // A fork rebuild may have taken a change back out again.
    if (!Judged(shown.document(), change)) continue;
    const plan::HistoryEntry e = plan::HistoryEntryOf(shown, members, change);
    if (want_text) text += plan::RenderHistoryLine(e, names);
    if (want_json) json += plan::RenderWatchChangeJson(id, e);
  }
  if (event.forked) {
    const plan::Member* m = members.OwnerOf(*event.forked);
    const plan::ForkView fork{ToHex(ByteView(event.forked->data(), 4)), m ? m->id : "",
                              event.fork_seq};
    if (want_text) text += plan::RenderForkLine(fork, names, Now());
    if (want_json) json += plan::RenderWatchForkJson(id, fork, Now());
  }
  for (uint64_t wid : targets) {
    // A sink may end its own watch (or another's) while we deliver.
    auto it = watchers_.find(wid);
    if (it == watchers_.end()) continue;
    const std::string& lines = it->second.json ? json : text;
    if (lines.empty()) continue;
    const WatchSink sink = it->second.sink;  // survives the watch ending inside it
    sink(lines);
  }
}

}  // namespace mutual::daemon
