// Getting a passphrase for `init --passphrase` and `unlock`: from a file
// descriptor (scripts and tests) or typed on the terminal without echo.
//
// The passphrase is returned, never printed or logged. Buffers holding it
// are wiped before they are freed where this code owns them.
//
// Thread-safety: blocking; the terminal functions change the terminal's
// echo setting while they read, so only one may run at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsync/util/status.h"

namespace mutual::cli {

// Reads one line from `fd`, without its newline (a final line without one
// counts). The fd is not closed. IOError when reading fails;
// InvalidArgument when nothing was read, the line is empty or it is longer
// than the 1024-byte passphrase limit.
Result<std::string> ReadPassphraseFromFd(int fd);

// Asks on the controlling terminal (/dev/tty) with echo off; with `confirm`
// asks a second time and fails with InvalidArgument when the two differ.
// FailedPrecondition when there is no terminal (suggests --passphrase-fd).
Result<std::string> PromptPassphrase(bool confirm);

// --passphrase-fd when given (`fd`), else the terminal prompt.
Result<std::string> ReadPassphrase(std::optional<int> fd, bool confirm);

}  // namespace mutual::cli
