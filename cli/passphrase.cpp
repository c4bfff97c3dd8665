#include "cli/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "libsync/wire/limits.h"

namespace mutual::cli {
namespace {

void Wipe(std::string& s) {
  volatile char* p = s.data();
  for (size_t i = 0; i < s.size(); ++i) p[i] = 0;
  s.clear();
}

// Reads bytes one at a time up to the newline, so nothing after the line
// is consumed from a shared fd. `eof` tells whether input ended first.
Status ReadLine(int fd, std::string& line, bool& eof) {
  eof = false;
  while (true) {
    char c = 0;
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Status::IOError(std::string("reading the passphrase: ") + strerror(errno));
    }
    if (n == 0) {
      eof = true;
      return Status::Ok();
    }
    if (c == '\n') return Status::Ok();
    if (line.size() > wire::kMaxPassphraseBytes) continue;  // keep draining the line
    line.push_back(c);
  }
}

Status CheckLine(const std::string& line) {
  if (line.empty()) return Status::InvalidArgument("the passphrase is empty");
  if (line.size() > wire::kMaxPassphraseBytes) {
    return Status::InvalidArgument("the passphrase is longer than 1024 bytes");
  }
  return Status::Ok();
}

// Echo off on `tty` for one line; echo is restored on every path.
Result<std::string> AskOnce(int tty, std::string_view prompt) {
  (void)!::write(tty, prompt.data(), prompt.size());
  termios old{};
  const bool is_term = ::tcgetattr(tty, &old) == 0;
  if (is_term) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string line;
  bool eof = false;
  Status s = ReadLine(tty, line, eof);
  if (is_term) ::tcsetattr(tty, TCSAFLUSH, &old);
  if (s.ok()) s = CheckLine(line);
  if (!s.ok()) {
    Wipe(line);
    return s;
  }
  return line;
}

}  // namespace

Result<std::string> ReadPassphraseFromFd(int fd) {
  std::string line;
  bool eof = false;
  Status s = ReadLine(fd, line, eof);
  if (s.ok() && eof && line.empty()) {
    s = Status::InvalidArgument("no passphrase on file descriptor " + std::to_string(fd));
  }
  if (s.ok()) s = CheckLine(line);
  if (!s.ok()) {
    Wipe(line);
    return s;
  }
  return line;
}

Result<std::string> PromptPassphrase(bool confirm) {
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) {
    return Status::FailedPrecondition(
        "no terminal to ask for the passphrase (use --passphrase-fd FD)");
  }
  auto first = AskOnce(tty, "passphrase: ");
  if (first.ok() && confirm) {
    auto second = AskOnce(tty, "passphrase again: ");
    if (!second.ok()) {
      Wipe(*first);
      first = second.status();
    } else if (*second != *first) {
      Wipe(*first);
      Wipe(*second);
      first = Status::InvalidArgument("the passphrases do not match");
    } else {
      Wipe(*second);
    }
  }
  ::close(tty);
  return first;
}

Result<std::string> ReadPassphrase(std::optional<int> fd, bool confirm) {
  if (fd) return ReadPassphraseFromFd(*fd);
  return PromptPassphrase(confirm);
}

}  // namespace mutual::cli
