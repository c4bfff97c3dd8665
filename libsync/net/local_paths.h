// Where a device home lives and where its daemon's control socket is
// (DESIGN.md §7–§8). Shared by `mutual` and `mutuald` so both derive the
// same paths from the same inputs; the environment is passed in.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "libsync/util/status.h"

namespace mutual::net {

// The environment variables that matter, as read by the caller.
struct PathEnv {
  std::optional<std::string> mutual_home;      // MUTUAL_HOME
  std::optional<std::string> xdg_data_home;    // XDG_DATA_HOME
  std::optional<std::string> home;             // HOME
  std::optional<std::string> xdg_runtime_dir;  // XDG_RUNTIME_DIR
  uint32_t uid = 0;                            // for the /tmp fallback

  // Reads the process environment (getenv, geteuid).
  static PathEnv FromProcess();
};

// The home directory: `flag` (--home) when given, else MUTUAL_HOME, else
// $XDG_DATA_HOME/mutual, else $HOME/.local/share/mutual. Relative paths are
// made absolute against `cwd`. InvalidArgument when nothing yields a path.
Result<std::string> ResolveHome(const std::optional<std::string>& flag,
                                const PathEnv& env, const std::string& cwd);

// Unix socket paths are limited to 107 bytes (sun_path).
inline constexpr size_t kMaxSocketPath = 107;

// `<home>/control.sock` when it fits; otherwise
// `<runtime>/mutual-<16 hex of BLAKE2b(home)>.sock`, where runtime is
// $XDG_RUNTIME_DIR or, without it, /tmp/mutual-<uid> (which the daemon
// creates with mode 0700 and checks it owns). REQUIRES: home is absolute.
std::string ControlSocketPath(const std::string& home, const PathEnv& env);

}  // namespace mutual::net
