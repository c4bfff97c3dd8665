#include "cli/editor.h"

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace mutual::cli {
namespace {

Status Errno(const std::string& what) {
  return Status::IOError(what + ": " + std::strerror(errno));
}

Status WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("writing the form");
    text.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Result<std::string> ReadAll(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Errno("reading the form back");
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IOError("reading the form back failed");
  return out;
}

// While the editor runs, Ctrl-C belongs to it: this process ignores SIGINT
// and SIGQUIT (as system(3) does) so it survives to delete the temp file.
// The child gets the default actions back.
class ScopedIgnoreInterrupts {
 public:
  ScopedIgnoreInterrupts() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int_);
    ::sigaction(SIGQUIT, &ignore, &old_quit_);
  }
  ~ScopedIgnoreInterrupts() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGQUIT, &old_quit_, nullptr);
  }
  ScopedIgnoreInterrupts(const ScopedIgnoreInterrupts&) = delete;
  ScopedIgnoreInterrupts& operator=(const ScopedIgnoreInterrupts&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_quit_ {};
};

// Starts `/bin/sh -c '<command> "$1"' mutual-editor <path>` with the
// default actions for SIGINT and SIGQUIT.
int Spawn(const std::string& command, const std::string& path, pid_t* pid) {
  const std::string script = command + " \"$1\"";
  std::vector<char*> argv = {
      const_cast<char*>("/bin/sh"),      const_cast<char*>("-c"),
      const_cast<char*>(script.c_str()), const_cast<char*>("mutual-editor"),
      const_cast<char*>(path.c_str()),   nullptr};
  posix_spawnattr_t attr;
  ::posix_spawnattr_init(&attr);
  sigset_t defaults;
  ::sigemptyset(&defaults);
  ::sigaddset(&defaults, SIGINT);
  ::sigaddset(&defaults, SIGQUIT);
  ::posix_spawnattr_setsigdefault(&attr, &defaults);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  const int rc = ::posix_spawn(pid, "/bin/sh", nullptr, &attr, argv.data(), environ);
  ::posix_spawnattr_destroy(&attr);
  return rc;
}

Status RunEditor(const std::string& command, const std::string& path) {
  ScopedIgnoreInterrupts ignore;
  pid_t pid = 0;
  if (const int rc = Spawn(command, path, &pid); rc != 0) {
    return Status::IOError(std::string("starting the editor: ") + std::strerror(rc));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Errno("waiting for the editor");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  return Status::FailedPrecondition("the editor (" + command +
                                    ") did not exit successfully; nothing was changed");
}

}  // namespace

std::string EditorCommand(const char* visual, const char* editor) {
  if (visual != nullptr && *visual != '\0') return visual;
  if (editor != nullptr && *editor != '\0') return editor;
  return "vi";
}

std::string TempDir(const char* tmpdir) {
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

Result<std::string> EditText(const std::string& command, const std::string& dir,
                             std::string_view text) {
  std::string path = dir + "/mutual-form-XXXXXX.txt";
  const mode_t old_mask = ::umask(077);
  const int fd = ::mkstemps(path.data(), 4);  // 0600 regardless of umask
  ::umask(old_mask);
  if (fd < 0) return Errno("creating a temporary file in " + dir);
  Status s = WriteAll(fd, text);
  if (::close(fd) != 0 && s.ok()) s = Errno("writing the form");
  if (s.ok()) s = RunEditor(command, path);
  Result<std::string> result = s.ok() ? ReadAll(path) : Result<std::string>(s);
  ::unlink(path.c_str());
  return result;
}

}  // namespace mutual::cli
