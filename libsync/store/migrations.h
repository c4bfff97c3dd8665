// The store's schema migrations, compiled into the binary.
//
// Each libsync/store/migrations/NNNN_name.sql file is one migration; the
// build (cmake/EmbedMigrations.cmake) embeds them in file-name order, with
// `version` = the leading number. A database's `PRAGMA user_version` is the
// version of the last migration applied to it. Migrations are append-only:
// a released migration is never edited, only followed by a new one
// (doc/store.md, "Migrations").
//
// Thread-safety: the returned list is immutable after first use.
#pragma once

#include <vector>

namespace mutual::store {

struct Migration {
  int version;       // 1, 2, 3, ... with no gaps
  const char* name;  // the file name without ".sql"
  const char* sql;   // one or more statements, run inside one transaction
};

// Every migration, in ascending version order.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace mutual::store
