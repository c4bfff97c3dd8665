// Writing `mutual export -o FILE` so that a crash never leaves half a file:
// the bytes go to FILE.tmp in the same directory (mode 0600: an exported
// plan is as sensitive as the plan), are fsynced, then renamed over FILE,
// and the directory is fsynced so the rename itself is durable.
//
// Thread-safety: one writer per path at a time.
#pragma once

#include <string>
#include <string_view>

#include "libsync/util/status.h"

namespace mutual::cli {

// On success FILE holds exactly `bytes` with mode 0600. On failure FILE is
// unchanged and FILE.tmp removed; IOError names the step that failed.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace mutual::cli
