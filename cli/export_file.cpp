#include "cli/export_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mutual::cli {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + ": " + std::strerror(errno));
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteAndSync(int fd, std::string_view bytes, const std::string& tmp) {
  if (::fchmod(fd, 0600) != 0) return Errno("setting the mode of", tmp);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("writing", tmp);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) return Errno("syncing", tmp);
  return Status::Ok();
}

// Best effort: some file systems refuse fsync on a directory.
void SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  if (path.empty()) return Status::InvalidArgument("the output file name is empty");
  const std::string tmp = path + ".tmp";
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Errno("creating", tmp);
  Status s = WriteAndSync(fd, bytes, tmp);
  if (::close(fd) != 0 && s.ok()) s = Errno("closing", tmp);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) s = Errno("renaming", tmp);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  SyncDir(DirOf(path));
  return Status::Ok();
}

}  // namespace mutual::cli
