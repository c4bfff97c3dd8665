// A byte-counting TCP relay on loopback, between two real daemons: one
// dials the relay's port (the address it joined with), the relay dials the
// other's port, and every byte passed on is counted by direction. It
// counts what TCP carries — the peer protocol's framing, Noise and
// envelopes — not TCP/IP headers.
//
// Thread-safety: the counters and DropConnections may be used from any
// thread; the relay runs one thread per connection plus an accept thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "libsync/util/status.h"

namespace mutual::bench {

class Relay {
 public:
  // Listens on 127.0.0.1:<any port>; connections go to 127.0.0.1:target.
  static Result<std::unique_ptr<Relay>> Start(uint16_t target_port);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  uint16_t port() const { return port_; }
  // Bytes from the dialing side to the target, and back.
  uint64_t to_target() const { return to_target_; }
  uint64_t from_target() const { return from_target_; }
  uint64_t total() const { return to_target_ + from_target_; }
  // Connections accepted so far.
  uint64_t accepted() const { return accepted_; }
  // Milliseconds (NowMs) of the last byte passed on.
  double last_byte_ms() const { return last_byte_ms_; }
  void ResetCounters() { to_target_ = from_target_ = 0; }
  // Closes every open connection (both sides see the connection drop).
  void DropConnections();

 private:
  Relay(int listen_fd, uint16_t port, uint16_t target)
      : listen_fd_(listen_fd), port_(port), target_(target) {}
  void AcceptLoop();
  void Pump(int a, int b);

  int listen_fd_;
  uint16_t port_;
  uint16_t target_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> to_target_{0}, from_target_{0}, accepted_{0};
  std::atomic<double> last_byte_ms_{0};
  std::mutex mu_;
  std::set<int> open_;  // fds of live connections, guarded by mu_
  std::thread acceptor_;
  std::vector<std::thread> pumps_;  // touched only by the accept thread and ~Relay
};

}  // namespace mutual::bench
