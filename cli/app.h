// The `mutual` program as a function: parse the command line, fill in what
// comes from the person (passphrase, $EDITOR form), send the request, print
// the answer, and return the exit code (cli/output.h).
//
// Everything that touches the outside world beyond the two output streams
// and `export -o` files is injected, so tests drive the whole flow with a
// fake daemon, editor and passphrase source; main.cpp passes the real ones.
//
// Thread-safety: one run at a time per AppDeps.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "libsync/util/status.h"
#include "libsync/wire/control_codec.h"

namespace mutual::cli {

struct AppDeps {
  std::ostream* out = nullptr;  // results
  std::ostream* err = nullptr;  // errors and hints
  // Sends one request to the daemon of the home named by --home (nullopt:
  // the default home). Unavailable when no daemon could be reached.
  std::function<Result<wire::ControlResponse>(const std::optional<std::string>& home,
                                              wire::ControlRequest request)>
      call;
  // `watch`: sends `request` and hands each response of its stream to
  // `on_response` until that returns false, the daemon ends the stream, or
  // the person interrupts (SIGINT, SIGTERM): OK then. Unavailable when no
  // daemon could be reached; IOError when the connection broke.
  using OnResponse = std::function<bool(const wire::ControlResponse&)>;
  std::function<Status(const std::optional<std::string>& home,
                       wire::ControlRequest request, const OnResponse& on_response)>
      stream;
  // Lets the person edit `text` and returns the edited text.
  std::function<Result<std::string>(const std::string& text)> edit;
  // Returns the passphrase from --passphrase-fd `fd` or a prompt (asked
  // twice when `confirm`).
  std::function<Result<std::string>(std::optional<int> fd, bool confirm)> passphrase;
};

// Runs one command. `args` excludes the program name.
// REQUIRES: every member of `deps` is set.
int RunCli(const std::vector<std::string>& args, const AppDeps& deps);

}  // namespace mutual::cli
