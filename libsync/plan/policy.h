// PlanPolicy: the consent and membership rules as the crdt::Policy that
// judges every change at its own deps (DESIGN.md §3, doc/consent.md
// "Validity"). Because the verdict depends only on the change's causal
// past, every replica accepts or rejects the same changes in any order.
//
// A change is invalid when:
//  - it is not the genesis and its author is not a current member's device;
//  - an op names a member the signing device does not belong to;
//  - it edits an own-mode item (or another member's part of a debrief) for
//    someone who is not its owner, or changes an item's fixed keys;
//  - it endorses an item that is conflicted, or a hash that is not the
//    item's current content; acknowledges its own item or stale content;
//  - it deletes directly an item someone else endorsed or acknowledged, or
//    an item it did not write;
//  - it adds a member without every current member's approval, or removes
//    one without every other member's approval (never in a plan of two).
// Leaving and removal void the devices' changes after the seq each had
// reached in the leaving/removing change's causal past (recorded in the
// verdict's note).
//
// Thread-safety: stateless; Judge and VoidAfter may run concurrently.
#pragma once

#include <map>

#include "libsync/crdt/document.h"

namespace mutual::plan {

class PlanPolicy final : public crdt::Policy {
 public:
  crdt::Verdict Judge(const crdt::Document& at_deps,
                      const crdt::Change& change) const override;
  std::map<crdt::ActorId, uint64_t> VoidAfter(const crdt::Document& doc) const override;
};

// The process-wide policy instance every Plan's document uses.
const PlanPolicy& DefaultPolicy();

}  // namespace mutual::plan
