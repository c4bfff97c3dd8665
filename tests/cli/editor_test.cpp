#include "cli/editor.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/cli/temp_dir.h"

namespace mutual::cli {
namespace {

TEST_CASE("EditorCommand prefers VISUAL, then EDITOR, then vi", "[editor]") {
  CHECK(EditorCommand("code --wait", "nano") == "code --wait");
  CHECK(EditorCommand("", "nano") == "nano");
  CHECK(EditorCommand(nullptr, nullptr) == "vi");
  CHECK(TempDir(nullptr) == "/tmp");
  CHECK(TempDir("/var/tmp") == "/var/tmp");
}

TEST_CASE("EditText returns what the editor wrote and removes the file", "[editor]") {
  TempDirectory dir;
  auto r = EditText("sed -i -e s/empty/filled/", dir.path(), "[text]\nempty\n");
  REQUIRE(r.ok());
  CHECK(*r == "[text]\nfilled\n");
  CHECK(dir.EntryCount() == 0);
}

TEST_CASE("EditText gives the editor a private file", "[editor]") {
  TempDirectory dir;
  const std::string log = dir.path() + "/mode";
  auto r = EditText("stat -c %a >'" + log + "'", dir.path(), "x");
  REQUIRE(r.ok());
  CHECK(*r == "x");
  std::ifstream in(log);
  std::string mode;
  in >> mode;
  CHECK(mode == "600");
}

TEST_CASE("EditText fails and cleans up when the editor fails", "[editor]") {
  TempDirectory dir;
  auto r = EditText("false", dir.path(), "secret words");
  CHECK(r.status().IsFailedPrecondition());
  CHECK(dir.EntryCount() == 0);
}

TEST_CASE("EditText survives a Ctrl-C meant for the editor", "[editor]") {
  TempDirectory dir;
  // The shell signals its parent, this test process, as a terminal would.
  auto r = EditText("kill -INT $PPID; true", dir.path(), "kept");
  REQUIRE(r.ok());
  CHECK(*r == "kept");
  CHECK(dir.EntryCount() == 0);
}

TEST_CASE("EditText reports a temp directory it cannot use", "[editor]") {
  CHECK(EditText("true", "/nonexistent/dir", "x").status().IsIOError());
}

}  // namespace
}  // namespace mutual::cli
