// Store: the device's persistent state (DESIGN.md §4 "At rest", §7) on top
// of one Database and the local StorageKey.
//
// Titles, the device's secrets and name, doc keys, peers and snapshots are
// sealed with the storage key (storage_key.h) with the row's identity as
// associated data. Envelopes are stored as received: already sealed under
// the plan's doc key, their clear header fields copied into columns for
// lookups. doc/store.md describes the schema.
//
// Every method is one SQLite transaction of its own (durable when it
// returns OK: synchronous=FULL), unless the caller holds a Transaction from
// Begin(), in which case it joins that one. Errors are Status values with
// messages fit for a user; NotFound when a looked-up row is absent.
//
// Thread-safety: one thread at a time (like Database).
// REQUIRES (all methods): crypto::InitSodium() succeeded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/store/database.h"
#include "libsync/store/records.h"
#include "libsync/store/storage_key.h"

namespace mutual::store {

class Store {
 public:
  // Opens (creating when absent) the database at `path` (Database::Open's
  // errors) and checks that `key` is this database's storage key
  // (PermissionDenied when not). A new database adopts `key`.
  static Result<Store> Open(const std::string& path, const StorageKey& key,
                            Database::Options options = {});

  // A transaction that the following calls join, for several writes that
  // must land together. Never hold one across a co_await.
  Result<Transaction> Begin() { return Transaction::Begin(db_); }
  Database& db() { return db_; }

  // --- identity (store.cpp) ---
  // AlreadyExists when this store already has an identity.
  Status SaveIdentity(const crypto::DeviceSecrets& secrets, std::string_view name);
  // NotFound before SaveIdentity.
  Result<Identity> LoadIdentity();

  // --- plans and their keys (store_docs.cpp) ---
  // AlreadyExists when the doc is known.
  Status AddDoc(const DocId& doc, std::string_view title);
  Status SetDocTitle(const DocId& doc, std::string_view title);
  Result<std::string> DocTitle(const DocId& doc);
  // In doc id order.
  Result<std::vector<DocId>> ListDocs();
  // Removes the doc with its keys, envelopes, fork evidence and snapshot.
  Status RemoveDoc(const DocId& doc);
  // Idempotent for the same key; AlreadyExists for a different key under
  // the same epoch; NotFound for an unknown doc.
  Status PutDocKey(const DocId& doc, const Hash32& epoch_id, const crypto::DocKey& key);
  Result<EpochKey> GetDocKey(const DocId& doc, const Hash32& epoch_id);
  // Every key whose hint matches (hints are 4 bytes: more than one may).
  Result<std::vector<EpochKey>> DocKeysByHint(const DocId& doc,
                                              const crypto::KeyHint& hint);
  Result<std::vector<EpochKey>> DocKeys(const DocId& doc);

  // --- envelopes (store_envelopes.cpp) ---
  // Stores an envelope. kDuplicate when the very same envelope (same hash)
  // is stored at (doc, author, seq); AlreadyExists — with nothing changed —
  // when a *different* one is: that is a fork, for RecordFork. NotFound for
  // an unknown doc; InvalidArgument for seq 0.
  Result<PutOutcome> PutEnvelope(const StoredEnvelope& envelope);
  Result<StoredEnvelope> GetEnvelope(const DocId& doc, const PublicKey& author,
                                     uint64_t seq);
  Result<StoredEnvelope> GetEnvelopeByHash(const Hash32& hash);
  // One author's envelopes with first_seq <= seq <= last_seq, by seq.
  Result<std::vector<StoredEnvelope>> ListEnvelopes(const DocId& doc,
                                                    const PublicKey& author,
                                                    uint64_t first_seq,
                                                    uint64_t last_seq);
  // A doc's envelopes in `state`, by (author, seq).
  Result<std::vector<StoredEnvelope>> EnvelopesInState(const DocId& doc,
                                                       EnvelopeState state);
  // NotFound when no such envelope.
  Status SetEnvelopeState(const DocId& doc, const PublicKey& author, uint64_t seq,
                          EnvelopeState state);
  // Per author with any envelope of the doc: the highest seq s such that
  // 1..s are all stored, and its hash (seq 0 and zero hash when seq 1 is
  // missing). By author. O(authors): heads are kept up to date on insert.
  Result<std::vector<AuthorHead>> Heads(const DocId& doc);

  // --- forks (store_envelopes.cpp) ---
  // Keeps both envelopes seen for (doc, author, seq) as evidence, in one
  // transaction (idempotent). InvalidArgument when the two are the same.
  // The envelopes table keeps whichever it holds; the caller freezes the
  // author (DESIGN.md §3).
  Status RecordFork(const ForkEvidence& first, const ForkEvidence& second);
  // A doc's fork evidence by (author, seq, hash).
  Result<std::vector<ForkEvidence>> ForkEvidenceFor(const DocId& doc);

  // --- peers (store_peers.cpp) ---
  // Inserts or replaces the peer with this signing key.
  Status PutPeer(const PeerInfo& peer);
  Result<PeerInfo> GetPeer(const PublicKey& signing_key);
  Result<std::vector<PeerInfo>> ListPeers();
  // Removes the peer and its addresses. NotFound when unknown.
  Status RemovePeer(const PublicKey& signing_key);
  // Idempotent. NotFound when the peer is unknown.
  Status AddPeerAddress(const PublicKey& signing_key, std::string_view address);
  Result<std::vector<std::string>> PeerAddresses(const PublicKey& signing_key);
  // Replaces when the peer was last seen and verified. NotFound when the
  // peer is unknown.
  Status SetPeerSeen(const PublicKey& signing_key, const PeerSeen& seen);
  // Zeros when never set. NotFound when the peer is unknown.
  Result<PeerSeen> GetPeerSeen(const PublicKey& signing_key);

  // --- addresses to dial (store_peers.cpp) ---
  // Idempotent.
  Status AddDialAddress(std::string_view address);
  // NotFound when absent.
  Status RemoveDialAddress(std::string_view address);
  // In tag order (a stable order that reveals nothing).
  Result<std::vector<std::string>> DialAddresses();

  // --- snapshots (store_docs.cpp) ---
  // Replaces the doc's snapshot. NotFound for an unknown doc.
  Status SaveSnapshot(const DocId& doc, const Snapshot& snapshot);
  // NotFound when the doc has none.
  Result<Snapshot> LoadSnapshot(const DocId& doc);

 private:
  Store(Database db, const StorageKey& key) : db_(std::move(db)), key_(key) {}
  Status CheckStorageKey();
  Result<EpochKey> ReadEpochKey(Statement& st, const DocId& doc);
  // Every remaining row of `st`, read with ReadEpochKey.
  Result<std::vector<EpochKey>> ReadEpochKeys(Statement& st, const DocId& doc);
  Status AdvanceHead(const StoredEnvelope& e);

  Database db_;
  StorageKey key_;
};

}  // namespace mutual::store
