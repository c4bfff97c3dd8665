// A Unix-socket listener for the control API (DESIGN.md §8): created mode
// 0600, in a directory only this user can use, accepting only peers with
// this process's uid.
//
// Thread-safety: the acceptor belongs to one io_context thread.
#pragma once

#include <string>

#include "libsync/net/asio.h"
#include "libsync/util/status.h"

namespace mutual::net {

// Binds and listens on `path`. A file already at `path` is removed first:
// REQUIRES the caller to hold the lock that makes it the only daemon for
// this path (a socket left by a killed daemon is stale, never live). When
// the parent directory is missing it is created with mode 0700; an
// existing parent must be owned by this user and not writable by others
// (PermissionDenied otherwise). The socket is created with umask 0177, so
// it is 0600 from the moment it exists. IOError on bind/listen failures.
Result<UnixAcceptor> ListenUnix(asio::io_context& io, const std::string& path);

// True when the connected peer runs as this process's effective uid
// (SO_PEERCRED). False also when the credentials cannot be read.
bool PeerIsSameUser(UnixSocket& socket);

}  // namespace mutual::net
