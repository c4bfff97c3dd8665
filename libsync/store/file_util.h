// Small POSIX file helpers for the store: errno → Status, full reads,
// fsync of files and directories, and atomic file replacement.
//
// Thread-safety: free functions; callers coordinate access to the paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::store {

// "<context>: <strerror(err)>", as PermissionDenied for EACCES/EPERM,
// NotFound for ENOENT, IOError otherwise.
Status ErrnoStatus(std::string_view context, int err);

// Reads until `n` bytes or end of file; returns the count read.
Result<size_t> ReadFully(int fd, uint8_t* out, size_t n);

// fsync()s the file at `path`.
Status SyncPath(const std::string& path);
// fsync()s the directory holding `path`, so a rename or link in it is durable.
Status SyncParentDir(const std::string& path);

// Writes `contents` to `path` atomically with mode 0600: a temporary file in
// the same directory is written, fsync'd and moved into place, then the
// directory is fsync'd. With `replace` false, AlreadyExists when `path`
// exists (and nothing is changed); with `replace` true an existing file is
// replaced in one step, so a reader sees the old or the new file, never a mix.
Status WriteFileAtomically(const std::string& path, ByteView contents, bool replace);

}  // namespace mutual::store
