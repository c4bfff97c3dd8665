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

}  // namespace mutual::plan
