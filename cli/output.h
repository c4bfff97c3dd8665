// What the `mutual` CLI prints: plans and status (text for people, JSON per
// doc/cli-json.md), error reports, the confirmation after a mutation, and
// the exit code of each outcome.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libsync/util/status.h"
#include "libsync/wire/control_codec.h"

namespace mutual::cli {

// The process exit codes (doc/cli-json.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,       // the command failed (daemon error or local failure)
  kExitUsage = 2,        // bad command line, found by the CLI
  kExitUnavailable = 3,  // no daemon reachable and none could be started
};

// "not-found", "invalid-argument", ... as in mutual-error JSON.
// REQUIRES: code != kOk.
std::string_view ErrorCodeName(Status::Code code);

// `{"format":"mutual-error","version":1,"code":...,"message":...}` plus a
// newline. REQUIRES: !s.ok().
std::string FormatErrorJson(const Status& s);

// "mutual: <message>\n". REQUIRES: !s.ok().
std::string FormatErrorText(const Status& s);

std::string FormatPlansText(const std::vector<wire::PlanSummary>& plans);
// `{"format":"mutual-plans","version":1,"plans":[{"id","title","members"}]}`.
std::string FormatPlansJson(const std::vector<wire::PlanSummary>& plans);

std::string FormatStatusText(const wire::DaemonStatus& s);
// `{"format":"mutual-status","version":1, ...the DaemonStatus fields}`.
std::string FormatStatusJson(const wire::DaemonStatus& s);

// One line confirming a Done response to `request`, e.g. "added item r5\n".
// Uses the id the daemon returned when there is one, else the id given.
std::string Confirmation(const wire::ControlRequest& request,
                         const wire::ControlResponse& response);

}  // namespace mutual::cli
