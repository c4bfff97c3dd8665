// Key upkeep for one device's replica of a plan (DESIGN.md §4): adopting
// the doc keys other devices sealed to us, choosing the epoch new envelopes
// use, and writing the rotation or share the plan needs. The plan decides
// what is needed (plan/key_epochs.h); this is where keys are sealed and
// opened. Pure: the caller persists what it returns.
//
// Thread-safety: free functions over values the caller owns.
#pragma once

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/envelope.h"
#include "libsync/plan/plan.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/replica.h"

namespace mutual::sync {

// The keys sealed to this device (`delivery` is its delivery key pair) in
// `plan`'s rotations and shares (plan::KeysSealedTo) that `keyring` does
// not hold yet, opened.
// A box that does not open is skipped (its author sealed it wrongly; the
// plan's other devices will share the key again).
std::vector<std::pair<crypto::Hash32, crypto::DocKey>> KeysToAdopt(
    const plan::Plan& plan, const Keyring& keyring, const crypto::X25519KeyPair& delivery);

// The epoch `plan` says writers use (its initial epoch before any rotation).
crypto::Hash32 WritingEpoch(const plan::Plan& plan, const crypto::DocId& doc);

// The one change the plan's keys need from this device, committed to
// `plan`: a rotation when a former member's device holds the writing
// epoch, else a share of an epoch whose key `keyring` holds with the
// current devices that lack it. nullopt when nothing is needed (or this
// device is not a current member's). Errors are the plan's.
Result<std::optional<plan::Committed>> KeyUpkeep(plan::Plan& plan, const Keyring& keyring,
                                                 int64_t now_ms);

// The whole upkeep for one replica, as a device runs it after every change
// it stores or receives and at every start: adopt the keys sealed to it
// (`keep_key` stores each before it is used), switch to the writing
// epoch, then write what KeyUpkeep asks for (`persist` seals and stores
// each change) until nothing more is needed. Skipped while the replica's
// writer is stopped. The first failing hook's error is returned.
struct UpkeepHooks {
  std::function<Status(const crypto::Hash32&, const crypto::DocKey&)> keep_key;
  std::function<Status(const plan::Committed&)> persist;
};
Status AdoptKeys(Replica<plan::Plan>& replica, const crypto::DocId& doc,
                 const crypto::X25519KeyPair& delivery, const UpkeepHooks& hooks);
Status UpkeepKeys(Replica<plan::Plan>& replica, const crypto::DocId& doc,
                  const crypto::X25519KeyPair& delivery, int64_t now_ms,
                  const UpkeepHooks& hooks);

}  // namespace mutual::sync
