// Renders a plan's history (history.h) for `mutual log`: plain text, one
// line per change, and the `mutual-log` JSON (doc/cli-json.md).
//
// Pure: returns a string, does no I/O.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "libsync/plan/history.h"
#include "libsync/plan/view.h"

namespace mutual::plan {

// One line per change, oldest first:
//   2025-02-18 21:30 UTC  Rae  agreed to item 3f2a9c1d
//   2025-02-18 21:40 UTC  Jun  edited item 3f2a9c1d (we_will)  [invalid: <reason>]
// Members by their display name in `plan` ("unknown device a1b2c3d4" when
// the signing device belongs to no member); several summaries joined by
// "; "; control characters in quoted user text shown as spaces.
std::string RenderHistoryText(const std::vector<HistoryEntry>& history,
                              const PlanView& plan);

// {"format": "mutual-log", "version": 1, "changes": [...]}, indented like
// the plan JSON; the same history always renders to the same bytes.
std::string RenderHistoryJson(const std::vector<HistoryEntry>& history);

// `mutual watch`: the line RenderHistoryText prints for `e` (with its
// newline). Only `plan.members` is used, so a view without sections will do.
std::string RenderHistoryLine(const HistoryEntry& e, const PlanView& plan);

// `mutual watch --json` (doc/cli-json.md, `mutual-watch`): one compact JSON
// object and a newline. The first line of a watch says it started:
//   {"format":"mutual-watch","version":1,"event":"watching","plan":ID,"title":T}
// then one line per change, with the keys of a `mutual-log` change:
//   {"format":"mutual-watch","version":1,"event":"change","plan":ID,"change":...}
std::string RenderWatchStartJson(std::string_view plan_id, std::string_view title);
std::string RenderWatchChangeJson(std::string_view plan_id, const HistoryEntry& e);
// A new fork (DescribeFork), seen at `time_ms` (this device's clock):
//   text:  "<time>  <DescribeFork>\n"
//   JSON:
//   {..."event":"fork","plan":ID,"device":D,"member":M,"seq":N,"time_ms":T,"time":...}
std::string RenderForkLine(const ForkView& fork, const PlanView& plan, int64_t time_ms);
std::string RenderWatchForkJson(std::string_view plan_id, const ForkView& fork,
                                int64_t time_ms);

}  // namespace mutual::plan
