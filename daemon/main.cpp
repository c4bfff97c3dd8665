// mutuald: the per-home daemon (DESIGN.md §8). Holds the home's lock,
// opens its store and serves the control API on its socket until SIGTERM.
//
//   mutuald [--home DIR] [--listen HOST:PORT] [--ready-fd N] [--insecure-fast-kdf]
//           [--no-discovery | --discovery-port [HOST:]PORT --discovery-to HOST:PORT,...]
//
// `mutual` starts it on demand with --ready-fd: the daemon writes "ready"
// there once it listens, or "error <code> <message>" when it cannot start
// (<code> is the number of mutual::Status::Code, so the starter can tell
// "another daemon won the race" from a real failure).
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "daemon/control_server.h"
#include "daemon/device.h"
#include "daemon/discovery_config.h"
#include "daemon/peer_service.h"
#include "libsync/crypto/sodium.h"
#include "libsync/net/local_paths.h"
#include "libsync/net/tcp_connect.h"
#include "libsync/net/unix_listener.h"
#include "libsync/store/home_lock.h"

namespace {

using namespace mutual;

constexpr const char* kVersion = MUTUAL_VERSION;  // CMake PROJECT_VERSION

constexpr const char* kUsage =
    "usage: mutuald [--home DIR] [--listen HOST:PORT] [--ready-fd N] "
    "[--insecure-fast-kdf]\n"
    "               [--no-discovery | --discovery-port [HOST:]PORT "
    "--discovery-to HOST:PORT,...]\n"
    "\n"
    "The mutual daemon for one device home: it keeps the home's plans and\n"
    "serves the `mutual` command on <home>/control.sock. `mutual` starts it\n"
    "when needed; run it yourself to keep it in the foreground.\n"
    "\n"
    "  --home DIR           the device home (default: $MUTUAL_HOME, else\n"
    "                       $XDG_DATA_HOME/mutual, else ~/.local/share/mutual)\n"
    "  --listen HOST:PORT   where other member devices connect (default\n"
    "                       0.0.0.0:47470, or a free port when that is busy);\n"
    "                       remembered in the home for later starts\n"
    "  --ready-fd N         write \"ready\" or \"error CODE MESSAGE\" to fd N\n"
    "  --insecure-fast-kdf  cheapest Argon2id cost for new passphrases (tests\n"
    "                       only; also set by MUTUAL_INSECURE_FAST_KDF=1)\n"
    "  --no-discovery       no LAN discovery: no UDP socket at all\n"
    "  --discovery-port [HOST:]PORT\n"
    "                       where LAN beacons are received (default 0.0.0.0:47471)\n"
    "  --discovery-to HOST:PORT,...\n"
    "                       where beacons are sent (default 255.255.255.255 at\n"
    "                       the discovery port); the discovery flags are\n"
    "                       remembered in the home. MUTUAL_DISCOVERY=off turns\n"
    "                       discovery off, =loopback allows only loopback\n"
    "  --help, --version\n";

struct Args {
  std::optional<std::string> home;
  std::optional<std::string> listen;
  int ready_fd = -1;
  bool fast_kdf = false;
  daemon::DiscoveryFlags discovery;
};

// Reports the start-up outcome where the starter looks for it.
void Report(int ready_fd, const std::string& line) {
  if (ready_fd >= 0) {
    std::string msg = line + "\n";
    ssize_t ignored = ::write(ready_fd, msg.data(), msg.size());
    (void)ignored;
    ::close(ready_fd);
  }
}

int Fail(int ready_fd, const Status& s) {
  Report(ready_fd,
         "error " + std::to_string(static_cast<int>(s.code())) + " " + s.message());
  std::fprintf(stderr, "mutuald: %s\n", s.message().c_str());
  return 1;
}

std::optional<Args> ParseArgs(int argc, char** argv) {
  Args a;
  const char* fast = std::getenv("MUTUAL_INSECURE_FAST_KDF");
  a.fast_kdf = fast != nullptr && std::strcmp(fast, "1") == 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--version") {
      std::printf("mutuald %s\n", kVersion);
      std::exit(0);
    } else if (arg == "--home") {
      a.home = value();
      if (!a.home) return std::nullopt;
    } else if (arg == "--listen") {
      a.listen = value();
      if (!a.listen) return std::nullopt;
    } else if (arg == "--ready-fd") {
      auto v = value();
      if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos ||
          v->size() > 6) {
        return std::nullopt;
      }
      a.ready_fd = std::stoi(*v);
    } else if (arg == "--insecure-fast-kdf") {
      a.fast_kdf = true;
    } else if (arg == "--no-discovery") {
      a.discovery.off = true;
    } else if (arg == "--discovery-port") {
      a.discovery.port = value();
      if (!a.discovery.port) return std::nullopt;
    } else if (arg == "--discovery-to") {
      a.discovery.to = value();
      if (!a.discovery.to) return std::nullopt;
    } else {
      std::fprintf(stderr, "mutuald: unknown argument %s\n", arg.c_str());
      return std::nullopt;
    }
  }
  return a;
}

// The listen address: --listen (then remembered in <home>/listen), else the
// remembered one, else the default.
Result<daemon::PeerServiceOptions> PeerOptions(const std::string& home,
                                               const std::optional<std::string>& flag) {
  const std::string file = home + "/listen";
  std::string address;
  if (flag) {
    address = *flag;
  } else {
    std::ifstream in(file);
    std::getline(in, address);
  }
  daemon::PeerServiceOptions options;
  if (address.empty()) return options;
  auto host_port = net::ParseHostPort(address, /*allow_port_zero=*/true);
  if (!host_port.ok()) return host_port.status().WithContext("--listen");
  options.listen_host = host_port->first;
  options.listen_port = host_port->second;
  // An explicit port is what the person asked for: no silent fallback.
  options.fall_back_to_ephemeral = false;
  if (flag) {
    std::ofstream out(file, std::ios::trunc);
    out << address << "\n";
    if (!out) return Status::IOError("cannot write " + file);
  }
  return options;
}

int Run(const Args& args) {
  if (!crypto::InitSodium().ok())
    return Fail(args.ready_fd, Status::IOError("libsodium failed to initialise"));
  const net::PathEnv env = net::PathEnv::FromProcess();
  auto home = net::ResolveHome(args.home, env, std::filesystem::current_path().string());
  if (!home.ok()) return Fail(args.ready_fd, home.status());
  auto lock = store::HomeLock::Acquire(*home);
  if (!lock.ok()) return Fail(args.ready_fd, lock.status());

  SystemClock clock;
  daemon::Device::Options options;
  options.home = *home;
  options.clock = &clock;
  options.version = kVersion;
  if (args.fast_kdf) options.pwhash = store::PwhashParams::Cheapest();
  auto device = daemon::Device::Open(options);
  if (!device.ok()) return Fail(args.ready_fd, device.status());

  net::asio::io_context io(1);
  const std::string socket_path = net::ControlSocketPath(*home, env);
  auto acceptor = net::ListenUnix(io, socket_path);
  if (!acceptor.ok()) return Fail(args.ready_fd, acceptor.status());
  daemon::ControlServer server(std::move(acceptor).value(), **device);
  server.Start();

  auto peer_options = PeerOptions(*home, args.listen);
  if (!peer_options.ok()) return Fail(args.ready_fd, peer_options.status());
  daemon::PeerService peers(io, **device, *peer_options);
  auto port = peers.Listen();
  if (!port.ok()) return Fail(args.ready_fd, port.status());
  (*device)->set_tcp_port(*port);
  auto discovery_plan =
      daemon::ResolveDiscovery(*home, args.discovery, std::getenv("MUTUAL_DISCOVERY"));
  if (!discovery_plan.ok()) return Fail(args.ready_fd, discovery_plan.status());
  std::optional<daemon::Discovery> discovery;
  if (discovery_plan->options) {
    discovery_plan->options->tcp_port = *port;
    discovery.emplace(io, **device, peers, *discovery_plan->options);
    Status opened = discovery->Open();
    if (opened.ok()) {
      peers.pairing().set_inviter_finder(
          [&discovery](uint16_t channel) { return discovery->FindInviter(channel); });
    } else if (discovery_plan->explicit_config) {
      return Fail(args.ready_fd, opened);
    } else {
      // The default port is taken by something else: run without discovery.
      std::fprintf(stderr, "mutuald: no LAN discovery: %s\n", opened.message().c_str());
      discovery.reset();
    }
  }
  server.set_pairing(&peers.pairing());
  peers.Start();
  if (discovery) discovery->Start();

  net::asio::signal_set signals(io, SIGTERM, SIGINT, SIGHUP);
  signals.async_wait([&](const net::error_code& ec, int) {
    if (ec) return;
    server.Stop();
    if (discovery) discovery->Stop();
    peers.Stop();
    io.stop();
  });
  Report(args.ready_fd, "ready");
  io.run();
  // Still holding the home lock: no newer daemon can own this path yet.
  ::unlink(socket_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::optional<Args> args = ParseArgs(argc, argv);
  if (!args) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  return Run(*args);
}
