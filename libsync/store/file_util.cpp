#include "libsync/store/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mutual::store {

Status ErrnoStatus(std::string_view context, int err) {
  std::string msg(context);
  msg += ": ";
  msg += std::strerror(err);
  if (err == EACCES || err == EPERM) return Status::PermissionDenied(msg);
  if (err == ENOENT) return Status::NotFound(msg);
  return Status::IOError(msg);
}

Result<size_t> ReadFully(int fd, uint8_t* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", errno);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

namespace {

Status SyncFd(int fd, const std::string& what) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return ErrnoStatus("fsync " + what, errno);
  }
  return Status::Ok();
}

Status WriteAll(int fd, ByteView data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t w = ::write(fd, data.data() + done, data.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", errno);
    }
    done += static_cast<size_t>(w);
  }
  return Status::Ok();
}

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + path, errno);
  Status st = SyncFd(fd, path);
  ::close(fd);
  return st;
}

Status SyncParentDir(const std::string& path) {
  std::string dir = ParentDir(path);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory " + dir, errno);
  Status st = SyncFd(fd, dir);
  ::close(fd);
  return st;
}

Status WriteFileAtomically(const std::string& path, ByteView contents, bool replace) {
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // created with mode 0600
  if (fd < 0) return ErrnoStatus("cannot create a file beside " + path, errno);
  Status st = WriteAll(fd, contents);
  if (st.ok()) st = SyncFd(fd, tmp);
  ::close(fd);
  if (st.ok()) {
    if (replace) {
      if (::rename(tmp.c_str(), path.c_str()) != 0) {
        st = ErrnoStatus("cannot move " + tmp + " to " + path, errno);
      }
    } else if (::link(tmp.c_str(), path.c_str()) != 0) {
      st = errno == EEXIST
               ? Status::AlreadyExists(path + " already exists; not overwritten")
               : ErrnoStatus("cannot create " + path, errno);
    }
  }
  if (!(replace && st.ok())) ::unlink(tmp.c_str());
  if (st.ok()) st = SyncParentDir(path);
  return st;
}

}  // namespace mutual::store
