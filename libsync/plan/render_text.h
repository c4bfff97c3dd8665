// Renders a PlanView as plain terminal text: sections in order, each item's
// state in plain words, conflicting values side by side ("Rae: 21:00 / Jun:
// 22:00") and the last agreed wording beside changed wording.
//
// Pure: returns a string, does no I/O.
// Thread-safety: stateless.
#pragma once

#include <string>

#include "libsync/plan/view.h"

namespace mutual::plan {

std::string RenderText(const PlanView& plan);

}  // namespace mutual::plan
