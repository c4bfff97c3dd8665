// Logging what escaped a daemon coroutine: a bug, not input (bad input is
// a Status value). Pass as co_spawn's completion handler so no failure is
// swallowed silently (STYLE.md).
#pragma once

#include <cstdio>
#include <exception>

namespace mutual::daemon {

inline void LogTaskFailure(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "mutuald: a task failed: %s\n", ex.what());
  }
}

}  // namespace mutual::daemon
