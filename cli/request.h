// Turns a parsed command line into the ControlRequest the daemon receives
// (doc/control-api.md), checking the values the CLI can judge by itself:
// `--field NAME=TEXT` spelling, known kinds, templates and export formats,
// required options, file descriptor numbers.
//
// The passphrase (init, unlock) and the fields of an $EDITOR form (add and
// edit without --field) are filled in later by the caller (cli/app.h).
//
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "libsync/util/status.h"
#include "libsync/wire/control_codec.h"

namespace mutual::cli {

// `NAME=TEXT` values of --field, split at the first '='. InvalidArgument
// when a value has no '=', the name is empty, or a name repeats.
Result<std::map<std::string, std::string>> ParseFieldFlags(
    const std::vector<std::string>& values);

// The request for `inv`, all of it that comes from the command line.
// InvalidArgument (a usage error) on a bad value or a missing required
// option. REQUIRES: inv.spec != nullptr.
Result<wire::ControlRequest> BuildRequest(const Invocation& inv);

// True when `inv` is add or edit without --field: the fields come from an
// $EDITOR form. REQUIRES: inv.spec != nullptr.
bool NeedsEditorForm(const Invocation& inv);

// True when the command sends a passphrase: `unlock`, and `init` with
// --passphrase or --passphrase-fd.
bool NeedsPassphrase(const Invocation& inv);

// The --passphrase-fd number; nullopt when not given. InvalidArgument when
// it is not a non-negative decimal integer.
Result<std::optional<int>> PassphraseFd(const Invocation& inv);

}  // namespace mutual::cli
