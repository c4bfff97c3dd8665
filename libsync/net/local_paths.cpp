#include "libsync/net/local_paths.h"

#include <unistd.h>

#include <cstdlib>

#include "libsync/crypto/hash.h"
#include "libsync/util/bytes.h"

namespace mutual::net {
namespace {

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

std::string Absolute(const std::string& path, const std::string& cwd) {
  if (!path.empty() && path[0] == '/') return path;
  return cwd + (cwd.ends_with('/') ? "" : "/") + path;
}

// Drops trailing slashes (but keeps "/"), so "a/" and "a" name one home
// and one socket.
std::string Trimmed(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

PathEnv PathEnv::FromProcess() {
  PathEnv env;
  env.mutual_home = Env("MUTUAL_HOME");
  env.xdg_data_home = Env("XDG_DATA_HOME");
  env.home = Env("HOME");
  env.xdg_runtime_dir = Env("XDG_RUNTIME_DIR");
  env.uid = static_cast<uint32_t>(geteuid());
  return env;
}

Result<std::string> ResolveHome(const std::optional<std::string>& flag,
                                const PathEnv& env, const std::string& cwd) {
  std::string home;
  if (flag) {
    if (flag->empty()) return Status::InvalidArgument("--home needs a directory");
    home = *flag;
  } else if (env.mutual_home) {
    home = *env.mutual_home;
  } else if (env.xdg_data_home) {
    home = *env.xdg_data_home + "/mutual";
  } else if (env.home) {
    home = *env.home + "/.local/share/mutual";
  } else {
    return Status::InvalidArgument(
        "no home directory: pass --home DIR or set MUTUAL_HOME (HOME is not set)");
  }
  return Trimmed(Absolute(home, cwd));
}

std::string ControlSocketPath(const std::string& home, const PathEnv& env) {
  std::string direct = home + "/control.sock";
  if (direct.size() <= kMaxSocketPath) return direct;
  crypto::Hash32 h = crypto::Blake2b256(AsBytes(home));
  std::string name = "mutual-" + ToHex(ByteView(h.data(), 8)) + ".sock";
  std::string runtime = env.xdg_runtime_dir ? Trimmed(*env.xdg_runtime_dir)
                                            : "/tmp/mutual-" + std::to_string(env.uid);
  return runtime + "/" + name;
}

}  // namespace mutual::net
