// Builds the $EDITOR form (cli/editor_form.h) of `mutual add` and
// `mutual edit` from the plan's JSON (doc/plan-json.md), which the CLI
// fetches with a `show --json` request first: the section's default kind,
// the current members (per-member fields) and, for edit, the item's kind
// and current field values.
//
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>

#include "cli/editor_form.h"
#include "libsync/util/status.h"

namespace mutual::cli {

struct PlannedForm {
  Form form;
  std::string kind;  // the kind the form was built for
  std::string item;  // edit: the full id of the item; add: ""
};

// The form for a new item in `section` of kind `kind_flag` (--kind), or
// the section's default kind when `kind_flag` is empty. Every field is
// empty. NotFound when the plan has no such section; InvalidArgument for an
// unknown kind; Corruption when `plan_json` is not a mutual-plan document.
Result<PlannedForm> AddFormFromPlan(std::string_view plan_json,
                                    const std::string& section,
                                    const std::string& kind_flag);

// The form for item `item_prefix` (its full id or a unique prefix),
// prefilled with its current fields; a conflicted scalar is left empty with
// its values in the label. NotFound when no item matches, InvalidArgument
// when several do, Corruption as above.
Result<PlannedForm> EditFormFromPlan(std::string_view plan_json,
                                     const std::string& item_prefix);

}  // namespace mutual::cli
