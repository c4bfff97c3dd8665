#include "libsync/net/beacon_socket.h"

#include "libsync/net/tcp_connect.h"

namespace mutual::net {

Result<UdpEndpoint> ParseUdpEndpoint(const std::string& address, bool allow_port_zero) {
  MUTUAL_ASSIGN_OR_RETURN(auto host_port, ParseHostPort(address, allow_port_zero));
  error_code ec;
  auto ip = asio::ip::make_address(host_port.first, ec);
  if (ec) {
    return Status::InvalidArgument("a beacon address needs a numeric IP address, not \"" +
                                   host_port.first + "\"");
  }
  return UdpEndpoint(ip, host_port.second);
}

std::string EndpointString(const asio::ip::address& address, uint16_t port) {
  if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(port);
  return address.to_string() + ":" + std::to_string(port);
}

bool IsLoopback(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().is_loopback();
  const asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).is_loopback();
  }
  return v6.is_loopback();
}

Result<BeaconSocket> BeaconSocket::Open(asio::io_context& io, const UdpEndpoint& local,
                                        size_t max_datagram) {
  UdpSocket socket(io);
  error_code ec;
  socket.open(local.protocol(), ec);
  if (!ec) socket.set_option(UdpSocket::reuse_address(true), ec);
  if (!ec) socket.set_option(asio::socket_base::broadcast(true), ec);
  if (!ec) socket.bind(local, ec);
  if (ec) {
    return Status::IOError("cannot bind the beacon socket to " +
                           EndpointString(local.address(), local.port()) + ": " +
                           ec.message());
  }
  return BeaconSocket(std::move(socket), max_datagram);
}

uint16_t BeaconSocket::port() const {
  error_code ec;
  UdpEndpoint local = socket_.local_endpoint(ec);
  return ec ? 0 : local.port();
}

awaitable<Status> BeaconSocket::SendTo(Bytes datagram, std::vector<UdpEndpoint> targets) {
  Status first = Status::Ok();
  for (const UdpEndpoint& to : targets) {
    auto [ec, sent] =
        co_await socket_.async_send_to(asio::buffer(datagram), to, kUseTuple);
    if ((ec || sent != datagram.size()) && first.ok()) {
      first = Status::IOError("cannot send a beacon to " +
                              EndpointString(to.address(), to.port()) + ": " +
                              (ec ? ec.message() : "short write"));
    }
  }
  co_return first;
}

awaitable<Result<Datagram>> BeaconSocket::Receive() {
  // One byte more than allowed: a datagram that fills it was too large.
  Bytes buffer(max_datagram_ + 1);
  for (;;) {
    Datagram d;
    auto [ec, n] =
        co_await socket_.async_receive_from(asio::buffer(buffer), d.from, kUseTuple);
    if (ec) {
      // ICMP port-unreachable from an earlier send shows up here on Linux
      // as ECONNREFUSED; it says nothing about the next datagram.
      if (ec == asio::error::connection_refused && socket_.is_open()) continue;
      co_return Status::IOError("beacon socket: " + ec.message());
    }
    if (n == 0 || n > max_datagram_) continue;
    d.bytes.assign(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(n));
    co_return d;
  }
}

void BeaconSocket::Close() {
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace mutual::net
