// Crash durability: a child process writes through the Store and is killed
// with SIGKILL (no destructors, no clean close, no checkpoint); the parent
// then reopens the files.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "libsync/store/store.h"
#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::EnvelopeChain;
using testing::RandomFixed;
using testing::RequireSodium;
using testing::TempDir;

enum class ChildStep { kCommitThenWait, kWriteUncommittedThenWait };

// Forks a child that opens the store, stores `e` (committed or not), tells
// the parent over a pipe, and waits to be killed. Returns once the child is
// dead by SIGKILL.
void RunChildAndKillIt(const std::string& path, const StorageKey& key,
                       const StoredEnvelope& e, ChildStep step) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    auto store = Store::Open(path, key);
    if (!store.ok()) ::_exit(10);
    std::optional<Transaction> txn;
    if (step == ChildStep::kWriteUncommittedThenWait) {
      auto begun = store->Begin();
      if (!begun.ok()) ::_exit(11);
      txn.emplace(std::move(*begun));
    }
    if (!store->PutEnvelope(e).ok()) ::_exit(12);
    char ready = 'r';
    if (::write(fds[1], &ready, 1) != 1) ::_exit(13);
    for (;;) ::pause();  // killed here
  }
  ::close(fds[1]);
  char ready = 0;
  ssize_t n = ::read(fds[0], &ready, 1);
  ::close(fds[0]);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(n == 1);  // else the child failed before writing (see its exit code)
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
}

TEST_CASE("CommittedWriteSurvivesSigkillOfTheWriter") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("mutual.db");
  StorageKey key = StorageKey::Generate();
  DocId doc = RandomFixed<16>();
  {
    auto store = Store::Open(path, key);
    REQUIRE(store.ok());
    REQUIRE(store->AddDoc(doc, "plan").ok());
  }
  EnvelopeChain chain(doc);
  StoredEnvelope e = chain.Next("a local change");
  RunChildAndKillIt(path, key, e, ChildStep::kCommitThenWait);
  // The commit lives in the WAL, which nobody checkpointed.
  struct stat st;
  REQUIRE(::stat((path + "-wal").c_str(), &st) == 0);
  REQUIRE(st.st_size > 0);
  auto store = Store::Open(path, key);
  REQUIRE(store.ok());
  auto got = store->GetEnvelope(doc, chain.author(), 1);
  REQUIRE(got.ok());
  REQUIRE(*got == e);
}

TEST_CASE("UncommittedWriteVanishesCleanlyAfterSigkill") {
  RequireSodium();
  TempDir dir;
  std::string path = dir.File("mutual.db");
  StorageKey key = StorageKey::Generate();
  DocId doc = RandomFixed<16>();
  EnvelopeChain chain(doc);
  StoredEnvelope first = chain.Next("committed");
  {
    auto store = Store::Open(path, key);
    REQUIRE(store.ok());
    REQUIRE(store->AddDoc(doc, "plan").ok());
    REQUIRE(store->PutEnvelope(first).ok());
  }
  StoredEnvelope second = chain.Next("never committed");
  RunChildAndKillIt(path, key, second, ChildStep::kWriteUncommittedThenWait);
  auto store = Store::Open(path, key);
  REQUIRE(store.ok());
  REQUIRE(*store->GetEnvelope(doc, chain.author(), 1) == first);
  REQUIRE(store->GetEnvelope(doc, chain.author(), 2).status().IsNotFound());
  // And the store is writable again: the dead writer's lock is gone.
  REQUIRE(store->PutEnvelope(second).ok());
}

}  // namespace
}  // namespace mutual::store
