#include "libsync/store/home_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "libsync/store/file_util.h"

namespace mutual::store {
namespace {

std::string ReadHolderPid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
  std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

Result<HomeLock> HomeLock::Acquire(const std::string& home_dir) {
  if (::mkdir(home_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoStatus("cannot create home " + home_dir, errno);
  }
  const std::string path = home_dir + "/mutuald.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("cannot open " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = ReadHolderPid(fd);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::AlreadyExists("another mutuald" +
                                   (holder.empty() ? "" : " (pid " + holder + ")") +
                                   " is already running for home " + home_dir);
    }
    return ErrnoStatus("cannot lock " + path, err);
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot write " + path, err);
  }
  return HomeLock(fd);
}

HomeLock& HomeLock::operator=(HomeLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

HomeLock::~HomeLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace mutual::store
