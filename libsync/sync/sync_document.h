// The concept through which sync/ drives a document: the state type the
// transport is generic over (STYLE.md, after mosh). crdt::Document satisfies
// it directly; plan::Plan (which wraps one with the consent policy) does too
// and, by also providing IsKnownDevice, tells the pipeline which device keys
// the plan knows (members now or ever, or introduced by a pending change).
//
// Thread-safety: compile-time only.
#pragma once

#include <concepts>

#include "libsync/crdt/document.h"
#include "libsync/crypto/signing.h"

namespace mutual::sync {

template <typename D>
concept SyncDocument = std::movable<D> &&
    requires(D& doc, const D& cdoc, const crdt::Change& change, Bytes encoded,
             const crdt::ChangeId& id) {
  // Adds a decoded change; held pending until its deps are present.
  {
    doc.Apply(change, std::move(encoded))
    } -> std::same_as<Result<crdt::Document::ApplyOutcome>>;
  { cdoc.StatusOf(id) } -> std::same_as<crdt::ChangeStatus>;
};

// Optional: a document that knows its own device keys.
template <typename D>
concept KnowsDevices = requires(const D& doc, const crypto::PublicKey& key) {
  { doc.IsKnownDevice(key) } -> std::same_as<bool>;
};

// Optional: a document that makes local changes through crdt transactions.
template <typename D>
concept HasTransactions = requires(D& doc, const crdt::ActorId& author) {
  { doc.Begin(author, int64_t{0}) } -> std::same_as<crdt::Document::Transaction>;
};

static_assert(SyncDocument<crdt::Document>);
static_assert(HasTransactions<crdt::Document>);

}  // namespace mutual::sync
