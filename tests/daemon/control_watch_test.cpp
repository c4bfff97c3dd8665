// ControlServer's `watch` (control_watch.cpp): a real Device in a temp home
// behind a real control socket; the test is the client, on the same thread
// as the daemon's io_context, reading without blocking between turns of it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "daemon/control_server.h"
#include "libsync/crypto/sodium.h"
#include "libsync/net/unix_listener.h"
#include "libsync/wire/length_prefix.h"
#include "libsync/wire/limits.h"
#include "tests/support/temp_dir.h"

namespace mutual::daemon {
namespace {

using wire::Command;
using wire::ControlRequest;
using wire::ControlResponse;

class WatchHarness {
 public:
  WatchHarness() : clock_(1'700'000'000'000) {
    REQUIRE(crypto::InitSodium().ok());
    Device::Options o;
    o.home = dir_.path();
    o.clock = &clock_;
    o.version = "test";
    auto d = Device::Open(o);
    REQUIRE(d.ok());
    device_ = std::move(d).value();
    ControlRequest init = Req(Command::kInit);
    init.name = "Rae";
    REQUIRE(device_->Handle(init).kind == wire::ResultKind::kDone);
    ControlRequest plan = Req(Command::kNew);
    plan.title = "Rae & Jun";
    REQUIRE(device_->Handle(plan).kind == wire::ResultKind::kDone);
    auto acceptor = net::ListenUnix(io_, dir_.File("c.sock"));
    REQUIRE(acceptor.ok());
    server_ = std::make_unique<ControlServer>(std::move(acceptor).value(), *device_);
    server_->Start();
  }
  ~WatchHarness() {
    server_->Stop();
    io_.run_for(std::chrono::milliseconds(20));
  }

  static ControlRequest Req(Command c) {
    ControlRequest r;
    r.id = 77;
    r.command = c;
    return r;
  }
  // A change made here, as another CLI would.
  std::string Add(const std::string& text) {
    ControlRequest r = Req(Command::kAdd);
    r.section = "helps";
    r.fields = {{"text", text}};
    ControlResponse out = device_->Handle(r);
    REQUIRE(out.kind == wire::ResultKind::kDone);
    return out.created_id;
  }
  void Withdraw(const std::string& item, const std::string& reason) {
    ControlRequest r = Req(Command::kWithdraw);
    r.item = item;
    r.reason = reason;
    REQUIRE(device_->Handle(r).kind == wire::ResultKind::kDone);
  }

  void Connect(const std::string& format) {
    client_.connect(net::UnixEndpoint(dir_.File("c.sock")));
    client_.non_blocking(true);
    ControlRequest watch = Req(Command::kWatch);
    watch.format = format;
    auto payload = wire::EncodeRequest(watch);
    REQUIRE(payload.ok());
    auto frame = wire::FrameMessage(*payload, wire::kMaxControlMessageBytes);
    REQUIRE(frame.ok());
    client_.non_blocking(false);
    net::asio::write(client_, net::asio::buffer(*frame));
    client_.non_blocking(true);
  }
  // The next response; nullopt when the daemon closed the connection or
  // none came within `timeout`.
  std::optional<ControlResponse> Next(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (std::optional<Bytes> frame = decoder_.Next()) {
        auto r = wire::DecodeResponse(*frame);
        REQUIRE(r.ok());
        return std::move(r).value();
      }
      io_.run_for(std::chrono::milliseconds(2));
      std::array<uint8_t, 65536> buf;
      net::error_code ec;
      size_t n = client_.read_some(net::asio::buffer(buf), ec);
      if (ec == net::asio::error::would_block) continue;
      if (ec) return std::nullopt;
      REQUIRE(decoder_.Feed(ByteView(buf.data(), n)).ok());
    }
    return std::nullopt;
  }
  std::string NextBody() {
    std::optional<ControlResponse> r = Next();
    REQUIRE(r.has_value());
    INFO(r->error_message);
    REQUIRE(r->kind == wire::ResultKind::kRendered);
    return std::string(r->body.begin(), r->body.end());
  }
  void Turn() { io_.run_for(std::chrono::milliseconds(5)); }

  Device& device() { return *device_; }
  ControlServer& server() { return *server_; }
  void CloseClient() { client_.close(); }

 private:
  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Device> device_;
  net::asio::io_context io_;
  std::unique_ptr<ControlServer> server_;
  net::UnixSocket client_{io_};
  wire::FrameDecoder decoder_{wire::kMaxControlResponseBytes};
};

TEST_CASE("AWatcherGetsALineForEachChangeInTheWordsOfLog") {
  WatchHarness h;
  h.Connect("");
  CHECK(h.NextBody().starts_with("watching \"Rae & Jun\""));
  const std::string item = h.Add("A walk after dinner.");
  const std::string line = h.NextBody();
  CHECK(line.find("Rae  added item " + item.substr(0, 8)) != std::string::npos);
  CHECK(line.back() == '\n');
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
}

TEST_CASE("AJsonWatcherGetsOneObjectPerLine") {
  WatchHarness h;
  h.Connect("json");
  auto start = nlohmann::json::parse(h.NextBody());
  CHECK(start["format"] == "mutual-watch");
  CHECK(start["event"] == "watching");
  CHECK(start["title"] == "Rae & Jun");
  const std::string item = h.Add("Tea.");
  const std::string body = h.NextBody();
  CHECK(std::count(body.begin(), body.end(), '\n') == 1);
  auto change = nlohmann::json::parse(body);
  CHECK(change["event"] == "change");
  CHECK(change["plan"] == start["plan"]);
  CHECK(change["item"] == item);
  CHECK(change["status"] == "applied");
  CHECK(change["member"] == "rae");
  CHECK(change["seq"].get<int>() >= 2);
}

TEST_CASE("AWatchEndsWhenItsClientCloses") {
  WatchHarness h;
  h.Connect("");
  h.NextBody();
  CHECK(h.device().watcher_count() == 1);
  h.CloseClient();
  for (int i = 0; i < 50 && h.device().watcher_count() > 0; ++i) h.Turn();
  CHECK(h.device().watcher_count() == 0);
  h.Add("Nobody watches this.");  // no sink left to call
}

TEST_CASE("ASlowWatcherIsDroppedWithAMessageInsteadOfQueueingWithoutBound") {
  WatchHarness h;
  h.server().set_watch_queue_bytes(4 * 1024);
  h.Connect("");
  h.NextBody();
  // A burst of changes within one turn of the daemon's loop (as when a
  // peer's catch-up arrives): the writer gets no chance to drain, so the
  // queue passes its bound and the watcher is dropped.
  for (int i = 0; i < 40; ++i) h.Add("burst " + std::to_string(i));
  // The daemon did not wait for the watcher: every change is in the log.
  ControlResponse history = h.device().Handle(WatchHarness::Req(Command::kLog));
  const std::string text(history.body.begin(), history.body.end());
  CHECK(std::count(text.begin(), text.end(), '\n') == 41);
  std::optional<ControlResponse> r = h.Next();
  REQUIRE(r.has_value());
  REQUIRE(r->kind == wire::ResultKind::kError);
  CHECK(r->ToStatus().IsUnavailable());
  CHECK(r->error_message.find("fell more than 4 KiB") != std::string::npos);
  CHECK_FALSE(h.Next(std::chrono::milliseconds(500)).has_value());  // closed
  CHECK(h.device().watcher_count() == 0);
}

TEST_CASE("AWatcherThatKeepsUpIsNotDropped") {
  WatchHarness h;
  h.server().set_watch_queue_bytes(4 * 1024);
  h.Connect("");
  h.NextBody();
  for (int i = 0; i < 40; ++i) {
    h.Add("steady " + std::to_string(i));
    CHECK(h.NextBody().find("added item") != std::string::npos);
  }
  CHECK(h.device().watcher_count() == 1);
}

TEST_CASE("WatchingAPlanThatIsNotThereIsRefused") {
  WatchHarness h;
  ControlRequest watch = WatchHarness::Req(Command::kWatch);
  watch.plan = "no-such-plan";
  Result<Device::WatchStart> r = h.device().AddWatcher(watch, [](std::string) {});
  CHECK(r.status().IsNotFound());
  CHECK(h.device().watcher_count() == 0);
}

}  // namespace
}  // namespace mutual::daemon
