#include "tests/integration/discovery_probe.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace mutual::integration {
namespace {

sockaddr_in LoopbackAddress(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

uint16_t BoundPort(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  return ntohs(a.sin_port);
}

// The socket inodes among /proc/<pid>/fd ("socket:[12345]").
std::set<std::string> SocketInodes(pid_t pid) {
  std::set<std::string> out;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = ::readdir(d)) {
    char target[256];
    const std::string link = dir + "/" + e->d_name;
    ssize_t n = ::readlink(link.c_str(), target, sizeof(target) - 1);
    if (n <= 0) continue;
    std::string t(target, static_cast<size_t>(n));
    if (t.rfind("socket:[", 0) == 0) out.insert(t.substr(8, t.size() - 9));
  }
  ::closedir(d);
  return out;
}

}  // namespace

uint16_t FreeUdpPort() {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a = LoopbackAddress(0);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  uint16_t port = BoundPort(fd);
  ::close(fd);
  return port;
}

void SendUdp(uint16_t port, const Bytes& datagram) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in to = LoopbackAddress(port);
  ssize_t n = ::sendto(fd, datagram.data(), datagram.size(), 0,
                       reinterpret_cast<sockaddr*>(&to), sizeof(to));
  ::close(fd);
  REQUIRE(n == static_cast<ssize_t>(datagram.size()));
}

TcpProbe::TcpProbe() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  sockaddr_in a = LoopbackAddress(0);
  REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  REQUIRE(::listen(fd_, 8) == 0);
  port_ = BoundPort(fd_);
}

TcpProbe::~TcpProbe() { ::close(fd_); }

bool TcpProbe::AcceptWithin(int timeout_ms) {
  pollfd p = {fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0) return false;
  ::close(conn);
  return true;
}

std::vector<uint16_t> UdpPortsOf(pid_t pid) {
  const std::set<std::string> inodes = SocketInodes(pid);
  std::vector<uint16_t> ports;
  for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      std::istringstream fields(line);
      std::string sl, local, remote, st, queues, timer, retr, uid, timeout, inode;
      fields >> sl >> local >> remote >> st >> queues >> timer >> retr >> uid >>
          timeout >> inode;
      if (inodes.count(inode) == 0) continue;
      const std::string hex_port = local.substr(local.find(':') + 1);
      ports.push_back(static_cast<uint16_t>(std::stoul(hex_port, nullptr, 16)));
    }
  }
  return ports;
}

}  // namespace mutual::integration
