// HomeLock: the one-daemon-per-home guarantee. An exclusive flock() on
// `<home>/mutuald.lock`, held for the daemon's lifetime, which also records
// the holder's pid for error messages. The kernel drops the lock when the
// process dies, however it dies, so a SIGKILLed daemon never leaves the
// home locked.
//
// Thread-safety: a value owned by one thread; movable, not copyable.
#pragma once

#include <string>

#include "libsync/util/status.h"

namespace mutual::store {

class HomeLock {
 public:
  // Creates the home directory (mode 0700) if missing and takes the lock.
  // AlreadyExists, naming the holder's pid, when another process holds it;
  // the errno-based status when the directory or file cannot be made.
  static Result<HomeLock> Acquire(const std::string& home_dir);

  HomeLock(HomeLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  HomeLock& operator=(HomeLock&& other) noexcept;
  HomeLock(const HomeLock&) = delete;
  HomeLock& operator=(const HomeLock&) = delete;
  ~HomeLock();

 private:
  explicit HomeLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace mutual::store
