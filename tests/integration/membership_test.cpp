// Membership between real devices on loopback: a third member joins only
// once every member approved, and existing agreements wait for them; a
// member who leaves cannot read what the others write afterwards (the plan
// key is rotated).
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "libsync/crypto/envelope.h"
#include "libsync/crypto/sodium.h"
#include "libsync/store/home.h"
#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

std::string CodeFrom(Spawned& invite) { return PairingCodeFrom(invite); }

json Show(const Home& h) { return ShowJson(h); }

size_t CurrentMembers(const json& plan) {
  size_t n = 0;
  for (const json& m : plan["members"]) n += m["former"].get<bool>() ? 0 : 1;
  return n;
}

std::string Address(const Home& h) { return "127.0.0.1:" + std::to_string(h.PeerPort()); }

// A started, initialised device on a loopback port.
void Start(Home& h, const std::string& name) {
  h.StartDaemon({"--listen", "127.0.0.1:0"});
  h.MustMutual({"init", "--name", name});
}

// Alex's plan with Sam paired in, synced on both.
void PairAlexAndSam(Home& alex, Home& sam) {
  Start(alex, "Alex");
  Start(sam, "Sam");
  alex.MustMutual({"new", "Alex & Sam"});
  auto invite = alex.Spawn({"invite"});
  sam.MustMutual({"join", CodeFrom(*invite), "--peer", Address(alex)});
  REQUIRE(invite->Wait().exit_code == 0);
  REQUIRE(WaitUntil([&] { return CurrentMembers(Show(sam)) == 2; }));
}

TEST_CASE("AThirdMemberJoinsOnlyOnceEveryMemberApproved") {
  Home alex, sam, jo;
  PairAlexAndSam(alex, sam);
  Start(jo, "Jo");
  const std::string item = LastWord(
      alex.MustMutual({"add", "bottom-lines", "--field", "text=No shouting."}));
  REQUIRE(WaitUntil([&] { return !ItemById(Show(sam), item).is_null(); }));
  alex.MustMutual({"agree", item});
  sam.MustMutual({"agree", item});
  REQUIRE(WaitUntil([&] { return ItemById(Show(alex), item)["state"] == "agreed"; }));

  // Without a name there is nobody for Sam to approve.
  RunResult nameless = alex.Mutual({"invite"});
  CHECK(nameless.exit_code == 1);
  CHECK(nameless.err.find("--name") != std::string::npos);

  auto invite = alex.Spawn({"invite", "--name", "Jo"});
  const std::string code = CodeFrom(*invite);
  std::string line;
  for (int i = 0; i < 4 && line.find("approve") == std::string::npos; ++i) {
    line = invite->ReadLine();
  }
  CHECK(line.find("the code works once Sam approved adding Jo") != std::string::npos);
  // Before Sam approved, the code opens nothing (and is not used up).
  RunResult early = jo.Mutual({"join", code, "--peer", Address(alex)});
  CHECK(early.exit_code == 1);
  CHECK(json::parse(jo.MustMutual({"plans", "--json"}))["plans"].empty());
  CHECK(CurrentMembers(Show(alex)) == 2);

  // Sam sees the invitation in the history and approves it.
  REQUIRE(WaitUntil([&] {
    return sam.MustMutual({"log"}).find("invited Jo") != std::string::npos;
  }));
  RunResult wrong = sam.Mutual({"approve", "Kim"});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("Jo") != std::string::npos);  // names the open invitation
  std::string approved = sam.MustMutual({"approve", "Jo"});
  CHECK(approved.find("everyone has approved") != std::string::npos);

  // Once Alex's device has the approval, the same code works.
  REQUIRE(WaitUntil([&] {
    return alex.MustMutual({"log"}).find("approved adding Jo") != std::string::npos;
  }));
  RunResult joined = jo.Mutual({"join", code, "--peer", Address(alex)});
  INFO(joined.err);
  REQUIRE(joined.exit_code == 0);
  RunResult waited = invite->Wait();
  CHECK(waited.exit_code == 0);
  CHECK(waited.out.find("Jo joined") != std::string::npos);

  // Everyone has three members, and the agreement waits for Jo.
  for (const Home* h : {&alex, &sam, &jo}) {
    REQUIRE(WaitUntil([&] {
      json plan = Show(*h);
      return CurrentMembers(plan) == 3 && !ItemById(plan, item).is_null();
    }));
    REQUIRE(WaitUntil([&] { return ItemById(Show(*h), item)["state"] == "pending"; }));
  }
  jo.MustMutual({"agree", item});
  for (const Home* h : {&alex, &sam, &jo}) {
    CHECK(WaitUntil([&] { return ItemById(Show(*h), item)["state"] == "agreed"; }));
  }
}

// Every doc key `home` stores, and whether one opens `envelope`.
bool HomeCanOpen(const Home& home, ByteView envelope) {
  auto store = store::OpenHome(store::HomePaths::In(home.path()), std::nullopt);
  REQUIRE(store.ok());
  auto env = crypto::DecodeEnvelope(envelope);
  REQUIRE(env.ok());
  auto header = crypto::DecodeEnvelopeHeader(env->header);
  REQUIRE(header.ok());
  auto keys = store->DocKeys(header->doc_id);
  if (!keys.ok()) return false;
  for (const store::EpochKey& k : *keys) {
    if (crypto::OpenEnvelope(*env, k.key).ok()) return true;
  }
  return false;
}

TEST_CASE("AMemberWhoLeftCannotReadWhatIsWrittenAfter") {
  REQUIRE(crypto::InitSodium().ok());
  Home alex, sam;
  PairAlexAndSam(alex, sam);
  const std::string before =
      LastWord(alex.MustMutual({"add", "helps", "--field", "text=Tea."}));
  REQUIRE(WaitUntil([&] { return !ItemById(Show(sam), before).is_null(); }));
  sam.MustMutual({"leave"});
  REQUIRE(WaitUntil([&] { return CurrentMembers(Show(alex)) == 1; }));
  // Alex's device rotated the plan key on hearing of the leave.
  REQUIRE(WaitUntil([&] {
    return alex.MustMutual({"log"}).find("rotated the plan key") != std::string::npos;
  }));
  const std::string after =
      LastWord(alex.MustMutual({"add", "helps", "--field", "text=A walk, alone."}));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(ItemById(Show(sam), after).is_null());

  REQUIRE(alex.SignalDaemon(SIGTERM));
  REQUIRE(sam.SignalDaemon(SIGTERM));
  // Alex's newest envelope (the item written after the leave), straight
  // from Alex's store: Sam's device holds no key that opens it.
  auto store = store::OpenHome(store::HomePaths::In(alex.path()), std::nullopt);
  REQUIRE(store.ok());
  auto docs = store->ListDocs();
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  auto identity = store->LoadIdentity();
  REQUIRE(identity.ok());
  const crypto::PublicKey me = identity->secrets.identity.public_key();
  auto heads = store->Heads(docs->front());
  REQUIRE(heads.ok());
  uint64_t last = 0;
  for (const store::AuthorHead& h : *heads) {
    if (h.author == me) last = h.seq;
  }
  REQUIRE(last > 0);
  auto newest = store->GetEnvelope(docs->front(), me, last);
  REQUIRE(newest.ok());
  auto earlier = store->GetEnvelope(docs->front(), me, 2);
  REQUIRE(earlier.ok());
  CHECK(HomeCanOpen(alex, newest->bytes));
  CHECK(!HomeCanOpen(sam, newest->bytes));
  // What was written before the leave stays readable to Sam (no one can
  // take back what they had).
  CHECK(HomeCanOpen(sam, earlier->bytes));
}

}  // namespace
}  // namespace mutual::integration
