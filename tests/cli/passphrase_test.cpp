#include "cli/passphrase.h"

#include <unistd.h>

#include <catch2/catch.hpp>

namespace mutual::cli {
namespace {

// A pipe holding `input`, write end closed; returns the read end.
int PipeWith(const std::string& input) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], input.data(), input.size()) ==
          static_cast<ssize_t>(input.size()));
  ::close(fds[1]);
  return fds[0];
}

TEST_CASE("ReadPassphraseFromFd reads one line without the newline", "[passphrase]") {
  const int fd = PipeWith("correct horse\nsecond line\n");
  auto p = ReadPassphraseFromFd(fd);
  REQUIRE(p.ok());
  CHECK(*p == "correct horse");
  // Nothing past the newline was consumed.
  char rest[6] = {};
  CHECK(::read(fd, rest, 6) == 6);
  CHECK(std::string(rest, 6) == "second");
  ::close(fd);
}

TEST_CASE("ReadPassphraseFromFd accepts a last line without a newline", "[passphrase]") {
  const int fd = PipeWith("no newline");
  auto p = ReadPassphraseFromFd(fd);
  ::close(fd);
  REQUIRE(p.ok());
  CHECK(*p == "no newline");
}

TEST_CASE("ReadPassphraseFromFd refuses empty input", "[passphrase]") {
  const int empty = PipeWith("");
  CHECK(ReadPassphraseFromFd(empty).status().IsInvalidArgument());
  ::close(empty);
  const int blank = PipeWith("\n");
  CHECK_THAT(ReadPassphraseFromFd(blank).status().message(), Catch::Contains("empty"));
  ::close(blank);
}

TEST_CASE("ReadPassphraseFromFd refuses a passphrase over 1024 bytes", "[passphrase]") {
  const int ok = PipeWith(std::string(1024, 'a') + "\n");
  CHECK(ReadPassphraseFromFd(ok).ok());
  ::close(ok);
  const int fd = PipeWith(std::string(1025, 'a') + "\n");
  auto p = ReadPassphraseFromFd(fd);
  ::close(fd);
  REQUIRE(p.status().IsInvalidArgument());
  CHECK_THAT(p.status().message(), Catch::Contains("1024"));
}

TEST_CASE("ReadPassphraseFromFd reports a bad descriptor", "[passphrase]") {
  CHECK(ReadPassphraseFromFd(-1).status().IsIOError());
}

TEST_CASE("ReadPassphrase uses the descriptor when one is given", "[passphrase]") {
  const int fd = PipeWith("from fd\n");
  auto p = ReadPassphrase(fd, /*confirm=*/true);
  ::close(fd);
  REQUIRE(p.ok());
  CHECK(*p == "from fd");
}

}  // namespace
}  // namespace mutual::cli
