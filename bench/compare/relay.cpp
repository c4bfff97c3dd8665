#include "bench/compare/relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench/compare/bench_clock.h"

namespace mutual::bench {

namespace {

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

}  // namespace

Result<std::unique_ptr<Relay>> Relay::Start(uint16_t target_port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a = Loopback(0);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(fd, 16) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return Status::IOError("relay: cannot listen on loopback");
  }
  std::unique_ptr<Relay> r(new Relay(fd, ntohs(a.sin_port), target_port));
  r->acceptor_ = std::thread([p = r.get()] { p->AcceptLoop(); });
  return r;
}

Relay::~Relay() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  DropConnections();
  acceptor_.join();
  for (std::thread& t : pumps_) t.join();
  ::close(listen_fd_);
}

void Relay::DropConnections() {
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
}

void Relay::AcceptLoop() {
  while (!stopping_) {
    const int in = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (in < 0) {
      if (stopping_) return;
      continue;
    }
    const int out = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in t = Loopback(target_);
    if (out < 0 || ::connect(out, reinterpret_cast<sockaddr*>(&t), sizeof t) != 0) {
      ::close(in);
      if (out >= 0) ::close(out);
      continue;
    }
    // As the daemons' own sockets: no Nagle delay added by the relay.
    const int one = 1;
    ::setsockopt(in, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(out, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++accepted_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_.insert(in);
      open_.insert(out);
    }
    pumps_.emplace_back([this, in, out] { Pump(in, out); });
  }
}

// Copies both ways until either side closes, then closes both.
void Relay::Pump(int a, int b) {
  char buf[65536];
  pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  bool open = true;
  while (open && ::poll(p, 2, -1) > 0) {
    for (int i = 0; i < 2 && open; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(p[i].fd, buf, sizeof buf);
      if (n <= 0) {
        open = false;
        break;
      }
      const int to = i == 0 ? b : a;
      for (ssize_t sent = 0; sent < n && open;) {
        const ssize_t w = ::send(to, buf + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
        if (w <= 0) open = false;
        else sent += w;
      }
      (i == 0 ? to_target_ : from_target_) += static_cast<uint64_t>(n);
      last_byte_ms_ = NowMs();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  open_.erase(a);
  open_.erase(b);
  ::close(a);
  ::close(b);
}

}  // namespace mutual::bench
