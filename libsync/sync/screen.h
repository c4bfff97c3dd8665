// The document-independent front of the receive pipeline (DESIGN.md §4):
// everything up to the hash-chain check, and decryption by key hint.
//
//   ScreenEnvelope: size limit → decode → doc id → known author → signature
//   OpenWithKeyring: decrypt with the epoch the key hint names
//
// Every failure is a PeerViolation (the sender passed on bytes no honest
// member could produce for this plan), except OpenWithKeyring's NotFound
// (no epoch with that hint yet: the key may still be on its way).
//
// Thread-safety: pure functions.
#pragma once

#include <functional>

#include "libsync/crypto/envelope.h"
#include "libsync/sync/keyring.h"
#include "libsync/util/status.h"

namespace mutual::sync {

struct ScreenedEnvelope {
  crypto::Envelope envelope;
  crypto::EnvelopeHeader header;
  crypto::Hash32 hash{};  // crypto::EnvelopeHash(envelope)
  Bytes bytes;            // as received
};

using AuthorFilter = std::function<bool(const crypto::PublicKey&)>;

// Checks, in this order: bytes.size() <= kMaxEnvelopeBytes (before any
// parsing); the envelope and its header decode; header.doc_id == doc_id
// (envelopes of other plans are refused); `is_known(author)`; the author's
// signature. PeerViolation naming the failed step otherwise.
Result<ScreenedEnvelope> ScreenEnvelope(ByteView bytes, const crypto::DocId& doc_id,
                                        const AuthorFilter& is_known);

// Decrypts with every epoch whose hint matches until one authenticates.
// NotFound when no epoch has the envelope's hint; PeerViolation when
// candidates exist but none opens it (tampered, or sealed with another key).
Result<Bytes> OpenWithKeyring(const crypto::Envelope& envelope,
                              const crypto::EnvelopeHeader& header,
                              const Keyring& keyring);

}  // namespace mutual::sync
