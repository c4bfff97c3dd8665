// Discovery: finding other member devices on the LAN by UDP beacons
// (DESIGN.md §5, doc/discovery.md).
//
// Every few seconds (interval ± jitter) it sends
//   - a member beacon: our TCP port, a fresh salt and one token per plan
//     this device syncs (libsync/crypto/lan_token.h), and
//   - an invite beacon for each open invite: our TCP port and the code's
//     channel (nothing derived from the words),
// to the configured targets (by default the LAN broadcast address).
//
// A member beacon with a token of one of our plans (this minute or the
// one before or after) makes the PeerService dial the sender's IP at the
// beacon's port (PeerService::DialHint): the beacon is a hint only — the
// Noise handshake decides whether that device is a member device. Our own
// beacons (heard back through a broadcast) are recognised by their salt.
// An invite beacon is remembered briefly for `join` without --peer
// (FindInviter).
//
// Thread-safety: everything on the io_context's one thread.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/device.h"
#include "daemon/peer_service.h"
#include "libsync/net/beacon_socket.h"
#include "libsync/wire/discovery_codec.h"

namespace mutual::daemon {

inline constexpr uint16_t kDefaultDiscoveryPort = 47471;

struct DiscoveryOptions {
  // Where beacons are received.
  net::UdpEndpoint bind{net::asio::ip::address_v4::any(), kDefaultDiscoveryPort};
  // Where beacons are sent; empty: the limited broadcast address
  // 255.255.255.255 at the bound port.
  std::vector<net::UdpEndpoint> targets;
  uint16_t tcp_port = 0;  // REQUIRED: where we accept peers (set by mutuald)
  std::chrono::milliseconds interval{4000};
  std::chrono::milliseconds jitter{1000};  // each wait: interval ± jitter
  // How long `join` without --peer waits for an invite beacon.
  std::chrono::milliseconds invite_wait{30000};
};

class Discovery {
 public:
  Discovery(net::asio::io_context& io, Device& device, PeerService& peers,
            DiscoveryOptions options);

  // Binds the beacon socket. IOError when it cannot be bound.
  Status Open();
  // Starts sending and receiving. REQUIRES: Open() succeeded.
  void Start();
  void Stop();

  // The bound UDP port (0 before Open()).
  uint16_t port() const { return socket_ ? socket_->port() : 0; }

  // The "HOST:PORT" of a device whose invite beacon carries `channel`
  // (heard from now on, or in the last few beacon intervals). Unavailable
  // with a clear message when none is heard within `invite_wait`.
  net::awaitable<Result<std::string>> FindInviter(uint16_t channel);

 private:
  struct HeardInvite {
    std::string address;
    std::chrono::steady_clock::time_point at;
  };

  net::awaitable<void> SendLoop();
  net::awaitable<void> ReceiveLoop();
  net::awaitable<void> SendBeacons();
  std::vector<wire::Beacon> MemberBeacons();
  void OnDatagram(const net::Datagram& d);
  void OnMemberBeacon(const wire::Beacon& b, const net::asio::ip::address& from);
  std::chrono::milliseconds NextWait() const;

  net::asio::io_context& io_;
  Device& device_;
  PeerService& peers_;
  DiscoveryOptions options_;
  std::optional<net::BeaconSocket> socket_;
  std::vector<net::UdpEndpoint> targets_;
  net::asio::steady_timer wake_;
  // Salts of our recent member beacons, to skip them when heard back.
  std::deque<crypto::LanSalt> sent_salts_;
  std::map<uint16_t, HeardInvite> invites_heard_;  // by channel
  bool stopped_ = false;
};

}  // namespace mutual::daemon
