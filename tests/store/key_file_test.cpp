#include "libsync/store/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "libsync/util/leb128.h"
#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::ReadFile;
using testing::RequireSodium;
using testing::TempDir;
using testing::WriteFile;

const PwhashParams kCheap = PwhashParams::Cheapest();

TEST_CASE("PlainKeyFileRoundTripsWithMode0600") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  StorageKey key = StorageKey::Generate();
  REQUIRE(CreateKeyFile(path, key, std::nullopt, kCheap).ok());
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  REQUIRE((st.st_mode & 0777) == 0600);
  auto read = ReadKeyFile(path, std::nullopt);
  REQUIRE(read.ok());
  REQUIRE(read->bytes() == key.bytes());
  REQUIRE(*KeyFileKindOf(ReadFile(path)) == KeyFileKind::kPlain);
  REQUIRE(dir.Entries() == std::vector<std::string>{"storage.key"});
}

TEST_CASE("KeyFileReadableByGroupOrOthersIsRefused") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  REQUIRE(CreateKeyFile(path, StorageKey::Generate(), std::nullopt, kCheap).ok());
  for (mode_t mode : {0640, 0604, 0660, 0620}) {
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    auto read = ReadKeyFile(path, std::nullopt);
    INFO(mode);
    REQUIRE(read.status().IsPermissionDenied());
    REQUIRE(read.status().message().find("chmod 600") != std::string::npos);
  }
  REQUIRE(::chmod(path.c_str(), 0400) == 0);
  REQUIRE(ReadKeyFile(path, std::nullopt).ok());
}

TEST_CASE("MissingKeyFileIsNotFound") {
  RequireSodium();
  TempDir dir;
  REQUIRE(ReadKeyFile(dir.File("storage.key"), std::nullopt).status().IsNotFound());
}

TEST_CASE("SymlinkedKeyFileIsRefused") {
  RequireSodium();
  TempDir dir;
  std::string real = dir.File("real.key");
  std::string link = dir.File("storage.key");
  REQUIRE(CreateKeyFile(real, StorageKey::Generate(), std::nullopt, kCheap).ok());
  REQUIRE(::symlink(real.c_str(), link.c_str()) == 0);
  REQUIRE(ReadKeyFile(link, std::nullopt).status().IsFailedPrecondition());
}

TEST_CASE("CreateKeyFileNeverOverwritesAnExistingFile") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  StorageKey first = StorageKey::Generate();
  REQUIRE(CreateKeyFile(path, first, std::nullopt, kCheap).ok());
  Bytes before = ReadFile(path);
  Status again = CreateKeyFile(path, StorageKey::Generate(), std::nullopt, kCheap);
  REQUIRE(again.IsAlreadyExists());
  REQUIRE(ReadFile(path) == before);
  REQUIRE(dir.Entries() == std::vector<std::string>{"storage.key"});
}

TEST_CASE("PassphraseKeyFileOpensOnlyWithTheRightPassphrase") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  StorageKey key = StorageKey::Generate();
  REQUIRE(CreateKeyFile(path, key, "correct horse", kCheap).ok());
  Bytes file = ReadFile(path);
  REQUIRE(!testing::Contains(file, key.bytes()));
  REQUIRE(*KeyFileKindOf(file) == KeyFileKind::kPassphrase);

  auto wrong = ReadKeyFile(path, "wrong horse");
  REQUIRE(wrong.status().IsPermissionDenied());
  REQUIRE(wrong.status().message().find("wrong passphrase") != std::string::npos);

  auto none = ReadKeyFile(path, std::nullopt);
  REQUIRE(none.status().IsFailedPrecondition());
  REQUIRE(none.status().message().find("passphrase") != std::string::npos);

  auto right = ReadKeyFile(path, "correct horse");
  REQUIRE(right.ok());
  REQUIRE(right->bytes() == key.bytes());
}

TEST_CASE("PassphraseGivenForAPlainKeyFileIsRefused") {
  RequireSodium();
  auto bytes = EncodeKeyFile(StorageKey::Generate(), std::nullopt, kCheap);
  REQUIRE(bytes.ok());
  REQUIRE(DecodeKeyFile(*bytes, "something").status().IsFailedPrecondition());
}

TEST_CASE("EmptyPassphraseAndOutOfBoundsParametersAreRejected") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  REQUIRE(EncodeKeyFile(key, "", kCheap).status().IsInvalidArgument());
  REQUIRE(EncodeKeyFile(key, "pw", PwhashParams{0, kCheap.memlimit})
              .status()
              .IsInvalidArgument());
  REQUIRE(EncodeKeyFile(key, "pw", PwhashParams{1, 1024}).status().IsInvalidArgument());
  REQUIRE(EncodeKeyFile(key, "pw", PwhashParams{kMaxOpslimit + 1, kCheap.memlimit})
              .status()
              .IsInvalidArgument());
}

TEST_CASE("StoredParametersAreUsedWhenReading") {
  RequireSodium();
  StorageKey key = StorageKey::Generate();
  PwhashParams params{2, 16 * 1024};
  auto bytes = EncodeKeyFile(key, "pw", params);
  REQUIRE(bytes.ok());
  // magic(18) ‖ version ‖ kind ‖ opslimit ‖ memlimit ...
  ByteReader r(*bytes);
  REQUIRE(r.Raw(20).ok());
  REQUIRE(*r.Varint() == 2);
  REQUIRE(*r.Varint() == 16 * 1024);
  auto read = DecodeKeyFile(*bytes, "pw");
  REQUIRE(read.ok());
  REQUIRE(read->bytes() == key.bytes());
}

TEST_CASE("ReplaceKeyFileSwitchesToAPassphraseAtomically") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  StorageKey key = StorageKey::Generate();
  REQUIRE(CreateKeyFile(path, key, std::nullopt, kCheap).ok());
  REQUIRE(ReplaceKeyFile(path, key, "new pass", kCheap).ok());
  REQUIRE(ReadKeyFile(path, std::nullopt).status().IsFailedPrecondition());
  auto read = ReadKeyFile(path, "new pass");
  REQUIRE(read.ok());
  REQUIRE(read->bytes() == key.bytes());
  REQUIRE(dir.Entries() == std::vector<std::string>{"storage.key"});
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  REQUIRE((st.st_mode & 0777) == 0600);
}

TEST_CASE("EveryTruncationOfAKeyFileIsCorruption") {
  RequireSodium();
  for (std::optional<std::string_view> pass :
       {std::optional<std::string_view>(), std::optional<std::string_view>("pw")}) {
    auto bytes = EncodeKeyFile(StorageKey::Generate(), pass, kCheap);
    REQUIRE(bytes.ok());
    for (size_t n = 0; n < bytes->size(); ++n) {
      Bytes cut(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(n));
      INFO(n);
      REQUIRE(DecodeKeyFile(cut, pass).status().IsCorruption());
    }
    Bytes longer = *bytes;
    longer.push_back(0);
    REQUIRE(DecodeKeyFile(longer, pass).status().IsCorruption());
  }
}

TEST_CASE("HostileKeyFileHeadersAreCorruption") {
  RequireSodium();
  auto good = EncodeKeyFile(StorageKey::Generate(), "pw", kCheap);
  REQUIRE(good.ok());
  Bytes bad_magic = *good;
  bad_magic[0] ^= 0x20;
  REQUIRE(DecodeKeyFile(bad_magic, "pw").status().IsCorruption());
  Bytes bad_version = *good;
  bad_version[18] = 2;
  REQUIRE(DecodeKeyFile(bad_version, "pw").status().IsCorruption());
  Bytes bad_kind = *good;
  bad_kind[19] = 7;
  REQUIRE(DecodeKeyFile(bad_kind, "pw").status().IsCorruption());
  REQUIRE(DecodeKeyFile(Bytes(5000, 0x41), "pw").status().IsCorruption());

  // A file asking for absurd Argon2id work is refused before any is done.
  ByteWriter w;
  w.Raw(AsBytes("mutual-storage-key"));
  w.U8(1);
  w.U8(1);
  w.Varint(1000000);
  w.Varint(uint64_t{1} << 40);
  w.Raw(Bytes(16 + 24 + 48, 0));
  auto hostile = DecodeKeyFile(w.bytes(), "pw");
  REQUIRE(hostile.status().IsCorruption());
  REQUIRE(hostile.status().message().find("out of bounds") != std::string::npos);
}

TEST_CASE("ModifiedPassphraseKeyFileIsDetected") {
  RequireSodium();
  auto good = EncodeKeyFile(StorageKey::Generate(), "pw", kCheap);
  REQUIRE(good.ok());
  // Every byte after the kind: parameters, salt, nonce, wrapped key.
  for (size_t i = 20; i < good->size(); ++i) {
    Bytes tampered = *good;
    tampered[i] ^= 0x01;
    Status st = DecodeKeyFile(tampered, "pw").status();
    INFO(i);
    REQUIRE(!st.ok());
    REQUIRE((st.IsPermissionDenied() || st.IsCorruption()));
  }
}

TEST_CASE("HostileKeyFileOnDiskIsCorruptionNotACrash") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("storage.key");
  WriteFile(path, AsBytes("not a key file at all"));
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  auto read = ReadKeyFile(path, std::nullopt);
  REQUIRE(read.status().IsCorruption());
  REQUIRE(read.status().message().find(path) != std::string::npos);
}

}  // namespace
}  // namespace mutual::store

namespace mutual::store {
namespace {

TEST_CASE("RandomlyMutatedKeyFilesGiveOnlyExpectedErrors") {
  RequireSodium();
  for (std::optional<std::string_view> pass :
       {std::optional<std::string_view>(), std::optional<std::string_view>("pw")}) {
    auto good = EncodeKeyFile(StorageKey::Generate(), pass, PwhashParams::Cheapest());
    REQUIRE(good.ok());
    for (int round = 0; round < 500; ++round) {
      Bytes mutated = *good;
      int edits = 1 + static_cast<int>(randombytes_uniform(3));
      for (int i = 0; i < edits; ++i) {
        uint32_t pos = randombytes_uniform(static_cast<uint32_t>(mutated.size()));
        switch (randombytes_uniform(3)) {
          case 0:
            mutated[pos] = static_cast<uint8_t>(randombytes_uniform(256));
            break;
          case 1:
            mutated.erase(mutated.begin() + pos);
            break;
          default:
            mutated.insert(mutated.begin() + pos,
                           static_cast<uint8_t>(randombytes_uniform(256)));
        }
        if (mutated.empty()) break;
      }
      Status st = DecodeKeyFile(mutated, pass).status();
      // A changed byte inside a plain key is simply another key.
      bool expected = st.ok() || st.IsCorruption() || st.IsPermissionDenied() ||
                      st.IsFailedPrecondition();
      INFO(st.ToString());
      REQUIRE(expected);
    }
  }
}

}  // namespace
}  // namespace mutual::store
