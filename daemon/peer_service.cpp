#include "daemon/peer_service.h"

#include "daemon/task_failure.h"
#include "libsync/net/tcp_connect.h"

namespace mutual::daemon {

using namespace boost::asio::experimental::awaitable_operators;

PeerService::PeerService(net::asio::io_context& io, Device& device,
                         PeerServiceOptions options)
    : io_(io),
      device_(device),
      options_(std::move(options)),
      acceptor_(io),
      pairing_(io, device, PairingOptions{.channel = options_.channel}) {}

Result<uint16_t> PeerService::Listen() {
  net::error_code ec;
  auto address = net::asio::ip::make_address(options_.listen_host, ec);
  if (ec) return Status::InvalidArgument("cannot listen on " + options_.listen_host);
  for (uint16_t port : {options_.listen_port, uint16_t{0}}) {
    net::TcpEndpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::TcpAcceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::asio::socket_base::max_listen_connections, ec);
    if (!ec) return acceptor_.local_endpoint().port();
    net::error_code ignored;
    acceptor_.close(ignored);
    if (!options_.fall_back_to_ephemeral || port == 0) break;
  }
  return Status::IOError("cannot listen on " + options_.listen_host + ":" +
                         std::to_string(options_.listen_port) + ": " + ec.message());
}

void PeerService::Start() {
  device_.set_envelope_listener([this](const crypto::DocId& doc, ByteView envelope) {
    // Copy: a session may close (and leave the set) while we push.
    auto sessions = sessions_;
    for (const auto& s : sessions) s->PushEnvelope(doc, envelope);
  });
  device_.set_dial_listener([this](const std::string& address) { Dial(address); });
  if (acceptor_.is_open()) {
    net::asio::co_spawn(io_, AcceptLoop(), LogTaskFailure);
  }
  for (const std::string& address : device_.DialAddresses()) Dial(address);
}

void PeerService::Stop() {
  stopped_ = true;
  net::error_code ignored;
  acceptor_.close(ignored);
  auto sessions = sessions_;
  for (const auto& s : sessions) s->Stop();
  sessions_.clear();
}

void PeerService::Dial(const std::string& address) {
  if (stopped_ || !dialing_.insert(address).second) return;
  net::asio::co_spawn(io_, DialLoop(address), LogTaskFailure);
}

std::shared_ptr<PeerSession> PeerService::AddSession(
    std::unique_ptr<net::NoiseChannel> channel, const crypto::PublicKey& peer_device,
    const std::string& address, bool dialed) {
  auto session = std::make_shared<PeerSession>(
      std::move(channel), device_, peer_device, options_.session,
      [this](PeerSession* closed) {
        device_.NoteSession(closed->peer_device(), /*started=*/false, "", false);
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
          if (it->get() == closed) {
            sessions_.erase(it);
            break;
          }
        }
      });
  sessions_.insert(session);
  device_.NoteSession(peer_device, /*started=*/true, address, dialed);
  session->Start();
  return session;
}

net::awaitable<void> PeerService::AcceptLoop() {
  while (!stopped_) {
    auto [ec, socket] = co_await acceptor_.async_accept(net::kUseTuple);
    if (ec) {
      if (stopped_ || ec == net::asio::error::operation_aborted) co_return;
      continue;
    }
    net::asio::co_spawn(io_, Serve(std::move(socket)), LogTaskFailure);
  }
}

net::awaitable<void> PeerService::Serve(net::TcpSocket socket) {
  const crypto::X25519KeyPair* key = device_.noise_key();
  if (key == nullptr) co_return;  // locked or not set up: nobody to be yet
  net::error_code ec;
  const std::string from = socket.remote_endpoint(ec).address().to_string();
  std::optional<crypto::PublicKey> peer;
  std::optional<uint16_t> pair_channel;
  auto channel = co_await net::NoiseChannel::Accept(
      std::move(socket), *key,
      [&](ByteView payload1) -> Result<Bytes> {
        pair_channel = RequestedPairingChannel(payload1);
        return Bytes{};
      },
      [&](const crypto::PublicKey& initiator, ByteView) -> Status {
        if (pair_channel && pairing_.IsOpen(*pair_channel)) return Status::Ok();
        pair_channel.reset();
        peer = device_.MemberDeviceByNoiseKey(initiator);
        return peer ? Status::Ok()
                    : Status::PermissionDenied("not a member device of any plan here");
      },
      options_.channel);
  if (!channel.ok() || stopped_) co_return;
  if (pair_channel) {
    co_await pairing_.Serve(std::move(channel).value(), *pair_channel);
    co_return;
  }
  AddSession(std::move(channel).value(), *peer, ec ? "" : from, /*dialed=*/false);
}

net::awaitable<Status> PeerService::DialOnce(const std::string& address,
                                             bool unless_connected) {
  const crypto::X25519KeyPair* key = device_.noise_key();
  if (key == nullptr) co_return Status::FailedPrecondition("device not ready");
  Result<net::TcpSocket> socket =
      co_await net::ConnectTcp(address, options_.connect_timeout);
  if (!socket.ok()) co_return socket.status();
  std::optional<crypto::PublicKey> peer;
  auto channel = co_await net::NoiseChannel::Connect(
      std::move(socket).value(), *key, Bytes{},
      [&](const crypto::PublicKey& responder, ByteView) -> Result<Bytes> {
        peer = device_.MemberDeviceByNoiseKey(responder);
        if (!peer) return Status::PermissionDenied(address + " is no member device");
        if (unless_connected && HasSessionWith(*peer)) {
          return Status::AlreadyExists("already connected to " + address);
        }
        return Bytes{};
      },
      options_.channel);
  if (!channel.ok()) co_return channel.status();
  std::shared_ptr<PeerSession> session =
      AddSession(std::move(channel).value(), *peer, address, /*dialed=*/true);
  // Wait for the session to end before dialing again.
  net::asio::steady_timer timer(io_);
  while (session->is_open() && !stopped_) {
    timer.expires_after(std::chrono::milliseconds(200));
    co_await timer.async_wait(net::kUseTuple);
  }
  co_return Status::Ok();
}

net::awaitable<void> PeerService::DialLoop(std::string address) {
  std::chrono::milliseconds backoff = options_.min_backoff;
  net::asio::steady_timer timer(io_);
  while (!stopped_) {
    Status st = co_await DialOnce(address);
    if (stopped_) break;
    backoff =
        st.ok() ? options_.min_backoff : std::min(backoff * 2, options_.max_backoff);
    timer.expires_after(backoff);
    co_await timer.async_wait(net::kUseTuple);
  }
}

bool PeerService::HasSessionWith(const crypto::PublicKey& device) const {
  for (const auto& s : sessions_) {
    if (s->is_open() && s->peer_device() == device) return true;
  }
  return false;
}

void PeerService::DialHint(const std::string& address) {
  if (stopped_ || dialing_.count(address) != 0 || hint_dialing_.count(address) != 0 ||
      hint_dialing_.size() >= options_.max_hint_dials) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  // Forget old attempts, so the map holds only the last few minutes' hints.
  for (auto it = hinted_at_.begin(); it != hinted_at_.end();) {
    it = now - it->second >= options_.hint_redial ? hinted_at_.erase(it) : std::next(it);
  }
  if (!hinted_at_.emplace(address, now).second) return;
  hint_dialing_.insert(address);
  net::asio::co_spawn(io_, HintDial(address), LogTaskFailure);
}

net::awaitable<void> PeerService::HintDial(std::string address) {
  // Returns when the session (if one started) ends; meanwhile this address
  // is not dialed again.
  Status ignored = co_await DialOnce(address, /*unless_connected=*/true);
  (void)ignored;
  hint_dialing_.erase(address);
}

}  // namespace mutual::daemon
