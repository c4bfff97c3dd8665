// Pairing two real devices with a short code over loopback: `mutual invite`
// on one, `mutual join CODE --peer` on the other, then the plan syncs both
// ways. A wrong code fails and uses the code up.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

using json = nlohmann::json;

// The code from `mutual invite`'s first line ("pairing code: 7-foo-bar").
std::string CodeFrom(Spawned& invite) { return PairingCodeFrom(invite); }

json Show(const Home& h) { return ShowJson(h); }

struct Devices {
  Home alex, sam;
  Devices() {
    alex.StartDaemon({"--listen", "127.0.0.1:0"});
    sam.StartDaemon({"--listen", "127.0.0.1:0"});
    alex.MustMutual({"init", "--name", "Alex"});
    sam.MustMutual({"init", "--name", "Sam"});
    alex.MustMutual({"new", "Alex & Sam"});
  }
  std::string AlexAddress() const {
    return "127.0.0.1:" + std::to_string(alex.PeerPort());
  }
};

TEST_CASE("PairByCodeThenWriteAndAgreeTogether") {
  Devices d;
  std::string item = LastWord(
      d.alex.MustMutual({"add", "bottom-lines", "--field", "text=No shouting."}));
  auto invite = d.alex.Spawn({"invite"});
  const std::string code = CodeFrom(*invite);
  std::string joined = d.sam.MustMutual({"join", code, "--peer", d.AlexAddress()});
  CHECK(joined.find("joined plan") != std::string::npos);
  RunResult waited = invite->Wait();
  CHECK(waited.exit_code == 0);
  CHECK(waited.out.find("Sam joined") != std::string::npos);

  // Sam's device gets the whole history by sync, and Sam is a member.
  REQUIRE(WaitUntil([&] { return !ItemById(Show(d.sam), item).is_null(); }));
  REQUIRE(WaitUntil([&] { return Show(d.sam)["members"].size() == 2; }));
  CHECK(Show(d.alex)["members"].size() == 2);

  // One endorsement is not agreement; both are.
  d.alex.MustMutual({"agree", item});
  REQUIRE(WaitUntil([&] { return ItemById(Show(d.sam), item)["state"] == "proposed"; }));
  d.sam.MustMutual({"agree", item});
  REQUIRE(WaitUntil([&] { return ItemById(Show(d.alex), item)["state"] == "agreed"; }));
  CHECK(ItemById(Show(d.sam), item)["state"] == "agreed");
  // Sam writes; Alex sees it.
  std::string sams = LastWord(d.sam.MustMutual({"add", "helps", "--field", "text=Tea."}));
  CHECK(WaitUntil([&] { return !ItemById(Show(d.alex), sams).is_null(); }));
}

// The 60 digits on one line after "Name, device xxxxxxxx:".
std::string DigitsOf(const std::string& verify_output) {
  size_t colon = verify_output.find(":\n");
  REQUIRE(colon != std::string::npos);
  std::string line =
      verify_output.substr(colon + 2, verify_output.find('\n', colon + 2) - colon - 2);
  return line.substr(line.find_first_not_of(' '));
}

TEST_CASE("BothSidesShowTheSameSafetyNumber") {
  Devices d;
  auto invite = d.alex.Spawn({"invite"});
  d.sam.MustMutual({"join", CodeFrom(*invite), "--peer", d.AlexAddress()});
  REQUIRE(invite->Wait().exit_code == 0);
  REQUIRE(WaitUntil([&] { return Show(d.sam)["members"].size() == 2; }));
  std::string on_alex = d.alex.MustMutual({"verify"});
  std::string on_sam = d.sam.MustMutual({"verify", "--member", "Alex"});
  CHECK(on_alex.find("Sam, device") != std::string::npos);
  CHECK(on_sam.find("Alex, device") != std::string::npos);
  CHECK(DigitsOf(on_alex).size() == 71);  // 12 groups of 5 digits
  CHECK(DigitsOf(on_alex) == DigitsOf(on_sam));
  CHECK(d.alex.Mutual({"verify", "--member", "Kim"}).exit_code == 1);
}

TEST_CASE("WrongCodeFailsAndUsesTheCodeUp") {
  Devices d;
  auto invite = d.alex.Spawn({"invite", "--my-device"});
  const std::string code = CodeFrom(*invite);
  // The same channel with other words: a wrong guess.
  std::string channel = code.substr(0, code.find('-'));
  std::string wrong =
      channel + (code.find("crossover") == std::string::npos ? "-crossover-clockwork"
                                                             : "-adroitness-aardvark");
  RunResult guess = d.sam.Mutual({"join", wrong, "--peer", d.AlexAddress()});
  CHECK(guess.exit_code == 1);
  CHECK(guess.err.find("did not match") != std::string::npos);
  RunResult waited = invite->Wait();
  CHECK(waited.exit_code == 1);
  // The right code now finds nothing open.
  RunResult late = d.sam.Mutual({"join", code, "--peer", d.AlexAddress()});
  CHECK(late.exit_code == 1);
  CHECK(Show(d.alex)["members"].size() == 1);
  CHECK(json::parse(d.sam.MustMutual({"plans", "--json"}))["plans"].empty());
}

TEST_CASE("JoinWithAMalformedCodeIsAUsageError") {
  Devices d;
  RunResult r = d.sam.Mutual({"join", "seven-words", "--peer", d.AlexAddress()});
  CHECK(r.exit_code == 1);
  CHECK_FALSE(r.err.empty());
}

}  // namespace
}  // namespace mutual::integration
