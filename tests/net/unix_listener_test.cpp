#include "libsync/net/unix_listener.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace mutual::net {
namespace {

using testing::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

TEST_CASE("ListenerSocketIsPrivateAndAcceptsItsOwnUser") {
  TempDir dir;
  asio::io_context io;
  const std::string path = dir.File("control.sock");
  auto acceptor = ListenUnix(io, path);
  REQUIRE(acceptor.ok());
  CHECK(ModeOf(path) == 0600);
  UnixSocket client(io);
  client.connect(UnixEndpoint(path));
  UnixSocket served = acceptor->accept();
  CHECK(PeerIsSameUser(served));
}

TEST_CASE("StaleSocketFileIsReplaced") {
  TempDir dir;
  const std::string path = dir.File("control.sock");
  { std::ofstream(path) << "left over"; }
  asio::io_context io;
  auto acceptor = ListenUnix(io, path);
  REQUIRE(acceptor.ok());
  UnixSocket client(io);
  error_code ec;
  client.connect(UnixEndpoint(path), ec);
  CHECK_FALSE(ec);
}

TEST_CASE("MissingParentIsCreatedPrivate") {
  TempDir dir;
  const std::string parent = dir.File("run");
  asio::io_context io;
  REQUIRE(ListenUnix(io, parent + "/x.sock").ok());
  CHECK(ModeOf(parent) == 0700);
}

TEST_CASE("ParentWritableByOthersIsRefused") {
  TempDir dir;
  const std::string parent = dir.File("shared");
  REQUIRE(::mkdir(parent.c_str(), 0700) == 0);
  REQUIRE(::chmod(parent.c_str(), 0777) == 0);
  asio::io_context io;
  auto r = ListenUnix(io, parent + "/x.sock");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsPermissionDenied());
}

}  // namespace
}  // namespace mutual::net
