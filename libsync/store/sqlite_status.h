// Maps SQLite result codes to Status codes, so callers see one error model.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "libsync/util/status.h"

namespace mutual::store {

// The Status for SQLite result code `rc` (REQUIRES: an error code) with
// message "<context>: <detail>".
//   SQLITE_CORRUPT, SQLITE_NOTADB      → Corruption
//   SQLITE_CONSTRAINT (unique/PK)      → AlreadyExists
//   other SQLITE_CONSTRAINT            → InvalidArgument
//   SQLITE_BUSY, SQLITE_LOCKED         → Unavailable
//   SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH → PermissionDenied
//   anything else (IOERR, FULL, CANTOPEN, ...) → IOError
Status SqliteStatus(int rc, std::string_view context, std::string_view detail);

}  // namespace mutual::store
