// Consent evaluation (DESIGN.md §1, doc/consent.md): pure functions that
// turn one item's consent events into its state, each member's stance, and
// the last agreed content. No CRDT types: the caller supplies the events in
// op-id order and a happened-before relation between them, so the rules are
// testable on hand-made histories.
//
// Thread-safety: pure functions on values.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libsync/plan/catalog.h"
#include "libsync/plan/content_hash.h"
#include "libsync/plan/view.h"

namespace mutual::plan {

struct ConsentEvent {
  enum Type {
    kEndorse,         // hash: the content endorsed
    kWithdraw,        // reason
    kRevisit,         // reason
    kAck,             // hash: the content acknowledged (own mode)
    kRemoveDirect,    // a direct delete (the author's own draft)
    kRemovePropose,   // a removal proposal (reason)
    kRemovalEndorse,  // `agree` on a removal-proposed item
    kRemovalDecline,  // `withdraw` on a removal-proposed item
  };
  Type type = kEndorse;
  std::string member;
  ContentHash hash{};
  std::string reason;
  // The members at the event's causal point (its deps plus earlier ops of
  // its own change), including the event's own member.
  std::vector<std::string> then_members;
};

struct ConsentInput {
  ConsentMode mode = ConsentMode::kAgree;  // effective mode
  ContentHash current{};                   // hash of the current content
  bool conflicted = false;                 // some scalar holds several values
  std::string author;
  std::vector<std::string> owners;   // own mode: the members it is about
  std::vector<std::string> members;  // current members
  std::vector<ConsentEvent> events;  // in op-id order
  // before(i, j): events[i] is in the strict causal past of events[j].
  // REQUIRES: a strict partial order consistent with the events' order
  // (i before j implies i < j).
  std::function<bool(size_t, size_t)> before;
};

struct Stance {
  enum Kind { kNone, kEndorse, kWithdraw };
  Kind kind = kNone;
  ContentHash hash{};  // kEndorse: what is endorsed (or acknowledged)
  std::string reason;  // kWithdraw
  size_t event = 0;    // the deciding event (not for kNone)
};

struct RemovalState {
  std::string proposed_by;
  std::string reason;
  std::vector<std::string> endorsed_by;  // proposer first, then op-id order
};

struct ConsentResult {
  ItemState state = ItemState::kDraft;
  bool removed = false;  // deleted, or a removal every member endorsed
  std::optional<ContentHash> last_agreed;
  // Per member with events (current and former): endorse/withdraw stance
  // (agree mode) and acknowledge/withdraw stance (own mode).
  std::map<std::string, Stance> stances;
  std::map<std::string, Stance> ack_stances;
  std::map<std::string, std::string> revisits;  // standing: member -> reason
  // Current members whose stance endorses the current content but whose
  // endorsement cannot make it agreed (made before a membership change).
  std::set<std::string> reconfirm;
  std::vector<std::string> acks;        // members acknowledging the current content
  std::optional<RemovalState> removal;  // an open removal proposal
};

// Evaluates the rules of doc/consent.md.
ConsentResult EvaluateConsent(const ConsentInput& in);

// A member's stance from `events` restricted to `member`, the types
// `positive` (kEndorse or kAck) and kWithdraw, and indexes accepted by
// `within` (all when null): the causally newest such events; among
// concurrent newest ones, a withdrawal wins, else the one newest in op-id
// order.
Stance StanceOf(const ConsentInput& in, const std::string& member,
                ConsentEvent::Type positive,
                const std::function<bool(size_t)>& within = nullptr);

}  // namespace mutual::plan
