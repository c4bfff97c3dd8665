#include "libsync/store/home.h"

#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::ReadFile;
using testing::RequireSodium;
using testing::TempDir;

const PwhashParams kCheap = PwhashParams::Cheapest();

TEST_CASE("CreatedHomeReopensWithItsKeyFile") {
  RequireSodium();
  TempDir dir;
  HomePaths paths = HomePaths::In(dir.path());
  REQUIRE(!HomeHasDatabase(paths));
  REQUIRE(HomeKeyKind(paths).status().IsNotFound());
  {
    auto store = CreateHome(paths, std::nullopt, kCheap);
    REQUIRE(store.ok());
    REQUIRE(store->AddDoc(DocId{7}, "plan").ok());
  }
  REQUIRE(dir.Entries() == std::vector<std::string>{"mutual.db", "storage.key"});
  REQUIRE(*HomeKeyKind(paths) == KeyFileKind::kPlain);
  auto store = OpenHome(paths, std::nullopt);
  REQUIRE(store.ok());
  REQUIRE(*store->DocTitle(DocId{7}) == "plan");
}

TEST_CASE("CreateHomeRefusesAnExistingDatabase") {
  RequireSodium();
  TempDir dir;
  HomePaths paths = HomePaths::In(dir.path());
  { REQUIRE(CreateHome(paths, std::nullopt, kCheap).ok()); }
  Bytes key_before = ReadFile(paths.key_file);
  REQUIRE(CreateHome(paths, std::nullopt, kCheap).status().IsAlreadyExists());
  REQUIRE(ReadFile(paths.key_file) == key_before);
}

TEST_CASE("PassphraseHomeOpensOnlyWithThePassphrase") {
  RequireSodium();
  TempDir dir;
  HomePaths paths = HomePaths::In(dir.path());
  { REQUIRE(CreateHome(paths, "hunter22", kCheap).ok()); }
  REQUIRE(*HomeKeyKind(paths) == KeyFileKind::kPassphrase);
  REQUIRE(OpenHome(paths, std::nullopt).status().IsFailedPrecondition());
  REQUIRE(OpenHome(paths, "wrong").status().IsPermissionDenied());
  REQUIRE(OpenHome(paths, "hunter22").ok());
}

TEST_CASE("MissingKeyFileIsAClearErrorAndNoNewKeyIsMade") {
  RequireSodium();
  TempDir dir;
  HomePaths paths = HomePaths::In(dir.path());
  { REQUIRE(CreateHome(paths, std::nullopt, kCheap).ok()); }
  REQUIRE(::unlink(paths.key_file.c_str()) == 0);
  auto store = OpenHome(paths, std::nullopt);
  REQUIRE(store.status().IsFailedPrecondition());
  REQUIRE(store.status().message().find("missing") != std::string::npos);
  REQUIRE(dir.Entries() == std::vector<std::string>{"mutual.db"});
}

TEST_CASE("KeyFileLeftByAnInterruptedCreateIsReused") {
  RequireSodium();
  TempDir dir;
  HomePaths paths = HomePaths::In(dir.path());
  StorageKey key = StorageKey::Generate();
  REQUIRE(CreateKeyFile(paths.key_file, key, std::nullopt, kCheap).ok());
  { REQUIRE(CreateHome(paths, std::nullopt, kCheap).ok()); }
  REQUIRE(ReadKeyFile(paths.key_file, std::nullopt)->bytes() == key.bytes());
  REQUIRE(Store::Open(paths.database, key).ok());
}

TEST_CASE("OpenHomeWithoutADatabaseIsNotFound") {
  RequireSodium();
  TempDir dir;
  REQUIRE(OpenHome(HomePaths::In(dir.path()), std::nullopt).status().IsNotFound());
  REQUIRE(dir.Entries().empty());
}

}  // namespace
}  // namespace mutual::store
