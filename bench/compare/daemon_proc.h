// Real mutuald processes for the daemon benchmarks: started in a temporary
// home with --listen 127.0.0.1:0 (loopback only), driven through the
// control API (cli::Call, no CLI process per request), measured from /proc.
//
// Thread-safety: a Daemon is owned by one thread.
#pragma once
#include <string>
#include <vector>

#include "libsync/util/status.h"
#include "libsync/wire/control_codec.h"

namespace mutual::bench {

// <dir of this executable>/../bin, where mutual and mutuald are built.
std::string BinDir();
// A fresh directory under $TMPDIR (mode 0700).
Result<std::string> MakeTempDir(const std::string& tag);

class Daemon {
 public:
  // Spawns `mutuald --home HOME --listen 127.0.0.1:0 --ready-fd N` and waits
  // for its "ready" line.
  static Result<Daemon> Start(const std::string& home);
  Daemon(Daemon&& other) noexcept : home_(std::move(other.home_)), pid_(other.pid_) {
    other.pid_ = -1;
  }
  Daemon& operator=(Daemon&&) = delete;
  Daemon(const Daemon&) = delete;
  ~Daemon() { Stop(); }
  // SIGTERM, waiting until the process is gone.
  void Stop();
  int pid() const { return pid_; }
  // VmRSS of the process, in MB (10^6 bytes).
  double RssMb() const { return StatusMb("/status", "VmRSS:"); }
  // From /proc/PID/smaps_rollup: proportional set size and anonymous memory
  // (what RSS is made of besides the code pages of mutuald and its libraries).
  double PssMb() const { return StatusMb("/smaps_rollup", "Pss:"); }
  double AnonymousMb() const { return StatusMb("/smaps_rollup", "Anonymous:"); }

 private:
  Daemon(std::string home, int pid) : home_(std::move(home)), pid_(pid) {}
  // The kB value of `key` in /proc/PID<file>, in MB; -1 when absent.
  double StatusMb(const std::string& file, const std::string& key) const;
  std::string home_;
  int pid_;
};

// One control request to the daemon of `home` (which must run). An error
// response becomes the Status.
Result<wire::ControlResponse> Control(const std::string& home, wire::ControlRequest request);
// Shortcuts for the requests the benchmarks make.
Status Init(const std::string& home, const std::string& name);
Result<std::string> NewPlan(const std::string& home, const std::string& title);
Result<std::string> AddItem(const std::string& home, const std::string& plan,
                            const std::string& section, const std::string& text);
Status EditItem(const std::string& home, const std::string& item, const std::string& text);
// `show --json` of the home's only plan (its body).
Result<std::string> ShowJson(const std::string& home, const std::string& plan = "");
// Polls ShowJson until it contains `needle`; Unavailable after `timeout_ms`.
Status WaitVisible(const std::string& home, const std::string& needle, int timeout_ms);
// Runs `argv` to completion with stdout/stderr discarded; its exit code.
int RunQuiet(const std::vector<std::string>& argv);

}  // namespace mutual::bench
