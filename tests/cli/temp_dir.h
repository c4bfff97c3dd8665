// A fresh empty directory under /tmp for one test, removed with everything
// in it when the test ends.
#pragma once

#include <dirent.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

namespace mutual::cli {

class TempDirectory {
 public:
  TempDirectory() {
    char tmpl[] = "/tmp/mutual-cli-test-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~TempDirectory() {
    const int rc = std::system(("rm -rf '" + path_ + "'").c_str());
    (void)rc;
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::string& path() const { return path_; }

  // Entries other than . and .. (and other dot files).
  size_t EntryCount() const {
    size_t n = 0;
    DIR* d = ::opendir(path_.c_str());
    if (d == nullptr) return 0;
    while (dirent* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
    return n;
  }

 private:
  std::string path_;
};

}  // namespace mutual::cli
