// History: the plan's change log in people's words, for `mutual log`.
//
// One HistoryEntry per change the document has applied — valid, invalid
// (the policy rejected it) and void (its device's member left or was
// removed first). Changes still pending for missing deps are not listed:
// they have not been judged, and their place in the history is not known.
//
// Order: oldest first, in a causal order every replica computes alike.
// Among the changes whose deps are all listed already, the next is the one
// with the smallest (time_ms, author key, seq). A change never precedes a
// change it depends on, even when a device's clock was wrong; replicas
// holding the same changes list them in the same order, whatever order they
// received them in.
//
// Summaries (`what`) come from the change's domain ops (one each) and from
// which plan objects its map and text ops touch, folded to one summary per
// thing: all edits of one item's fields are one "edited item … (fields)",
// and the bookkeeping around an action (order lists, edited/edited_by) is
// not mentioned. Member names in summaries are the names the plan's
// membership gives (former members included).
//
// Thread-safety: pure functions over a Plan the caller owns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libsync/plan/plan.h"

namespace mutual::plan {

struct HistoryEntry {
  // "<first 8 hex of the author's key>:<seq>": stable, names one change.
  std::string change_id;
  std::string member;   // member id of the signing device; "" if unknown
  std::string device;   // device fingerprint (first 8 hex of its key)
  int64_t time_ms = 0;  // the author's wall clock (informational)
  uint64_t seq = 0;
  std::string status;  // "applied", "invalid" or "void"
  std::string reason;  // why invalid or void; "" when applied
  // Human summaries, one per distinct thing done: `created the plan "Rae &
  // Jun"`, `added item 3f2a9c1d (hot-button) to hot-buttons`,
  // `edited item 3f2a9c1d (we_will, from_time)`, `agreed to item 3f2a9c1d`.
  std::vector<std::string> what;
  std::string item;  // the first item the change touches; "" if none
};

// Every applied change of `plan`'s document, in the order described above.
std::vector<HistoryEntry> History(const Plan& plan);

// The entry History() lists for the one change `id`, for streaming changes
// as they arrive (`mutual watch`). `members` is plan.members() (passed in
// so a batch of changes folds the membership once).
// REQUIRES: `id` is an applied change of plan's document (valid, invalid
// or void; not pending).
HistoryEntry HistoryEntryOf(const Plan& plan, const Membership& members,
                            const crdt::ChangeId& id);

// "a1b2c3d4:7" for a change.
std::string HistoryChangeId(const crdt::ChangeId& id);

}  // namespace mutual::plan
