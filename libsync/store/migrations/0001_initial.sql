-- Schema version 1 (doc/store.md describes every table).
-- Columns named *_sealed hold values sealed with the local storage key
-- (XChaCha20-Poly1305, the row's identity as associated data). Columns in
-- the clear hold only what envelope headers already reveal to anyone who
-- holds the envelopes (doc ids, device signing keys, seqs, hashes, hints),
-- or local bookkeeping.

-- This device's secrets and own display name. One row.
CREATE TABLE identity (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  secrets_sealed BLOB NOT NULL,
  name_sealed BLOB NOT NULL
) STRICT;

-- Plans this device holds.
CREATE TABLE docs (
  doc_id BLOB PRIMARY KEY CHECK (length(doc_id) = 16),
  title_sealed BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Document keys per key epoch, wrapped with the storage key.
CREATE TABLE doc_keys (
  doc_id BLOB NOT NULL REFERENCES docs (doc_id) ON DELETE CASCADE,
  epoch_id BLOB NOT NULL CHECK (length(epoch_id) = 32),
  key_hint BLOB NOT NULL CHECK (length(key_hint) = 4),
  key_sealed BLOB NOT NULL,
  PRIMARY KEY (doc_id, epoch_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX doc_keys_by_hint ON doc_keys (doc_id, key_hint);

-- Every accepted envelope, as its stored bytes (already sealed under the
-- doc key). One envelope per (doc, author, seq); a second, different one is
-- fork evidence and goes to fork_evidence instead.
CREATE TABLE envelopes (
  doc_id BLOB NOT NULL REFERENCES docs (doc_id) ON DELETE CASCADE,
  author BLOB NOT NULL CHECK (length(author) = 32),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  prev BLOB NOT NULL CHECK (length(prev) = 32),
  state TEXT NOT NULL CHECK (state IN ('applied', 'pending', 'void')),
  bytes BLOB NOT NULL,
  PRIMARY KEY (doc_id, author, seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX envelopes_by_hash ON envelopes (hash);
CREATE INDEX envelopes_by_state ON envelopes (doc_id, state);

-- Per (doc, author): the highest seq s such that 1..s are all in
-- `envelopes`, and that envelope's hash (seq 0 and a zero hash while seq 1
-- is missing). Maintained by the store on every insert, so the sync `Have`
-- message costs O(authors), not O(envelopes).
CREATE TABLE author_heads (
  doc_id BLOB NOT NULL REFERENCES docs (doc_id) ON DELETE CASCADE,
  author BLOB NOT NULL CHECK (length(author) = 32),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (doc_id, author)
) STRICT, WITHOUT ROWID;

-- Both (or all) envelopes seen for one (doc, author, seq): kept as evidence
-- of a misbehaving or restored device, never applied.
CREATE TABLE fork_evidence (
  doc_id BLOB NOT NULL REFERENCES docs (doc_id) ON DELETE CASCADE,
  author BLOB NOT NULL CHECK (length(author) = 32),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  bytes BLOB NOT NULL,
  PRIMARY KEY (doc_id, author, seq, hash)
) STRICT, WITHOUT ROWID;

-- Known peer devices. `tag` is a keyed hash of the device's signing key
-- (so a peer can be looked up without storing its key in the clear).
CREATE TABLE peers (
  peer_id INTEGER PRIMARY KEY,
  tag BLOB NOT NULL UNIQUE CHECK (length(tag) = 32),
  record_sealed BLOB NOT NULL
) STRICT;

-- Where a peer was reached. `tag` is a keyed hash of the address text.
CREATE TABLE peer_addresses (
  peer_id INTEGER NOT NULL REFERENCES peers (peer_id) ON DELETE CASCADE,
  tag BLOB NOT NULL CHECK (length(tag) = 32),
  address_sealed BLOB NOT NULL,
  PRIMARY KEY (peer_id, tag)
) STRICT, WITHOUT ROWID;

-- The newest compacted state of each plan (it holds plaintext plan content,
-- so both columns are sealed).
CREATE TABLE snapshots (
  doc_id BLOB PRIMARY KEY REFERENCES docs (doc_id) ON DELETE CASCADE,
  version_sealed BLOB NOT NULL,
  snapshot_sealed BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Store bookkeeping. 'key_check' holds a value sealed with the storage key,
-- so opening with the wrong key fails at once with a clear error.
CREATE TABLE store_meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT, WITHOUT ROWID;
