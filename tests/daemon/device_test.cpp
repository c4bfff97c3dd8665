// Device: the control API's request handling, driven directly (no socket),
// on a real store in a temporary home.
#include "daemon/device.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libsync/crypto/sodium.h"
#include "tests/support/temp_dir.h"

namespace mutual::daemon {
namespace {

using testing::TempDir;
using wire::Command;
using wire::ControlRequest;
using wire::ControlResponse;

// A device in a temp home with a fixed clock and cheap Argon2id.
class DeviceHarness {
 public:
  DeviceHarness() : clock_(1'700'000'000'000) {
    REQUIRE(crypto::InitSodium().ok());
    Reopen();
  }
  void Reopen() {
    device_.reset();
    Device::Options o;
    o.home = dir_.path();
    o.clock = &clock_;
    o.version = "test";
    o.pwhash = store::PwhashParams::Cheapest();
    auto d = Device::Open(o);
    REQUIRE(d.ok());
    device_ = std::move(d).value();
  }
  ControlResponse Run(ControlRequest r) {
    clock_.Advance(1000);
    return device_->Handle(r);
  }
  // Runs `r` and requires success.
  ControlResponse Ok(ControlRequest r) {
    ControlResponse out = Run(std::move(r));
    INFO(out.error_message);
    REQUIRE(out.kind != wire::ResultKind::kError);
    return out;
  }
  Status Err(ControlRequest r) {
    ControlResponse out = Run(std::move(r));
    REQUIRE(out.kind == wire::ResultKind::kError);
    return out.ToStatus();
  }
  nlohmann::json ShowJson(const std::string& plan = "") {
    ControlRequest r = Req(Command::kShow);
    r.plan = plan;
    r.format = "json";
    ControlResponse out = Ok(r);
    REQUIRE(out.content_type == "application/json");
    return nlohmann::json::parse(std::string(out.body.begin(), out.body.end()));
  }
  static ControlRequest Req(Command c) {
    ControlRequest r;
    r.id = 9;
    r.command = c;
    return r;
  }
  static ControlRequest Init(const std::string& name, const std::string& pass = "") {
    ControlRequest r = Req(Command::kInit);
    r.name = name;
    r.passphrase = ToBytes(pass);
    return r;
  }
  static ControlRequest New(const std::string& title, const std::string& tmpl = "") {
    ControlRequest r = Req(Command::kNew);
    r.title = title;
    r.template_name = tmpl;
    return r;
  }
  static ControlRequest Add(const std::string& section,
                            std::map<std::string, std::string> fields) {
    ControlRequest r = Req(Command::kAdd);
    r.section = section;
    r.fields = std::move(fields);
    return r;
  }
  static ControlRequest OnItem(Command c, const std::string& item) {
    ControlRequest r = Req(c);
    r.item = item;
    return r;
  }
  const std::string& home() const { return dir_.path(); }

 private:
  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Device> device_;
};

using H = DeviceHarness;

const nlohmann::json* FindItem(const nlohmann::json& plan, const std::string& id) {
  for (const auto& s : plan["sections"]) {
    for (const auto& item : s["items"]) {
      if (item["id"] == id) return &item;
    }
  }
  return nullptr;
}

TEST_CASE("UninitialisedHomeAnswersStatusAndAsksForInit") {
  H h;
  ControlResponse st = h.Ok(H::Req(Command::kStatus));
  CHECK_FALSE(st.status.initialized);
  CHECK_FALSE(st.status.locked);
  CHECK(st.status.home == h.home());
  Status s = h.Err(H::New("ours"));
  CHECK(s.IsFailedPrecondition());
  CHECK(s.message().find("mutual init") != std::string::npos);
}

TEST_CASE("InitRecordsTheNameAndRefusesASecondInit") {
  H h;
  h.Ok(H::Init("Alex"));
  ControlResponse st = h.Ok(H::Req(Command::kStatus));
  CHECK(st.status.initialized);
  CHECK(st.status.device_name == "Alex");
  CHECK(st.status.device_id.size() == 64);
  CHECK(h.Err(H::Init("Sam")).IsAlreadyExists());
}

TEST_CASE("NewPlanAddAgreeShowsTheItemAgreed") {
  H h;
  h.Ok(H::Init("Alex"));
  std::string plan = h.Ok(H::New("Alex & Sam")).created_id;
  CHECK(plan.size() == 32);
  std::string item =
      h.Ok(H::Add("bottom-lines", {{"text", "No name-calling."}, {"why", "It sticks."}}))
          .created_id;
  REQUIRE_FALSE(item.empty());
  h.Ok(H::OnItem(Command::kAgree, item.substr(0, 6)));
  nlohmann::json view = h.ShowJson();
  CHECK(view["id"] == plan);
  CHECK(view["title"] == "Alex & Sam");
  const nlohmann::json* shown = FindItem(view, item);
  REQUIRE(shown != nullptr);
  CHECK((*shown)["state"] == "agreed");
  CHECK((*shown)["section"] == "bottom-lines");
}

TEST_CASE("EverythingSurvivesReopeningTheHome") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("ours"));
  std::string item = h.Ok(H::Add("helps", {{"text", "A walk."}})).created_id;
  h.Ok(H::OnItem(Command::kAgree, item));
  nlohmann::json before = h.ShowJson();
  h.Reopen();
  CHECK(h.ShowJson() == before);
  CHECK(h.Ok(H::Req(Command::kStatus)).status.device_name == "Alex");
  // And this device goes on writing where it left off.
  std::string next = h.Ok(H::Add("helps", {{"text", "Tea."}})).created_id;
  h.Reopen();
  CHECK(FindItem(h.ShowJson(), next) != nullptr);
}

TEST_CASE("PassphraseHomeStartsLockedUntilUnlocked") {
  H h;
  h.Ok(H::Init("Alex", "correct horse"));
  h.Ok(H::New("ours"));
  h.Reopen();
  ControlResponse st = h.Ok(H::Req(Command::kStatus));
  CHECK(st.status.locked);
  CHECK(st.status.device_name.empty());  // not readable while locked
  Status locked = h.Err(H::Req(Command::kPlans));
  CHECK(locked.IsFailedPrecondition());
  CHECK(locked.message().find("unlock") != std::string::npos);

  ControlRequest wrong = H::Req(Command::kUnlock);
  wrong.passphrase = ToBytes("wrong horse");
  CHECK(h.Err(wrong).IsPermissionDenied());
  ControlRequest right = H::Req(Command::kUnlock);
  right.passphrase = ToBytes("correct horse");
  h.Ok(right);
  CHECK(h.Ok(H::Req(Command::kPlans)).plans.size() == 1);
  CHECK(h.Err(right).IsFailedPrecondition());  // already unlocked
}

TEST_CASE("SeveralPlansNeedASelectorByIdPrefixOrTitle") {
  H h;
  h.Ok(H::Init("Alex"));
  std::string a = h.Ok(H::New("first")).created_id;
  std::string b = h.Ok(H::New("second", "blank")).created_id;
  Status none = h.Err(H::Req(Command::kShow));
  CHECK(none.IsInvalidArgument());
  CHECK(none.message().find("--plan") != std::string::npos);
  CHECK(h.ShowJson("second")["id"] == b);
  CHECK(h.ShowJson(a.substr(0, 10))["title"] == "first");
  ControlRequest unknown = H::Req(Command::kShow);
  unknown.plan = "third";
  CHECK(h.Err(unknown).IsNotFound());
  ControlResponse list = h.Ok(H::Req(Command::kPlans));
  REQUIRE(list.plans.size() == 2);
  CHECK(list.plans[0].member_count == 1);
}

TEST_CASE("BadItemInputGetsClearErrors") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("ours"));
  CHECK(h.Err(H::OnItem(Command::kAgree, "nosuchitem")).IsNotFound());
  CHECK(h.Err(H::Add("no-such-section", {{"text", "x"}})).code() != Status::Code::kOk);
  Status wrong_field = h.Err(H::Add("helps", {{"colour", "blue"}}));
  CHECK(wrong_field.IsInvalidArgument());
  CHECK(wrong_field.message().find("colour") != std::string::npos);
  ControlRequest bad_about = H::Add("hot-buttons", {{"sets_it_off", "x"}});
  bad_about.about = {"nobody"};
  CHECK(h.Err(bad_about).IsNotFound());
}

TEST_CASE("SectionAddSetsTheDefaultKindForNewItems") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("ours", "blank"));
  ControlRequest sec = H::Req(Command::kSectionAdd);
  sec.section = "rituals";
  sec.title = "Our rituals";
  sec.kind = "agreement";
  h.Ok(sec);
  std::string item = h.Ok(H::Add("rituals", {{"we_will", "Tea at nine."}})).created_id;
  const nlohmann::json view = h.ShowJson();
  const nlohmann::json* shown = FindItem(view, item);
  REQUIRE(shown != nullptr);
  CHECK((*shown)["kind"] == "agreement");
  sec.section = "more";
  sec.kind = "no-such-kind";
  CHECK(h.Err(sec).IsInvalidArgument());
}

TEST_CASE("WithdrawRevisitAndRemoveChangeTheItem") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("ours"));
  std::string item = h.Ok(H::Add("helps", {{"text", "A walk."}})).created_id;
  h.Ok(H::OnItem(Command::kAgree, item));
  ControlRequest withdraw = H::OnItem(Command::kWithdraw, item);
  withdraw.reason = "not now";
  h.Ok(withdraw);
  const nlohmann::json withdrawn = h.ShowJson();
  REQUIRE(FindItem(withdrawn, item) != nullptr);
  CHECK((*FindItem(withdrawn, item))["state"] == "withdrawn");
  h.Ok(H::OnItem(Command::kRemove, item));
  const nlohmann::json removed = h.ShowJson();
  const nlohmann::json* after = FindItem(removed, item);
  CHECK((after == nullptr || (*after)["state"] == "removal-proposed"));
}

TEST_CASE("LogListsEveryChangeOldestFirst") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("ours"));
  std::string item = h.Ok(H::Add("helps", {{"text", "A walk."}})).created_id;
  h.Ok(H::OnItem(Command::kAgree, item));
  ControlRequest log = H::Req(Command::kLog);
  log.format = "json";
  ControlResponse out = h.Ok(log);
  auto j = nlohmann::json::parse(std::string(out.body.begin(), out.body.end()));
  REQUIRE(j["changes"].size() == 3);
  CHECK(j["changes"][2]["item"] == item);
  ControlRequest text = H::Req(Command::kLog);
  ControlResponse plain = h.Ok(text);
  CHECK(std::string(plain.body.begin(), plain.body.end()).find("Alex") !=
        std::string::npos);
}

TEST_CASE("ExportRendersEachFormat") {
  H h;
  h.Ok(H::Init("Alex"));
  h.Ok(H::New("Our plan"));
  h.Ok(H::Add("helps", {{"text", "A walk & tea."}}));
  for (auto [format, type, needle] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"md", "text/markdown", "A walk"},
           {"html", "text/html", "A walk &amp; tea."},
           {"json", "application/json", "\"A walk & tea.\""}}) {
    ControlRequest r = H::Req(Command::kExport);
    r.format = format;
    ControlResponse out = h.Ok(r);
    INFO(format);
    CHECK(out.content_type == type);
    CHECK(std::string(out.body.begin(), out.body.end()).find(needle) !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace mutual::daemon
