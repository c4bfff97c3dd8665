#include "libsync/store/sqlite_status.h"

#include <sqlite3.h>

#include <string>

namespace mutual::store {

Status SqliteStatus(int rc, std::string_view context, std::string_view detail) {
  std::string msg(context);
  msg += ": ";
  msg += detail;
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::AlreadyExists(msg);
      }
      return Status::InvalidArgument(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::PermissionDenied(msg);
    default:
      return Status::IOError(msg);
  }
}

}  // namespace mutual::store
