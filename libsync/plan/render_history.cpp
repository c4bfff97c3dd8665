#include "libsync/plan/render_history.h"

#include "libsync/plan/render_json_writer.h"
#include "libsync/plan/render_util.h"

namespace mutual::plan {
namespace {

// One change stays on one line: user text inside a summary may hold
// newlines or other control characters.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string Who(const HistoryEntry& e, const PlanView& plan) {
  if (e.member.empty()) return "unknown device " + e.device;
  return plan.DisplayName(e.member);
}

// The keys of one change in `mutual-log` (and `mutual-watch`).
void WriteChange(render::JsonWriter& w, const HistoryEntry& e) {
  w.Str("change", e.change_id);
  w.Str("member", e.member);
  w.Str("device", e.device);
  w.Int("seq", static_cast<int64_t>(e.seq));
  w.Int("time_ms", e.time_ms);
  w.StrOrNull("time", render::FormatIso(e.time_ms));
  w.Str("status", e.status);
  w.Str("reason", e.reason);
  w.Str("item", e.item);
  w.Strings("what", e.what);
}

void WriteWatchHeader(render::JsonWriter& w, std::string_view event,
                      std::string_view plan_id) {
  w.Str("format", "mutual-watch");
  w.Int("version", 1);
  w.Str("event", event);
  w.Str("plan", plan_id);
}

}  // namespace

std::string RenderHistoryLine(const HistoryEntry& e, const PlanView& plan) {
  std::string when = render::FormatUtc(e.time_ms);
  std::string line =
      (when.empty() ? "(unknown time)" : when) + "  " + Who(e, plan) + "  ";
  std::string what;
  for (const std::string& w : e.what) what += (what.empty() ? "" : "; ") + w;
  line += what.empty() ? "(nothing)" : what;
  if (e.status != "applied") {
    line += "  [" + e.status + (e.reason.empty() ? "" : ": " + e.reason) + "]";
  }
  return OneLine(line) + "\n";
}

std::string RenderHistoryText(const std::vector<HistoryEntry>& history,
                              const PlanView& plan) {
  if (history.empty()) return "(no changes yet)\n";
  std::string out;
  for (const HistoryEntry& e : history) out += RenderHistoryLine(e, plan);
  return out;
}

std::string RenderWatchStartJson(std::string_view plan_id, std::string_view title) {
  render::JsonWriter w(/*compact=*/true);
  w.BeginObject();
  WriteWatchHeader(w, "watching", plan_id);
  w.Str("title", title);
  w.EndObject();
  return w.Take();
}

std::string RenderForkLine(const ForkView& fork, const PlanView& plan, int64_t time_ms) {
  const std::string when = render::FormatUtc(time_ms);
  return OneLine((when.empty() ? "(unknown time)" : when) + "  " +
                 DescribeFork(fork, plan)) +
         "\n";
}

std::string RenderWatchForkJson(std::string_view plan_id, const ForkView& fork,
                                int64_t time_ms) {
  render::JsonWriter w(/*compact=*/true);
  w.BeginObject();
  WriteWatchHeader(w, "fork", plan_id);
  w.Str("device", fork.device);
  w.Str("member", fork.member);
  w.Int("seq", static_cast<int64_t>(fork.seq));
  w.Int("time_ms", time_ms);
  w.StrOrNull("time", render::FormatIso(time_ms));
  w.EndObject();
  return w.Take();
}

std::string RenderWatchChangeJson(std::string_view plan_id, const HistoryEntry& e) {
  render::JsonWriter w(/*compact=*/true);
  w.BeginObject();
  WriteWatchHeader(w, "change", plan_id);
  WriteChange(w, e);
  w.EndObject();
  return w.Take();
}

std::string RenderHistoryJson(const std::vector<HistoryEntry>& history) {
  render::JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-log");
  w.Int("version", 1);
  w.Key("changes");
  w.BeginArray();
  for (const HistoryEntry& e : history) {
    w.BeginObject();
    WriteChange(w, e);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace mutual::plan
