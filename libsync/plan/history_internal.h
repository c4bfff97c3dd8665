// Helpers of History (history.cpp): the people's-words summary of one
// change. Not an API.
//
// Thread-safety: pure functions over a Document the caller owns.
#pragma once

#include <string>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/plan/membership.h"

namespace mutual::plan::internal {

struct ChangeSummary {
  std::vector<std::string> what;  // one summary per distinct thing done
  std::string item;               // the first item touched; "" if none
};

// Summarises `change`, an applied change of `doc` (valid, invalid or void).
// `members` names members in the summaries (the plan's current fold, which
// keeps former members).
ChangeSummary SummarizeChange(const crdt::Document& doc, const Membership& members,
                              const crdt::Change& change);

}  // namespace mutual::plan::internal
