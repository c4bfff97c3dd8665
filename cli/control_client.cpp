#include "cli/control_client.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <random>
#include <thread>

#include "libsync/net/asio.h"
#include "libsync/net/local_paths.h"
#include "libsync/wire/length_prefix.h"
#include "libsync/wire/limits.h"

extern char** environ;

namespace mutual::cli {
namespace {

using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Writes `frame`, then hands every frame read back to `on_frame` until it
// returns false (OK). IOError when writing fails or the daemon closes the
// connection first (`when_closed` says so); the decoder's error on a
// malformed frame.
net::awaitable<Status> WriteThenRead(net::UnixSocket& socket, const Bytes& frame,
                                     const char* when_closed,
                                     const std::function<bool(Bytes)>& on_frame) {
  auto [wec, written] =
      co_await net::asio::async_write(socket, net::asio::buffer(frame), net::kUseTuple);
  (void)written;
  if (wec) co_return Status::IOError("sending to the daemon failed: " + wec.message());
  wire::FrameDecoder decoder(wire::kMaxControlResponseBytes);
  std::array<uint8_t, 64 * 1024> buf;
  for (;;) {
    auto [rec, n] =
        co_await socket.async_read_some(net::asio::buffer(buf), net::kUseTuple);
    if (rec) co_return Status::IOError(when_closed);
    if (Status fed = decoder.Feed(ByteView(buf.data(), n)); !fed.ok()) co_return fed;
    while (std::optional<Bytes> payload = decoder.Next()) {
      if (!on_frame(std::move(*payload))) co_return Status::Ok();
    }
  }
}

// One request/response exchange over an already listening socket.
// Unavailable when nothing listens there.
Result<Bytes> Exchange(const std::string& socket_path, const Bytes& frame,
                       Clock::time_point deadline) {
  net::asio::io_context io;
  net::UnixSocket socket(io);
  net::error_code ec;
  socket.connect(net::UnixEndpoint(socket_path), ec);
  if (ec) return Status::Unavailable("no daemon at " + socket_path + ": " + ec.message());

  Result<Bytes> out = Status::IOError("the daemon did not answer in time");
  auto exchange = [&]() -> net::awaitable<void> {
    Bytes answer;
    Status st = co_await WriteThenRead(
        socket, frame, "the daemon closed the connection without answering",
        [&](Bytes payload) {
          answer = std::move(payload);
          return false;
        });
    if (st.ok()) {
      out = std::move(answer);
    } else {
      out = st;
    }
  };
  net::asio::co_spawn(io, exchange(), net::asio::detached);
  io.run_for(std::chrono::milliseconds(MillisLeft(deadline)));
  return out;
}

std::string DaemonBinary(const ClientOptions& options) {
  if (!options.daemon_path.empty()) return options.daemon_path;
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir.resize(dir.rfind('/') + 1);
    std::string beside = dir + "mutuald";
    if (::access(beside.c_str(), X_OK) == 0) return beside;
  }
  return "mutuald";  // posix_spawnp searches PATH
}

// Reads the daemon's start-up line from `fd` until newline, EOF or deadline.
std::string ReadReadyLine(int fd, Clock::time_point deadline) {
  std::string line;
  char c;
  while (line.size() < 4096) {
    struct pollfd p {
      fd, POLLIN, 0
    };
    int r = ::poll(&p, 1, MillisLeft(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    line += c;
  }
  return line;
}

// "error <code> <message>" as a Status; "" (no line) as Unavailable.
Status StartupError(const std::string& line) {
  if (line.empty()) return Status::Unavailable("mutuald exited without saying why");
  if (!line.starts_with("error ")) return Status::Unavailable("mutuald: " + line);
  size_t space = line.find(' ', 6);
  int code = std::atoi(line.substr(6, space - 6).c_str());
  std::string message = space == std::string::npos ? "" : line.substr(space + 1);
  if (code <= 0 || code > static_cast<int>(Status::Code::kUnavailable)) {
    return Status::Unavailable(message);
  }
  return Status::FromCode(static_cast<Status::Code>(code), message);
}

// Starts `mutuald --home HOME --ready-fd 3` in its own session, its output
// in <home>/mutuald.log, and waits for its start-up line.
Status StartDaemon(const ClientOptions& options, Clock::time_point deadline) {
  if (::mkdir(options.home.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IOError("cannot create home " + options.home + ": " +
                           std::strerror(errno));
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Status::IOError("pipe failed");
  const std::string log = options.home + "/mutuald.log";
  const std::string binary = DaemonBinary(options);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 3);
  std::vector<std::string> args = {binary, "--home", options.home, "--ready-fd", "3"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, binary.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return Status::Unavailable("cannot start " + binary + ": " + std::strerror(rc));
  }
  std::string line = ReadReadyLine(pipe_fds[0], deadline);
  ::close(pipe_fds[0]);
  // A daemon that failed has exited (or is about to); a ready one runs on
  // in its own session and is reaped by init when we are gone.
  if (line != "ready") ::waitpid(pid, nullptr, 0);
  return line == "ready" ? Status::Ok() : StartupError(line);
}

// Runs a watch on a connected socket: sends `frame`, then hands every
// response to `on_response` until it says stop, the daemon closes the
// connection, or SIGINT/SIGTERM arrives (which ends it quietly).
Status StreamOn(net::asio::io_context& io, net::UnixSocket& socket, const Bytes& frame,
                uint64_t id,
                const std::function<bool(const wire::ControlResponse&)>& on_response) {
  Status out = Status::Ok();
  bool interrupted = false;
  net::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const net::error_code& ec, int) {
    if (ec) return;
    interrupted = true;
    net::error_code ignored;
    socket.close(ignored);  // ends the read below
  });
  auto run = [&]() -> net::awaitable<void> {
    Status st = co_await WriteThenRead(
        socket, frame, "the daemon ended the watch (did it stop?)", [&](Bytes payload) {
          Result<wire::ControlResponse> response = wire::DecodeResponse(payload);
          if (!response.ok()) {
            out = response.status();
            return false;
          }
          if (response->id != id && response->id != 0) {
            out = Status::IOError("the daemon answered a different request");
            return false;
          }
          return on_response(*response);
        });
    if (!st.ok() && !interrupted) out = st;
  };
  net::asio::co_spawn(io, run(), [&](std::exception_ptr) { signals.cancel(); });
  io.run();
  return out;
}

// `request` encoded and framed for the socket.
Result<Bytes> FrameOf(const wire::ControlRequest& request) {
  MUTUAL_ASSIGN_OR_RETURN(Bytes payload, wire::EncodeRequest(request));
  return wire::FrameMessage(payload, wire::kMaxControlMessageBytes);
}

std::string SocketPathOf(const ClientOptions& options) {
  return net::ControlSocketPath(options.home, net::PathEnv::FromProcess());
}

}  // namespace

Status Stream(const ClientOptions& options, wire::ControlRequest request,
              const std::function<bool(const wire::ControlResponse&)>& on_response) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
  request.id = std::random_device{}() | 1u;
  MUTUAL_ASSIGN_OR_RETURN(Bytes frame, FrameOf(request));
  const std::string socket_path = SocketPathOf(options);
  for (;;) {
    net::asio::io_context io;
    net::UnixSocket socket(io);
    net::error_code ec;
    socket.connect(net::UnixEndpoint(socket_path), ec);
    if (!ec) return StreamOn(io, socket, frame, request.id, on_response);
    if (!options.start_daemon || MillisLeft(deadline) <= 0) {
      return Status::Unavailable("no daemon at " + socket_path + ": " + ec.message());
    }
    // As in Call: AlreadyExists means another daemon is about to listen.
    Status started = StartDaemon(options, deadline);
    if (started.code() == Status::Code::kAlreadyExists) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else if (!started.ok()) {
      return started;
    }
  }
}

Result<wire::ControlResponse> Call(const ClientOptions& options,
                                   wire::ControlRequest request) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
  request.id = std::random_device{}() | 1u;
  MUTUAL_ASSIGN_OR_RETURN(Bytes frame, FrameOf(request));
  const std::string socket_path = SocketPathOf(options);

  Result<Bytes> reply = Exchange(socket_path, frame, deadline);
  while (!reply.ok() && reply.status().IsUnavailable() && options.start_daemon &&
         MillisLeft(deadline) > 0) {
    Status started = StartDaemon(options, deadline);
    // AlreadyExists: another daemon holds the home — one another `mutual`
    // started a moment ago (about to listen), or one shutting down (about
    // to let go). Either way, try again shortly.
    if (started.code() == Status::Code::kAlreadyExists) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else if (!started.ok()) {
      return started;
    }
    reply = Exchange(socket_path, frame, deadline);
  }
  if (!reply.ok()) return reply.status();
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse response, wire::DecodeResponse(*reply));
  if (response.id != request.id && response.id != 0) {
    return Status::IOError("the daemon answered a different request");
  }
  return response;
}

}  // namespace mutual::cli
