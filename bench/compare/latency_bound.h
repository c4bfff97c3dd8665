// The bound for daemons.edit_visible_*: what one edit must at least cost on
// its way from one device to another, in one process and one thread —
// seal (encrypt + sign), durable commit (SQLite WAL, synchronous=FULL, one
// INSERT), one-way loopback TCP send of the length-prefixed envelope,
// receive, verify, decrypt, durable commit in a second database.
//
// The daemons workload runs one such edit after each daemon edit, so both
// see the same load on the machine's disk and cores.
//
// Thread-safety: single owner; uses its own files under `dir`.
#pragma once
#include <memory>
#include <string>

#include "libsync/util/status.h"

namespace mutual::bench {

class EditBound {
 public:
  // Two databases under `dir` and a loopback TCP connection; plaintexts of
  // `plaintext_bytes`.
  static Result<std::unique_ptr<EditBound>> Open(const std::string& dir,
                                                 size_t plaintext_bytes);
  virtual ~EditBound() = default;
  // Milliseconds of one more edit.
  virtual Result<double> OnceMs() = 0;
};

}  // namespace mutual::bench
