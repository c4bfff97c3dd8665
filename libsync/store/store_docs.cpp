// Store: plans, their wrapped keys, and snapshots.
#include <sodium.h>

#include "libsync/store/store.h"

namespace mutual::store {
namespace {

constexpr std::string_view kTitleSlot = "docs.title";
constexpr std::string_view kKeySlot = "doc_keys.key";
constexpr std::string_view kVersionSlot = "snapshots.version";
constexpr std::string_view kSnapshotSlot = "snapshots.snapshot";

Bytes KeyRow(const DocId& doc, const Hash32& epoch_id) {
  Bytes row(doc.begin(), doc.end());
  Append(row, epoch_id);
  return row;
}

Status DocNotFound() { return Status::NotFound("no such plan on this device"); }

// Turns a foreign-key failure (the doc row is missing) into NotFound.
Status MapMissingDoc(Status st) {
  if (st.IsInvalidArgument() && st.message().find("FOREIGN KEY") != std::string::npos) {
    return DocNotFound();
  }
  return st;
}

}  // namespace

Status Store::AddDoc(const DocId& doc, std::string_view title) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT INTO docs (doc_id, title_sealed) VALUES (?1, ?2)"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kTitleSlot, doc, AsBytes(title))));
  Status s = st.Run();
  if (s.IsAlreadyExists())
    return Status::AlreadyExists("this plan is already on this device");
  return s;
}

Status Store::SetDocTitle(const DocId& doc, std::string_view title) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("UPDATE docs SET title_sealed = ?2 WHERE doc_id = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kTitleSlot, doc, AsBytes(title))));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? DocNotFound() : Status::Ok();
}

Result<std::string> Store::DocTitle(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT title_sealed FROM docs WHERE doc_id = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return DocNotFound();
  MUTUAL_ASSIGN_OR_RETURN(Bytes title,
                          OpenAtRest(key_, kTitleSlot, doc, st.ColumnBlob(0)));
  return std::string(AsChars(title));
}

Result<std::vector<DocId>> Store::ListDocs() {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT doc_id FROM docs ORDER BY doc_id"));
  std::vector<DocId> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    MUTUAL_ASSIGN_OR_RETURN(DocId doc, st.ColumnFixed<16>(0));
    out.push_back(doc);
  }
  return out;
}

Status Store::RemoveDoc(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("DELETE FROM docs WHERE doc_id = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? DocNotFound() : Status::Ok();
}

Status Store::PutDocKey(const DocId& doc, const Hash32& epoch_id,
                        const crypto::DocKey& key) {
  MUTUAL_ASSIGN_OR_RETURN(Transaction txn, Begin());
  auto existing = GetDocKey(doc, epoch_id);
  if (existing.ok()) {
    if (sodium_memcmp(existing->key.bytes().data(), key.bytes().data(), 32) != 0) {
      return Status::AlreadyExists("a different key is stored for this plan's key epoch");
    }
    return Status::Ok();
  }
  if (!existing.status().IsNotFound()) return existing.status();
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("INSERT INTO doc_keys (doc_id, epoch_id, key_hint, "
                                      "key_sealed) VALUES (?1, ?2, ?3, ?4)"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, epoch_id));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(3, crypto::KeyHintOf(epoch_id)));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(4, SealAtRest(key_, kKeySlot, KeyRow(doc, epoch_id), key.bytes())));
  MUTUAL_RETURN_IF_ERROR(MapMissingDoc(st.Run()));
  return txn.Commit();
}

// Reads (epoch_id, key_sealed) from the current row of `st`.
Result<EpochKey> Store::ReadEpochKey(Statement& st, const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(Hash32 epoch_id, st.ColumnFixed<32>(0));
  MUTUAL_ASSIGN_OR_RETURN(
      Bytes raw, OpenAtRest(key_, kKeySlot, KeyRow(doc, epoch_id), st.ColumnBlob(1)));
  if (raw.size() != 32) {
    sodium_memzero(raw.data(), raw.size());
    return Status::Corruption("stored doc key has the wrong length");
  }
  FixedBytes<32> bytes;
  std::copy(raw.begin(), raw.end(), bytes.begin());
  sodium_memzero(raw.data(), raw.size());
  EpochKey out{epoch_id, crypto::KeyHintOf(epoch_id), crypto::DocKey::FromBytes(bytes)};
  sodium_memzero(bytes.data(), bytes.size());
  return out;
}

Result<std::vector<EpochKey>> Store::ReadEpochKeys(Statement& st, const DocId& doc) {
  std::vector<EpochKey> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    MUTUAL_ASSIGN_OR_RETURN(EpochKey key, ReadEpochKey(st, doc));
    out.push_back(std::move(key));
  }
  return out;
}

Result<EpochKey> Store::GetDocKey(const DocId& doc, const Hash32& epoch_id) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT epoch_id, key_sealed FROM doc_keys "
                                      "WHERE doc_id = ?1 AND epoch_id = ?2"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, epoch_id));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::NotFound("no key stored for this plan's key epoch");
  return ReadEpochKey(st, doc);
}

Result<std::vector<EpochKey>> Store::DocKeysByHint(const DocId& doc,
                                                   const crypto::KeyHint& hint) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("SELECT epoch_id, key_sealed FROM doc_keys "
                                "WHERE doc_id = ?1 AND key_hint = ?2 ORDER BY epoch_id"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, hint));
  return ReadEpochKeys(st, doc);
}

Result<std::vector<EpochKey>> Store::DocKeys(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT epoch_id, key_sealed FROM doc_keys "
                                      "WHERE doc_id = ?1 ORDER BY epoch_id"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  return ReadEpochKeys(st, doc);
}

Status Store::SaveSnapshot(const DocId& doc, const Snapshot& snapshot) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT INTO snapshots (doc_id, version_sealed, snapshot_sealed) "
                  "VALUES (?1, ?2, ?3) ON CONFLICT (doc_id) DO UPDATE SET "
                  "version_sealed = excluded.version_sealed, "
                  "snapshot_sealed = excluded.snapshot_sealed"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kVersionSlot, doc, snapshot.version)));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(3, SealAtRest(key_, kSnapshotSlot, doc, snapshot.state)));
  return MapMissingDoc(st.Run());
}

Result<Snapshot> Store::LoadSnapshot(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "SELECT version_sealed, snapshot_sealed FROM snapshots WHERE doc_id = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::NotFound("no snapshot stored for this plan");
  MUTUAL_ASSIGN_OR_RETURN(Bytes version,
                          OpenAtRest(key_, kVersionSlot, doc, st.ColumnBlob(0)));
  MUTUAL_ASSIGN_OR_RETURN(Bytes state,
                          OpenAtRest(key_, kSnapshotSlot, doc, st.ColumnBlob(1)));
  return Snapshot{std::move(version), std::move(state)};
}

}  // namespace mutual::store
