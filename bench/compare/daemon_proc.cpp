#include "bench/compare/daemon_proc.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/compare/bench_clock.h"
#include "cli/control_client.h"

namespace mutual::bench {

std::string BinDir() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "bin")
      .string();
}

Result<std::string> MakeTempDir(const std::string& tag) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("mutual-" + tag + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return Status::IOError("mkdtemp failed");
  return pattern;
}

Result<Daemon> Daemon::Start(const std::string& home) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IOError("pipe failed");
  const std::string bin = BinDir() + "/mutuald";
  const pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    ::dup2(fds[1], 3);  // dup2 clears close-on-exec on fd 3
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(bin.c_str(), bin.c_str(), "--home", home.c_str(), "--listen", "127.0.0.1:0",
            "--ready-fd", "3", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string line;
  char c;
  pollfd p{fds[0], POLLIN, 0};
  while (line.size() < 512 && ::poll(&p, 1, 30000) == 1 && ::read(fds[0], &c, 1) == 1 &&
         c != '\n') {
    line += c;
  }
  ::close(fds[0]);
  Daemon d(home, pid);
  if (line != "ready") return Status::Unavailable("mutuald did not start: " + line);
  return d;
}

void Daemon::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

double Daemon::StatusMb(const std::string& file, const std::string& wanted) const {
  std::ifstream in("/proc/" + std::to_string(pid_) + file);
  std::string key;
  while (in >> key) {
    if (key == wanted) {
      double kb = 0;
      in >> kb;
      return kb * 1024 / 1e6;
    }
    std::getline(in, key);
  }
  return -1;
}

Result<wire::ControlResponse> Control(const std::string& home, wire::ControlRequest request) {
  cli::ClientOptions options;
  options.home = home;
  options.start_daemon = false;
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse r, cli::Call(options, std::move(request)));
  MUTUAL_RETURN_IF_ERROR(r.ToStatus());
  return r;
}

Status Init(const std::string& home, const std::string& name) {
  wire::ControlRequest r;
  r.command = wire::Command::kInit;
  r.name = name;
  return Control(home, r).status();
}

Result<std::string> NewPlan(const std::string& home, const std::string& title) {
  wire::ControlRequest r;
  r.command = wire::Command::kNew;
  r.title = title;
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse resp, Control(home, r));
  return resp.created_id;
}

Result<std::string> AddItem(const std::string& home, const std::string& plan,
                            const std::string& section, const std::string& text) {
  wire::ControlRequest r;
  r.command = wire::Command::kAdd;
  r.plan = plan;
  r.section = section;
  r.fields[section == "at-the-edge" ? "we_will" : "text"] = text;
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse resp, Control(home, r));
  return resp.created_id;
}

Status EditItem(const std::string& home, const std::string& item, const std::string& text) {
  wire::ControlRequest r;
  r.command = wire::Command::kEdit;
  r.item = item;
  r.fields["text"] = text;
  return Control(home, r).status();
}

Result<std::string> ShowJson(const std::string& home, const std::string& plan) {
  wire::ControlRequest r;
  r.command = wire::Command::kShow;
  r.plan = plan;
  r.format = "json";
  MUTUAL_ASSIGN_OR_RETURN(wire::ControlResponse resp, Control(home, r));
  return std::string(resp.body.begin(), resp.body.end());
}

Status WaitVisible(const std::string& home, const std::string& needle, int timeout_ms) {
  const double deadline = NowMs() + timeout_ms;
  while (NowMs() < deadline) {
    auto body = ShowJson(home);
    if (body.ok() && body->find(needle) != std::string::npos) return Status::Ok();
  }
  return Status::Unavailable("not visible in time: " + needle);
}

int RunQuiet(const std::vector<std::string>& argv) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace mutual::bench
