#include "libsync/net/tcp_connect.h"

namespace mutual::net {

using namespace boost::asio::experimental::awaitable_operators;

Result<std::pair<std::string, uint16_t>> ParseHostPort(const std::string& a,
                                                       bool allow_port_zero) {
  const size_t colon = a.rfind(':');
  const std::string port = colon == std::string::npos ? "" : a.substr(colon + 1);
  if (colon == std::string::npos || colon == 0 || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      (std::stoul(port) == 0 && !allow_port_zero) || std::stoul(port) > 65535) {
    return Status::InvalidArgument("an address is HOST:PORT (port 1-65535), not \"" + a +
                                   "\"");
  }
  std::string host = a.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::make_pair(host, static_cast<uint16_t>(std::stoul(port)));
}

awaitable<Result<TcpSocket>> ConnectTcp(std::string address,
                                        std::chrono::milliseconds timeout) {
  auto parsed = ParseHostPort(address);
  if (!parsed.ok()) co_return parsed.status();
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  asio::steady_timer timer(executor);
  timer.expires_after(timeout);
  auto resolved = co_await (
      resolver.async_resolve(parsed->first, std::to_string(parsed->second), kUseTuple) ||
      timer.async_wait(kUseTuple));
  if (resolved.index() == 1 || std::get<0>(std::get<0>(resolved))) {
    co_return Status::Unavailable("cannot resolve " + address);
  }
  auto endpoints = std::get<1>(std::get<0>(resolved));
  TcpSocket socket(executor);
  auto connected = co_await (asio::async_connect(socket, endpoints, kUseTuple) ||
                             timer.async_wait(kUseTuple));
  if (connected.index() == 1 || std::get<0>(std::get<0>(connected))) {
    co_return Status::Unavailable("cannot connect to " + address);
  }
  co_return std::move(socket);
}

}  // namespace mutual::net
