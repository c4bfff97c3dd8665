// Renders a PlanView as one self-contained printable HTML page (inline CSS with
// print rules, no scripts or external resources). Everything people wrote is
// HTML-escaped.
//
// Pure: returns a string, does no I/O.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "libsync/plan/view.h"

namespace mutual::plan {

std::string RenderHtml(const PlanView& plan);

}  // namespace mutual::plan
