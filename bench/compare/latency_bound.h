// The bound for daemons.edit_visible_*: what one edit must at least cost on
// its way from one device to another, in one process and one thread —
// seal (encrypt + sign), durable commit (SQLite WAL, synchronous=FULL, one
// INSERT), one-way loopback TCP send of the length-prefixed envelope,
// receive, verify, decrypt, durable commit in a second database.
//
// Thread-safety: a free function; uses its own files under `dir`.
#pragma once
#include <string>

#include "libsync/util/status.h"

namespace mutual::bench {

// Median milliseconds of `n` such edits (plaintexts of `plaintext_bytes`).
Result<double> EditBoundMs(const std::string& dir, int n, size_t plaintext_bytes);

}  // namespace mutual::bench
