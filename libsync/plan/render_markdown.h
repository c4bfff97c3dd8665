// Renders a PlanView as Markdown (CommonMark). Everything people wrote is
// escaped, so a field can neither inject markup nor raw HTML.
//
// Pure: returns a string, does no I/O.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "libsync/plan/view.h"

namespace mutual::plan {

std::string RenderMarkdown(const PlanView& plan);

}  // namespace mutual::plan
