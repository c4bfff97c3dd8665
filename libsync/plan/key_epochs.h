// Key epochs: which doc keys a plan has had, who was given each, and which
// one writers use (DESIGN.md §4; doc/consent.md, "Key epochs").
//
// The plan starts in its initial epoch (named by the sync layer, which
// knows the plan's id). Every valid kRotateKey op starts a new epoch whose
// id is EpochIdOf(the encoded change holding it); kShareKey ops hand an
// existing epoch's key to more devices. Rotations are folded in op-id
// order: a rotation replaces the current epoch when the current one is the
// initial epoch or causally precedes it; among concurrent rotations the one
// folded first stays current, so every replica picks the same epoch.
//
// A device *holds* an epoch when a rotation or share sealed it to that
// device, or when the device was added to the plan by a change causally
// after the rotation (the welcome hands a new device every key its
// inviter has). Every device holds the initial epoch.
//
// Thread-safety: values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/crypto/hash.h"
#include "libsync/plan/membership.h"

namespace mutual::plan {

// BLAKE2b-256("mutual/epoch/v1" || encoded change): the id of the epoch
// the change's kRotateKey op starts.
crypto::Hash32 EpochIdOf(ByteView encoded_change);

struct KeyEpoch {
  crypto::Hash32 id{};
  crdt::ChangeId change{};                  // the rotating change
  std::map<crdt::ActorId, Bytes> sealed{};  // recipient -> sealed key
};

class KeyEpochs {
 public:
  // Rotations in fold order (the initial epoch is not listed).
  const std::vector<KeyEpoch>& rotations() const { return rotations_; }
  // The epoch writers use; nullptr for the initial epoch.
  const KeyEpoch* current() const {
    return current_ ? &rotations_[*current_] : nullptr;
  }
  const KeyEpoch* Find(const crypto::Hash32& id) const;
  // Whether `device` holds `epoch` (see above). REQUIRES: `epoch` is one of
  // rotations(), from the fold of `doc`.
  bool Holds(const crdt::Document& doc, const crdt::ActorId& device,
             const KeyEpoch& epoch) const;

 private:
  friend KeyEpochs FoldKeyEpochs(const crdt::Document& doc);
  std::vector<KeyEpoch> rotations_;
  std::optional<size_t> current_;
  std::map<crdt::ActorId, crdt::ChangeId> added_by_;  // device -> adding change
};

// Folds the key ops (and the device additions) of `doc`'s valid, non-void
// changes.
KeyEpochs FoldKeyEpochs(const crdt::Document& doc);

// What the plan's keys need from a current member device.
struct KeyNeeds {
  // A former member's device holds the current epoch: new envelopes must
  // not be sealed with it, so a new key is due.
  bool rotate = false;
  // Per rotation epoch id, the current member devices that lack it.
  std::map<crypto::Hash32, std::vector<crdt::ActorId>> shares;
};
KeyNeeds KeyNeedsOf(const crdt::Document& doc, const Membership& members,
                    const KeyEpochs& epochs);

// A doc key sealed to one device, and the epoch it is for.
struct SealedEpochKey {
  crypto::Hash32 epoch{};
  Bytes sealed;
};
// Every key sealed to `device` in `doc`: by rotations in valid changes and
// in void ones (a device removed concurrently may have rotated and sealed
// changes under that key; they must still be read to be masked alike on
// every replica), and by shares in valid changes. Invalid changes give
// nothing. In change order.
std::vector<SealedEpochKey> KeysSealedTo(const crdt::Document& doc,
                                         const crdt::ActorId& device);

// Whether `change` holds a membership or key op: only such changes can
// make key upkeep due (callers skip upkeep for every other change).
bool AffectsKeys(const crdt::Change& change);

// Every device of every current member, ascending.
std::vector<crdt::ActorId> CurrentDevices(const Membership& members);

}  // namespace mutual::plan
