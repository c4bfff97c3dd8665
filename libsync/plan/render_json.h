// Renders a PlanView as JSON with a stable schema, specified in
// doc/plan-json.md (format "mutual-plan", version 1). Output is UTF-8;
// invalid UTF-8 in the view is replaced by U+FFFD so the output always parses.
//
// Pure: returns a string, does no I/O.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "libsync/plan/view.h"

namespace mutual::plan {

std::string RenderJson(const PlanView& plan);

}  // namespace mutual::plan
