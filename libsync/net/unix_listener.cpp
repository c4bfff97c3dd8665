#include "libsync/net/unix_listener.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mutual::net {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string ParentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The socket's directory must not let anyone else swap the socket: it is
// ours and closed to group/other writes (a fallback dir under /tmp could
// otherwise have been planted by another user).
Status CheckOrMakeParent(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IOError(Errno("cannot create " + dir));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return Status::IOError(Errno("cannot stat " + dir));
  if (!S_ISDIR(st.st_mode)) return Status::IOError(dir + " is not a directory");
  if (st.st_uid != ::geteuid() || (st.st_mode & 0022) != 0) {
    return Status::PermissionDenied(
        dir + " must be owned by this user and not writable by others (control socket)");
  }
  return Status::Ok();
}

}  // namespace

Result<UnixAcceptor> ListenUnix(asio::io_context& io, const std::string& path) {
  MUTUAL_RETURN_IF_ERROR(CheckOrMakeParent(ParentOf(path)));
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IOError(Errno("cannot remove stale socket " + path));
  }
  UnixAcceptor acceptor(io);
  error_code ec;
  acceptor.open(asio::local::stream_protocol(), ec);
  if (ec) return Status::IOError("cannot open control socket: " + ec.message());
  // umask is process-wide; the daemon binds once at start-up, before any
  // other thread could create files.
  mode_t old = ::umask(0177);
  acceptor.bind(UnixEndpoint(path), ec);
  ::umask(old);
  if (ec) return Status::IOError("cannot bind " + path + ": " + ec.message());
  if (::chmod(path.c_str(), 0600) != 0) return Status::IOError(Errno("chmod " + path));
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IOError("cannot listen on " + path + ": " + ec.message());
  return acceptor;
}

bool PeerIsSameUser(UnixSocket& socket) {
  struct ucred cred {};
  socklen_t len = sizeof(cred);
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    return false;
  }
  return len == sizeof(cred) && cred.uid == ::geteuid();
}

}  // namespace mutual::net
