#include "tests/integration/cli_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace mutual::integration {
namespace {

using Clock = std::chrono::steady_clock;

// Every process a test starts inherits MUTUAL_DISCOVERY=off, also those
// started with an environment of their own (RunProcess): no test sends a
// LAN beacon unless it opts in with Home::SetEnv (doc/discovery.md).
const bool kDiscoveryOff = ::setenv("MUTUAL_DISCOVERY", "off", 1) == 0;

std::vector<std::string> MergedEnv(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv = *e;
    std::string name = kv.substr(0, kv.find('='));
    if (extra.count(name) == 0) out.push_back(kv);
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Spawns `argv` with stdin on /dev/null, this process's environment plus
// `env`, and `pipe_write_end` as fd `target_fd` (1: stdout; 3: the daemon's
// ready fd); other fds not inherited. Closes our copy of the write end.
pid_t SpawnWithPipe(std::vector<std::string> argv,
                    const std::map<std::string, std::string>& env, int pipe_write_end,
                    int target_fd) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (target_fd != 1) posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipe_write_end, target_fd);
  std::vector<std::string> envv = MergedEnv(env);
  auto cargv = CStrings(argv);
  auto cenv = CStrings(envv);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(pipe_write_end);
  REQUIRE(rc == 0);
  return pid;
}

bool ProcessGone(int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

RunResult RunProcess(const std::vector<std::string>& argv_in,
                     const std::map<std::string, std::string>& env,
                     const std::string& input, int timeout_ms) {
  int in[2], out[2], err[2];
  REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<std::string> argv = argv_in;
  std::vector<std::string> envv = MergedEnv(env);
  auto cargv = CStrings(argv);
  auto cenv = CStrings(envv);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  REQUIRE(rc == 0);
  // The input is small (a passphrase, a form); write it all, then EOF.
  if (!input.empty())
    REQUIRE(::write(in[1], input.data(), input.size()) == ssize_t(input.size()));
  ::close(in[1]);

  RunResult r;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0 && Clock::now() < deadline) {
    if (::poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[65536];
      ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  if (open_fds > 0) ::kill(pid, SIGKILL);  // timed out
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

Spawned::~Spawned() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
}

std::string Spawned::ReadLine(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out_ >= 0 && buffered_.find('\n') == std::string::npos &&
         Clock::now() < deadline) {
    struct pollfd p = {out_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out_, buf, sizeof(buf));
    if (n <= 0) break;
    buffered_.append(buf, static_cast<size_t>(n));
  }
  size_t nl = buffered_.find('\n');
  if (nl == std::string::npos) return std::exchange(buffered_, "");
  std::string line = buffered_.substr(0, nl);
  buffered_.erase(0, nl + 1);
  return line;
}

RunResult Spawned::Wait(int timeout_ms) {
  RunResult r;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::string line = ReadLine(std::max<int>(
        1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                deadline - Clock::now())
                                .count())));
    if (line.empty() && buffered_.empty()) break;
    r.out += line + "\n";
  }
  int status = 0;
  // Its stdout may be closed (CloseOutput) while it still runs: poll.
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

void Spawned::Signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

void Spawned::CloseOutput() {
  if (out_ >= 0) ::close(out_);
  out_ = -1;
  buffered_.clear();
}

std::unique_ptr<Spawned> Home::Spawn(const std::vector<std::string>& args) const {
  int out[2];
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  std::vector<std::string> argv = {MUTUAL_CLI_PATH, "--home", path()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = SpawnWithPipe(argv, env_, out[1], 1);
  return std::make_unique<Spawned>(pid, out[0]);
}

std::string LastWord(const std::string& output) {
  std::string t = output.substr(0, output.find_last_not_of(" \n") + 1);
  return t.substr(t.rfind(' ') + 1);
}

nlohmann::json ItemById(const nlohmann::json& plan, const std::string& id) {
  for (const nlohmann::json& s : plan["sections"]) {
    for (const nlohmann::json& item : s["items"]) {
      if (item["id"] == id) return item;
    }
  }
  return nullptr;
}

Home::Home() {
  REQUIRE(kDiscoveryOff);
  env_["MUTUAL_INSECURE_FAST_KDF"] = "1";
  // No LAN beacons from the test suite: every daemon a test starts, itself
  // or through the CLI, runs without discovery unless the test opts in
  // with MUTUAL_DISCOVERY=loopback (doc/discovery.md).
  env_["MUTUAL_DISCOVERY"] = "off";
}

Home::~Home() {
  if (DaemonPid() && !SignalDaemon(SIGTERM)) SignalDaemon(SIGKILL);
}

RunResult Home::Mutual(const std::vector<std::string>& args,
                       const std::string& input) const {
  std::vector<std::string> argv = {MUTUAL_CLI_PATH, "--home", path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, env_, input);
}

std::string Home::MustMutual(const std::vector<std::string>& args,
                             const std::string& input) const {
  RunResult r = Mutual(args, input);
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  INFO("mutual " << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

void Home::StartDaemon(const std::vector<std::string>& args) const {
  int ready[2];
  REQUIRE(::pipe2(ready, O_CLOEXEC) == 0);
  std::vector<std::string> argv = {MUTUAL_DAEMON_PATH, "--home", path(), "--ready-fd",
                                   "3"};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = SpawnWithPipe(argv, env_, ready[1], 3);
  std::string line;
  char c;
  while (::read(ready[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(ready[0]);
  INFO(line);
  REQUIRE(line == "ready");
  // The daemon is our child: reap it whenever it exits, so a stopped
  // daemon never lingers as a zombie holding its pid.
  std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
}

int Home::PeerPort() const {
  auto status = nlohmann::json::parse(MustMutual({"status", "--json"}));
  return status["tcp_port"].get<int>();
}

std::optional<int> Home::DaemonPid() const {
  const std::string lock = File("mutuald.lock");
  int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  // Held lock = a live daemon; a free one is left by a daemon that is gone.
  bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  ::close(fd);
  if (!held) return std::nullopt;
  std::ifstream in(lock);
  int pid = 0;
  in >> pid;
  if (pid <= 0) return std::nullopt;
  return pid;
}

bool Home::SignalDaemon(int sig) const {
  std::optional<int> pid = DaemonPid();
  if (!pid) return true;
  ::kill(*pid, sig);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    // Not our child (it runs in its own session), so poll rather than wait.
    if (ProcessGone(*pid) || !DaemonPid()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string PairingCodeFrom(Spawned& invite) {
  const std::string prefix = "pairing code: ";
  std::string line = invite.ReadLine();
  INFO(line);
  REQUIRE(line.rfind(prefix, 0) == 0);
  return line.substr(prefix.size());
}

bool WaitUntil(const std::function<bool()>& done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

nlohmann::json ShowJson(const Home& home) {
  return nlohmann::json::parse(home.MustMutual({"show", "--json"}));
}

}  // namespace mutual::integration
