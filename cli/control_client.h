// The CLI's side of the control socket (DESIGN.md §8, doc/control-api.md):
// finds the home's daemon, starts it when none runs, sends one request and
// waits for its response.
//
// Starting the daemon: `mutuald --home HOME --ready-fd N` is spawned in its
// own session with a pipe as fd N; the daemon writes "ready\n" once its
// socket listens, or one line with its startup error (a locked-out home, a
// corrupted database, ...) and exits. That error becomes this call's
// Status, so the person sees why, not a connection failure.
//
// Thread-safety: free functions; blocking; no shared state.
#pragma once

#include <functional>
#include <string>

#include "libsync/util/status.h"
#include "libsync/wire/control_codec.h"

namespace mutual::cli {

struct ClientOptions {
  std::string home;  // absolute path of the device home
  // The mutuald to start. "" = the one beside this executable, else PATH.
  std::string daemon_path;
  bool start_daemon = true;  // false: Unavailable when no daemon runs
  int timeout_ms = 60000;    // for the whole round trip (Argon2id may be slow)
};

// Sends `request` (its id is set by Call) and returns the daemon's response,
// which may itself be an error response (ControlResponse::ToStatus()).
// Unavailable when no daemon runs and none could be started; the daemon's
// own message when it refused to start; IOError / InvalidArgument when the
// exchange broke or the response does not decode.
Result<wire::ControlResponse> Call(const ClientOptions& options,
                                   wire::ControlRequest request);

// Sends `request` (a watch) and hands each response of its stream to
// `on_response` until that returns false, the daemon closes the stream, or
// SIGINT/SIGTERM arrives: OK in all three cases. options.timeout_ms bounds
// only reaching (or starting) the daemon. Errors as Call.
Status Stream(const ClientOptions& options, wire::ControlRequest request,
              const std::function<bool(const wire::ControlResponse&)>& on_response);

}  // namespace mutual::cli
