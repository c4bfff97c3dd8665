// PeerService: this device on the peer network (DESIGN.md §5–§6) — a TCP
// listener for other member devices, dialers for the addresses `mutual
// peers add` gave (reconnecting with exponential backoff), and one
// PeerSession per authenticated connection. Every envelope the device
// stores (a local change or one from a peer) is pushed to every session;
// each session sends it only if its peer shares that plan.
//
// Who may connect: the Noise static key of the other side must be in the
// device record of a current member device of one of our plans, or of a
// device met by pairing (both as responder and as initiator, which checks
// before revealing itself) — except that while an invite is open, an
// unknown initiator asking for its channel may pair (pairing.h) and do
// nothing else.
//
// Thread-safety: everything on the io_context's one thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "daemon/device.h"
#include "daemon/pairing.h"
#include "daemon/peer_session.h"
#include "libsync/net/noise_channel.h"

namespace mutual::daemon {

inline constexpr uint16_t kDefaultPeerPort = 47470;

struct PeerServiceOptions {
  std::string listen_host = "0.0.0.0";
  uint16_t listen_port = kDefaultPeerPort;  // 0 = any free port
  // When the port is busy, listen on a free one instead (and say which in
  // `status`) rather than fail.
  bool fall_back_to_ephemeral = true;
  net::ChannelOptions channel;
  SessionOptions session;
  std::chrono::milliseconds min_backoff{250};
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::milliseconds connect_timeout{5000};
  // Dials on a discovery hint (DialHint): at most one per address per
  // `hint_redial`, and at most `max_hint_dials` at once.
  std::chrono::milliseconds hint_redial{30000};
  size_t max_hint_dials = 8;
};

class PeerService {
 public:
  PeerService(net::asio::io_context& io, Device& device, PeerServiceOptions options);

  // Binds the listener. Returns the port it listens on.
  Result<uint16_t> Listen();
  // Starts accepting and dialing the stored addresses; hooks into the device.
  void Start();
  void Stop();

  // A LAN beacon suggests a member device listens at `address`: dials it
  // once, through the same checks as any dial (the responder must be a
  // member device), unless it was tried lately, a dial to it is already
  // running, or too many hint dials are. A dial that finds a device we
  // already have a session with gives up before revealing who we are.
  void DialHint(const std::string& address);

  size_t session_count() const { return sessions_.size(); }
  Pairing& pairing() { return pairing_; }

 private:
  net::awaitable<void> AcceptLoop();
  net::awaitable<void> Serve(net::TcpSocket socket);
  net::awaitable<void> DialLoop(std::string address);
  // One connection attempt; returns when its session ends. OK when a
  // session ran (the backoff resets), the failure otherwise.
  // `unless_connected`: abort the handshake when the responder already has
  // a session with us.
  net::awaitable<Status> DialOnce(const std::string& address,
                                  bool unless_connected = false);
  net::awaitable<void> HintDial(std::string address);
  bool HasSessionWith(const crypto::PublicKey& device) const;
  // `address`: where we dialed (`dialed`), or the host the peer came from.
  std::shared_ptr<PeerSession> AddSession(std::unique_ptr<net::NoiseChannel> channel,
                                          const crypto::PublicKey& peer_device,
                                          const std::string& address, bool dialed);
  void Dial(const std::string& address);

  net::asio::io_context& io_;
  Device& device_;
  PeerServiceOptions options_;
  net::TcpAcceptor acceptor_;
  std::set<std::shared_ptr<PeerSession>> sessions_;
  std::set<std::string> dialing_;
  std::set<std::string> hint_dialing_;
  std::map<std::string, std::chrono::steady_clock::time_point> hinted_at_;
  Pairing pairing_;
  bool stopped_ = false;
};

}  // namespace mutual::daemon
