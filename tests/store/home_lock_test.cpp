#include "libsync/store/home_lock.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace mutual::store {
namespace {

using ::mutual::testing::TempDir;

TEST_CASE("HomeLockCreatesTheHomePrivately") {
  TempDir dir;
  const std::string home = dir.File("home");
  auto lock = HomeLock::Acquire(home);
  REQUIRE(lock.ok());
  struct stat st {};
  REQUIRE(::stat(home.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}

// flock() locks belong to open file descriptions, so a second Acquire in
// this process conflicts exactly as another daemon would.
TEST_CASE("SecondLockOnAHomeNamesTheHolder") {
  TempDir dir;
  auto first = HomeLock::Acquire(dir.path());
  REQUIRE(first.ok());
  auto second = HomeLock::Acquire(dir.path());
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().IsAlreadyExists());
  CHECK(second.status().message().find("pid " + std::to_string(::getpid())) !=
        std::string::npos);
}

TEST_CASE("LockIsFreeAgainOnceReleased") {
  TempDir dir;
  { REQUIRE(HomeLock::Acquire(dir.path()).ok()); }
  CHECK(HomeLock::Acquire(dir.path()).ok());
}

TEST_CASE("LockOfAKilledProcessIsReleased") {
  TempDir dir;
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto lock = HomeLock::Acquire(dir.path());
    char c = lock.ok() ? '1' : '0';
    (void)!::write(ready[1], &c, 1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  REQUIRE(c == '1');
  CHECK(HomeLock::Acquire(dir.path()).status().IsAlreadyExists());
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  CHECK(HomeLock::Acquire(dir.path()).ok());
  ::close(ready[0]);
  ::close(ready[1]);
}

}  // namespace
}  // namespace mutual::store
