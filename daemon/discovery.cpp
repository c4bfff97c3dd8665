#include "daemon/discovery.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include "daemon/task_failure.h"
#include "libsync/crypto/pairing_code.h"

namespace mutual::daemon {

static_assert(wire::kMaxBeaconChannel == crypto::kMaxPairingChannel);
static_assert(wire::kBeaconSaltBytes == crypto::kLanSaltBytes);
static_assert(wire::kBeaconTokenBytes == sizeof(crypto::LanToken));

namespace {

// Our own member beacons we still recognise when a broadcast brings them
// back: a few intervals' worth.
constexpr size_t kRememberedSalts = 16;
// An invite beacon heard this long before `join` started still counts.
constexpr auto kInviteMemory = std::chrono::seconds(15);

}  // namespace

Discovery::Discovery(net::asio::io_context& io, Device& device, PeerService& peers,
                     DiscoveryOptions options)
    : io_(io), device_(device), peers_(peers), options_(std::move(options)), wake_(io) {}

Status Discovery::Open() {
  MUTUAL_ASSIGN_OR_RETURN(
      net::BeaconSocket socket,
      net::BeaconSocket::Open(io_, options_.bind, wire::kMaxBeaconBytes));
  targets_ = options_.targets;
  if (targets_.empty()) {
    targets_.emplace_back(net::asio::ip::address_v4::broadcast(), socket.port());
  }
  socket_.emplace(std::move(socket));
  return Status::Ok();
}

void Discovery::Start() {
  net::asio::co_spawn(io_, SendLoop(), LogTaskFailure);
  net::asio::co_spawn(io_, ReceiveLoop(), LogTaskFailure);
}

void Discovery::Stop() {
  stopped_ = true;
  wake_.cancel();
  if (socket_) socket_->Close();
}

std::chrono::milliseconds Discovery::NextWait() const {
  const auto jitter = options_.jitter.count();
  if (jitter <= 0) return options_.interval;
  const auto offset =
      static_cast<int64_t>(randombytes_uniform(static_cast<uint32_t>(2 * jitter + 1))) -
      jitter;
  return std::max(std::chrono::milliseconds(1),
                  options_.interval + std::chrono::milliseconds(offset));
}

net::awaitable<void> Discovery::SendLoop() {
  while (!stopped_) {
    co_await SendBeacons();
    wake_.expires_after(NextWait());
    co_await wake_.async_wait(net::kUseTuple);
  }
}

std::vector<wire::Beacon> Discovery::MemberBeacons() {
  std::vector<wire::Beacon> out;
  const std::vector<crypto::LanKey> keys = device_.LanKeys();
  const uint64_t epoch = crypto::LanEpochAt(device_.NowUnixSeconds());
  // More plans than one beacon holds: several beacons, each its own salt.
  for (size_t i = 0; i < keys.size(); i += wire::kMaxBeaconTokens) {
    wire::Beacon b;
    b.kind = wire::BeaconKind::kMember;
    b.port = options_.tcp_port;
    b.salt = crypto::RandomLanSalt();
    for (size_t k = i; k < std::min(keys.size(), i + wire::kMaxBeaconTokens); ++k) {
      b.tokens.push_back(crypto::LanTokenFor(keys[k], epoch, b.salt));
    }
    sent_salts_.push_back(b.salt);
    if (sent_salts_.size() > kRememberedSalts) sent_salts_.pop_front();
    out.push_back(std::move(b));
  }
  return out;
}

net::awaitable<void> Discovery::SendBeacons() {
  std::vector<wire::Beacon> beacons = MemberBeacons();
  for (uint16_t channel : peers_.pairing().OpenChannels()) {
    wire::Beacon b;
    b.kind = wire::BeaconKind::kInvite;
    b.port = options_.tcp_port;
    b.channel = channel;
    beacons.push_back(b);
  }
  for (const wire::Beacon& b : beacons) {
    Result<Bytes> bytes = wire::EncodeBeacon(b);
    if (!bytes.ok() || stopped_) continue;
    Status sent = co_await socket_->SendTo(std::move(bytes).value(), targets_);
    // No route (an unplugged cable) is normal for a laptop; the next
    // interval tries again. Nothing about the plans is in the message.
    (void)sent;
  }
}

net::awaitable<void> Discovery::ReceiveLoop() {
  while (!stopped_) {
    Result<net::Datagram> d = co_await socket_->Receive();
    if (!d.ok()) {
      if (!stopped_) {
        std::fprintf(stderr, "mutuald: LAN discovery stopped: %s\n",
                     d.status().message().c_str());
      }
      co_return;
    }
    OnDatagram(*d);
  }
}

void Discovery::OnDatagram(const net::Datagram& d) {
  // Anyone on the LAN can send anything here: a bad datagram is dropped.
  Result<wire::Beacon> b = wire::DecodeBeacon(d.bytes);
  if (!b.ok()) return;
  if (b->kind == wire::BeaconKind::kMember) {
    OnMemberBeacon(*b, d.from.address());
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  for (auto it = invites_heard_.begin(); it != invites_heard_.end();) {
    it = now - it->second.at > kInviteMemory ? invites_heard_.erase(it) : std::next(it);
  }
  invites_heard_[b->channel] = {net::EndpointString(d.from.address(), b->port), now};
}

void Discovery::OnMemberBeacon(const wire::Beacon& b,
                               const net::asio::ip::address& from) {
  if (std::find(sent_salts_.begin(), sent_salts_.end(), b.salt) != sent_salts_.end()) {
    return;  // our own, heard back
  }
  const int64_t now = device_.NowUnixSeconds();
  for (const crypto::LanKey& key : device_.LanKeys()) {
    for (const crypto::LanToken& token : b.tokens) {
      if (crypto::LanTokenMatches(key, token, b.salt, now)) {
        peers_.DialHint(net::EndpointString(from, b.port));
        return;
      }
    }
  }
}

net::awaitable<Result<std::string>> Discovery::FindInviter(uint16_t channel) {
  const auto deadline = std::chrono::steady_clock::now() + options_.invite_wait;
  net::asio::steady_timer timer(io_);
  while (!stopped_ && std::chrono::steady_clock::now() < deadline) {
    auto it = invites_heard_.find(channel);
    if (it != invites_heard_.end() &&
        std::chrono::steady_clock::now() - it->second.at <= kInviteMemory) {
      co_return it->second.address;
    }
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(net::kUseTuple);
  }
  co_return Status::Unavailable(
      "no device on this network is offering channel " + std::to_string(channel) +
      " (waited " + std::to_string(options_.invite_wait.count() / 1000) +
      " s): check the code, that `mutual invite` is still waiting on the other "
      "device and that both are on the same network, or give its address with "
      "--peer HOST:PORT");
}

}  // namespace mutual::daemon
