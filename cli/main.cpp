// `mutual`: the command-line client. Wires the real daemon connection,
// editor and passphrase prompt into RunCli (cli/app.h).
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/control_client.h"
#include "cli/editor.h"
#include "cli/passphrase.h"
#include "libsync/crypto/sodium.h"
#include "libsync/net/local_paths.h"

namespace {

using mutual::Result;
using mutual::Status;

Result<std::string> CurrentDir() {
  std::vector<char> buf(4096);
  if (::getcwd(buf.data(), buf.size()) == nullptr) {
    return Status::IOError("cannot read the current directory");
  }
  return std::string(buf.data());
}

Result<mutual::wire::ControlResponse> CallDaemon(
    const std::optional<std::string>& home_flag, mutual::wire::ControlRequest request) {
  MUTUAL_ASSIGN_OR_RETURN(const std::string cwd, CurrentDir());
  mutual::cli::ClientOptions options;
  // Waiting for someone to use an invite code may take its whole lifetime:
  // the other members' approvals (up to a day), then 10 minutes.
  if (request.command == mutual::wire::Command::kInviteWait)
    options.timeout_ms = (24 * 60 + 11) * 60 * 1000;
  MUTUAL_ASSIGN_OR_RETURN(
      options.home,
      mutual::net::ResolveHome(home_flag, mutual::net::PathEnv::FromProcess(), cwd));
  return mutual::cli::Call(options, std::move(request));
}

Status StreamDaemon(const std::optional<std::string>& home_flag,
                    mutual::wire::ControlRequest request,
                    const mutual::cli::AppDeps::OnResponse& on_response) {
  MUTUAL_ASSIGN_OR_RETURN(const std::string cwd, CurrentDir());
  mutual::cli::ClientOptions options;
  MUTUAL_ASSIGN_OR_RETURN(
      options.home,
      mutual::net::ResolveHome(home_flag, mutual::net::PathEnv::FromProcess(), cwd));
  return mutual::cli::Stream(options, std::move(request), on_response);
}

Result<std::string> Edit(const std::string& text) {
  return mutual::cli::EditText(
      mutual::cli::EditorCommand(std::getenv("VISUAL"), std::getenv("EDITOR")),
      mutual::cli::TempDir(std::getenv("TMPDIR")), text);
}

}  // namespace

int main(int argc, char** argv) {
  // The socket path of a long home is a BLAKE2b hash (libsync/net/local_paths.h).
  if (!mutual::crypto::InitSodium().ok()) {
    std::cerr << "mutual: libsodium failed to initialise\n";
    return 1;
  }
  // `watch` writes until its reader goes away: a closed pipe is then an
  // error on write (and a quiet exit), not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  mutual::cli::AppDeps deps;
  deps.out = &std::cout;
  deps.err = &std::cerr;
  deps.call = CallDaemon;
  deps.stream = StreamDaemon;
  deps.edit = Edit;
  deps.passphrase = mutual::cli::ReadPassphrase;
  const int code =
      mutual::cli::RunCli(std::vector<std::string>(argv + 1, argv + argc), deps);
  std::cout.flush();
  return code;
}
