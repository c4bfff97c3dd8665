#include "cli/export_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/cli/temp_dir.h"

namespace mutual::cli {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("WriteFileAtomically writes the bytes with mode 0600", "[export]") {
  TempDirectory tmp;
  const std::string& dir = tmp.path();
  const std::string path = dir + "/plan.md";
  REQUIRE(WriteFileAtomically(path, "# Plan\n").ok());
  CHECK(Slurp(path) == "# Plan\n");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(::access((path + ".tmp").c_str(), F_OK) != 0);
}

TEST_CASE("WriteFileAtomically replaces an existing file whole", "[export]") {
  TempDirectory tmp;
  const std::string& dir = tmp.path();
  const std::string path = dir + "/plan.json";
  { std::ofstream(path) << "old and much longer content"; }
  ::chmod(path.c_str(), 0644);
  REQUIRE(WriteFileAtomically(path, "{}").ok());
  CHECK(Slurp(path) == "{}");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("WriteFileAtomically fails cleanly in a missing directory", "[export]") {
  auto s = WriteFileAtomically("/nonexistent-dir/plan.md", "x");
  CHECK(s.IsIOError());
  CHECK_THAT(s.message(), Catch::Contains("plan.md.tmp"));
}

TEST_CASE("WriteFileAtomically keeps the old file when the rename fails", "[export]") {
  TempDirectory tmp;
  const std::string& dir = tmp.path();
  const std::string target = dir + "/out";
  REQUIRE(::mkdir(target.c_str(), 0700) == 0);
  REQUIRE(::mkdir((target + "/inside").c_str(), 0700) == 0);
  // Renaming a file over a non-empty directory fails.
  CHECK(WriteFileAtomically(target, "x").IsIOError());
  CHECK(::access((target + ".tmp").c_str(), F_OK) != 0);
  CHECK(::access((target + "/inside").c_str(), F_OK) == 0);
}

}  // namespace
}  // namespace mutual::cli
