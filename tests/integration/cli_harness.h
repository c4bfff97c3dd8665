// Harness for integration tests: a device home in a temporary directory,
// driven by the real `mutual` binary (which starts the real `mutuald`),
// with output, exit code and the daemon's pid at hand.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace mutual::integration {

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) with `env` added to this process's
// environment and `input` on stdin; kills it after `timeout_ms`.
RunResult RunProcess(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env,
                     const std::string& input, int timeout_ms = 60000);

// The last word of a command's output: the id `mutual add` and `mutual new`
// print ("added item 3f2a…").
std::string LastWord(const std::string& output);

// The item with `id` in a `show --json` plan; null when it is not there
// (never added, or removed).
nlohmann::json ItemById(const nlohmann::json& plan, const std::string& id);

// A `mutual` command running in the background (e.g. `invite`, which
// prints a code and then waits): its stdout can be read line by line.
class Spawned {
 public:
  Spawned(int pid, int out_fd) : pid_(pid), out_(out_fd) {}
  ~Spawned();
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  // The next line of stdout ("" at EOF), waiting up to `timeout_ms`.
  std::string ReadLine(int timeout_ms = 30000);
  // Waits for the exit; returns the exit code and the rest of stdout.
  RunResult Wait(int timeout_ms = 60000);
  // Sends `sig` to the process (e.g. SIGINT, as Ctrl-C would).
  void Signal(int sig) const;
  // Closes our end of its stdout, as a reader that went away would.
  void CloseOutput();

 private:
  int pid_;
  int out_;
  std::string buffered_;
};

class Home;

// The code from `mutual invite`'s first line ("pairing code: 7-foo-bar");
// fails the test when the line is not that.
std::string PairingCodeFrom(Spawned& invite);
// Polls `done` every 20 ms until it holds (true) or `seconds` pass (false).
bool WaitUntil(const std::function<bool()>& done, int seconds = 20);
// `mutual show --json` on `home`, parsed.
nlohmann::json ShowJson(const Home& home);

class Home {
 public:
  Home();
  // Stops the daemon (SIGTERM, then SIGKILL) so no test leaves one behind.
  ~Home();
  Home(const Home&) = delete;
  Home& operator=(const Home&) = delete;

  const std::string& path() const { return dir_.path(); }
  std::string File(const std::string& name) const { return dir_.File(name); }

  // `mutual --home <home> args...`, with cheap Argon2id for passphrases.
  RunResult Mutual(const std::vector<std::string>& args,
                   const std::string& input = "") const;
  // Starts `mutual --home <home> args...` without waiting for it.
  std::unique_ptr<Spawned> Spawn(const std::vector<std::string>& args) const;
  // Like Mutual, requiring exit code 0; returns stdout.
  std::string MustMutual(const std::vector<std::string>& args,
                         const std::string& input = "") const;

  // Extra environment for every run (e.g. XDG_RUNTIME_DIR). Every home
  // starts with MUTUAL_DISCOVERY=off (no LAN beacons); a test of discovery
  // sets it to "loopback".
  void SetEnv(const std::string& name, const std::string& value) { env_[name] = value; }

  // Starts `mutuald --home <home> args...` in the background and waits
  // until it listens. Fails the test when it reports an error instead.
  void StartDaemon(const std::vector<std::string>& args) const;
  // The daemon's peer port (`status --json` tcp_port).
  int PeerPort() const;

  // The running daemon's pid (from <home>/mutuald.lock), if one runs.
  std::optional<int> DaemonPid() const;
  // Sends `sig` to the daemon and waits until it is gone (true) or 10 s
  // have passed (false).
  bool SignalDaemon(int sig) const;

 private:
  ::mutual::testing::TempDir dir_;
  std::map<std::string, std::string> env_;
};

}  // namespace mutual::integration
