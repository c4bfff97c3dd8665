// LAN discovery tokens (DESIGN.md §5, doc/discovery.md): what a member
// beacon carries so that only devices holding the same plan recognise it,
// and beacons from different minutes or with different salts cannot be
// linked by anyone else.
//
//   lan_key = BLAKE2b-256(key = doc key, message = "mutual/lan/v1")
//   epoch   = floor(unix seconds / 60), as a big-endian u64
//   token   = BLAKE2b-256(key = lan_key, message = epoch ‖ salt)
//
// The salt is 16 random bytes, sent in the clear beside the tokens. Only
// the current key epoch's doc key is used, so a former member who kept an
// old key cannot recognise beacons once the key has been rotated.
//
// Thread-safety: pure functions on values; the time is passed in.
// REQUIRES: InitSodium() succeeded.
#pragma once

#include <cstdint>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/hash.h"
#include "libsync/util/bytes.h"

namespace mutual::crypto {

inline constexpr size_t kLanSaltBytes = 16;
inline constexpr int64_t kLanEpochSeconds = 60;

using LanSalt = FixedBytes<kLanSaltBytes>;
using LanToken = Hash32;

// The per-plan key beacons are derived from. Wiped when destroyed; treat
// as secret (it lets its holder recognise the plan's beacons).
class LanKey {
 public:
  explicit LanKey(const DocKey& doc_key);
  LanKey(const LanKey&) = default;
  LanKey& operator=(const LanKey&) = default;
  ~LanKey();

  const Hash32& bytes() const { return key_; }

 private:
  Hash32 key_{};
};

// floor(unix_seconds / 60); times before 1970 count as epoch 0.
uint64_t LanEpochAt(int64_t unix_seconds);

// A fresh random salt.
LanSalt RandomLanSalt();

// The token for `key` in minute `epoch` with `salt`.
LanToken LanTokenFor(const LanKey& key, uint64_t epoch, const LanSalt& salt);

// True when `token` is `key`'s token with `salt` for the minute of
// `unix_seconds` or the one before or after it (clocks on a LAN disagree
// a little). Compares in constant time.
bool LanTokenMatches(const LanKey& key, const LanToken& token, const LanSalt& salt,
                     int64_t unix_seconds);

}  // namespace mutual::crypto
