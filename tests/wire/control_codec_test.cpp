#include <catch2/catch.hpp>

#include <string>

#include "libsync/wire/control_codec.h"
#include "libsync/wire/limits.h"

using namespace mutual;
using namespace mutual::wire;

namespace {

// One valid request per command, with every argument that command uses set.
ControlRequest Sample(Command c) {
  ControlRequest r;
  r.id = 42 + static_cast<uint64_t>(c);
  r.command = c;
  switch (c) {
    case Command::kInit: r.name = "Alex"; r.passphrase = {'p', 'w'}; break;
    case Command::kNew: r.title = "Our plan"; r.template_name = "relational"; break;
    case Command::kPlans: case Command::kStatus: break;
    case Command::kSectionAdd:
      r.plan = "ab12"; r.section = "money"; r.title = "Money"; r.kind = "agreement"; break;
    case Command::kShow: case Command::kLog: r.plan = "ab12"; r.format = "json"; break;
    case Command::kAdd:
      r.plan = "ab12"; r.section = "needs"; r.kind = "need"; r.about = {"me", "Sam"};
      r.fields = {{"text", "quiet mornings ☕"}, {"each_will.alex", "ask first"}};
      break;
    case Command::kEdit: case Command::kSuggest: case Command::kResolve:
      r.plan = "ab12"; r.item = "c0ffee"; r.fields = {{"text", "new words"}}; break;
    case Command::kAgree: case Command::kAck: case Command::kRemove:
      r.plan = "ab12"; r.item = "c0ffee"; break;
    case Command::kWithdraw: case Command::kRevisit:
      r.plan = "ab12"; r.item = "c0ffee"; r.reason = "not ready yet"; break;
    case Command::kDismiss: r.plan = "ab12"; r.suggestion = "5eed"; break;
    case Command::kExport: r.plan = "ab12"; r.format = "html"; break;
    case Command::kLeave: r.plan = "ab12"; break;
    case Command::kUnlock: r.passphrase = {0x00, 0xff, 'p', 'w'}; break;
    case Command::kPeers: r.format = "json"; break;
    case Command::kPeersAdd: r.address = "192.0.2.1:47470"; break;
    case Command::kInvite: r.plan = "ab12"; r.my_device = true; r.name = "Jo"; break;
    case Command::kInviteWait: r.code = "7-crossover-clockwork"; break;
    case Command::kJoin: r.code = "7-crossover-clockwork"; r.address = "192.0.2.1:47470"; break;
    case Command::kApprove: r.plan = "ab12"; r.name = "Jo"; break;
    case Command::kVerify: r.plan = "ab12"; r.name = "Sam"; r.confirm = true; break;
    case Command::kWatch: r.plan = "ab12"; r.format = "json"; break;
  }
  return r;
}

Bytes Enc(const ControlRequest& r) {
  auto b = EncodeRequest(r);
  REQUIRE(b.ok());
  return *b;
}

}  // namespace

TEST_CASE("EveryRequestKindRoundTrips") {
  for (int c = static_cast<int>(kFirstCommand); c <= static_cast<int>(kLastCommand); ++c) {
    const ControlRequest r = Sample(static_cast<Command>(c));
    INFO(CommandName(r.command));
    auto back = DecodeRequest(Enc(r));
    REQUIRE(back.ok());
    CHECK(*back == r);
  }
}

TEST_CASE("ArgumentsACommandDoesNotUseAreNotSent") {
  ControlRequest r = Sample(Command::kAgree);
  r.reason = "ignored";
  auto back = DecodeRequest(Enc(r));
  REQUIRE(back.ok());
  CHECK(back->reason.empty());
  CHECK(back->item == "c0ffee");
}

TEST_CASE("EveryResponseKindRoundTrips") {
  std::vector<ControlResponse> all;
  all.push_back(ControlResponse::FromStatus(7, Status::NotFound("no item c0ffee")));
  ControlResponse done; done.id = 8; done.kind = ResultKind::kDone; done.created_id = "abcd";
  all.push_back(done);
  done.detail = "still waiting for Sam to approve Jo";
  all.push_back(done);
  ControlResponse rendered; rendered.id = 9; rendered.kind = ResultKind::kRendered;
  rendered.content_type = "text/html"; rendered.body = {'<', 'p', '>', 0x00, 0xff};
  all.push_back(rendered);
  ControlResponse plans; plans.id = 10; plans.kind = ResultKind::kPlans;
  plans.plans = {{"ab12", "Our plan", 2}, {"cd34", "", 1}};
  all.push_back(plans);
  ControlResponse st; st.id = 11; st.kind = ResultKind::kStatus;
  st.status = {true, true, "laptop", "dev1", "/tmp/h", "0.1", 3, 7420, {}, {}};
  all.push_back(st);
  ControlResponse forked = st;
  forked.id = 12;
  forked.status.forks = {{"ab12", std::string(64, 'a'), "Sam", 5, false},
                         {"ab12", std::string(64, 'b'), "", 2, true}};
  forked.status.stopped = {{"ab12", "this device's own log forked"}};
  all.push_back(forked);
  for (const auto& r : all) {
    auto b = EncodeResponse(r);
    REQUIRE(b.ok());
    auto back = DecodeResponse(*b);
    REQUIRE(back.ok());
    CHECK(*back == r);
  }
}

TEST_CASE("WatchTakesOnlyTextOrJsonFormats") {
  ControlRequest r = Sample(Command::kWatch);
  r.format = "html";
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
  r.format = "";
  r.plan = "";
  auto back = DecodeRequest(Enc(r));
  REQUIRE(back.ok());
  CHECK(back->command == Command::kWatch);
}

TEST_CASE("VerifyConfirmNeedsAMember") {
  ControlRequest r = Sample(Command::kVerify);
  r.name = "";
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
  r.confirm = false;  // listing every member's numbers needs none
  CHECK(EncodeRequest(r).ok());
}

TEST_CASE("StatusWithAForkNoticeMissingItsDeviceIsRejected") {
  ControlResponse st;
  st.kind = ResultKind::kStatus;
  st.status.forks = {{"ab12", "", "Sam", 5, false}};
  CHECK(EncodeResponse(st).status().IsInvalidArgument());
}

TEST_CASE("ErrorResponseCarriesTheStatusCodeAndMessage") {
  auto b = EncodeResponse(ControlResponse::FromStatus(1, Status::FailedPrecondition("locked")));
  REQUIRE(b.ok());
  auto back = DecodeResponse(*b);
  REQUIRE(back.ok());
  const Status s = back->ToStatus();
  CHECK(s.IsFailedPrecondition());
  CHECK(s.message() == "locked");
}

TEST_CASE("GarbageRequestIsRejected") {
  const Bytes garbage = {0xff, 0xff, 0xff, 0xff, 0x0f, 0x12};
  auto r = DecodeRequest(garbage);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
}

TEST_CASE("TruncatedRequestIsRejected") {
  Bytes b = Enc(Sample(Command::kAdd));
  b.resize(b.size() - 3);
  CHECK(DecodeRequest(b).status().IsInvalidArgument());
}

TEST_CASE("OversizedRequestIsRejectedBeforeParsing") {
  Bytes big(kMaxControlMessageBytes + 1, 0);
  auto r = DecodeRequest(big);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("1 MiB") != std::string::npos);
}

TEST_CASE("EmptyRequestHasNoCommand") {
  auto r = DecodeRequest(Bytes{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("no command") != std::string::npos);
}

TEST_CASE("UnknownCommandFieldIsRejected") {
  // request_id = 1, then field 99 (length-delimited, empty): a command from
  // a newer client that this daemon does not know.
  const Bytes b = {0x08, 0x01, 0x9a, 0x06, 0x00};
  auto r = DecodeRequest(b);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
}

TEST_CASE("InvalidUtf8OnTheWireIsRejected") {
  // request_id = 1, init { name = "\xff" }.
  const Bytes b = {0x08, 0x01, 0x12, 0x03, 0x0a, 0x01, 0xff};
  CHECK(DecodeRequest(b).status().IsInvalidArgument());
}

TEST_CASE("InvalidUtf8IsNotEncoded") {
  ControlRequest r = Sample(Command::kAdd);
  r.fields["text"] = std::string("\xc3\x28", 2);
  auto b = EncodeRequest(r);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("UTF-8") != std::string::npos);
}

TEST_CASE("MissingRequiredItemIsRejected") {
  ControlRequest r = Sample(Command::kAgree);
  r.item.clear();
  auto b = EncodeRequest(r);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("item is required") != std::string::npos);
  // The same message built on the wire: agree {} with request_id 1.
  const Bytes wire = {0x08, 0x01, 0x4a, 0x00};
  CHECK(DecodeRequest(wire).status().IsInvalidArgument());
}

TEST_CASE("EditWithoutFieldsIsRejected") {
  ControlRequest r = Sample(Command::kEdit);
  r.fields.clear();
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
}

TEST_CASE("TooManyFieldsAreRejected") {
  ControlRequest r = Sample(Command::kAdd);
  for (size_t i = 0; i <= kMaxFields; ++i) r.fields["f" + std::to_string(i)] = "x";
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
}

TEST_CASE("OverlongIdIsRejected") {
  ControlRequest r = Sample(Command::kAgree);
  r.item = std::string(kMaxIdBytes + 1, 'a');
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
}

TEST_CASE("UnknownExportFormatIsRejected") {
  ControlRequest r = Sample(Command::kExport);
  r.format = "pdf";
  CHECK(EncodeRequest(r).status().IsInvalidArgument());
}

TEST_CASE("ResponseWithUnknownErrorCodeIsRejected") {
  // request_id = 1, error { code = 77 }.
  const Bytes b = {0x08, 0x01, 0x12, 0x02, 0x08, 0x4d};
  CHECK(DecodeResponse(b).status().IsInvalidArgument());
}

TEST_CASE("ResponseWithoutResultIsRejected") {
  const Bytes b = {0x08, 0x05};
  CHECK(DecodeResponse(b).status().IsInvalidArgument());
}

TEST_CASE("OversizedResponseIsRejectedBeforeParsing") {
  Bytes big(kMaxControlResponseBytes + 1, 0);
  auto r = DecodeResponse(big);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("32 MiB") != std::string::npos);
}

TEST_CASE("ResponseLargerThanARequestMayStillTravel") {
  ControlResponse r;
  r.id = 7;
  r.kind = ResultKind::kRendered;
  r.content_type = "text/html";
  r.body.assign(kMaxControlMessageBytes * 2, 'x');
  auto bytes = EncodeResponse(r);
  REQUIRE(bytes.ok());
  auto back = DecodeResponse(*bytes);
  REQUIRE(back.ok());
  CHECK(back->body.size() == r.body.size());
}
