// Store: envelopes, per-author heads and fork evidence.
#include <limits>

#include "libsync/store/store.h"

namespace mutual::store {
namespace {

constexpr const char* kEnvelopeColumns = "doc_id, author, seq, hash, prev, state, bytes";
// SQLite integers are signed 64-bit; seqs above this cannot be stored.
constexpr uint64_t kMaxSeq = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

Result<EnvelopeState> ParseState(const std::string& s) {
  if (s == "applied") return EnvelopeState::kApplied;
  if (s == "pending") return EnvelopeState::kPending;
  if (s == "void") return EnvelopeState::kVoid;
  return Status::Corruption("stored envelope has unknown state '" + s + "'");
}

// Reads the kEnvelopeColumns of the current row.
Result<StoredEnvelope> ReadEnvelope(const Statement& st) {
  StoredEnvelope e;
  MUTUAL_ASSIGN_OR_RETURN(e.doc_id, st.ColumnFixed<16>(0));
  MUTUAL_ASSIGN_OR_RETURN(e.author, st.ColumnFixed<32>(1));
  e.seq = static_cast<uint64_t>(st.ColumnInt(2));
  MUTUAL_ASSIGN_OR_RETURN(e.hash, st.ColumnFixed<32>(3));
  MUTUAL_ASSIGN_OR_RETURN(e.prev, st.ColumnFixed<32>(4));
  MUTUAL_ASSIGN_OR_RETURN(e.state, ParseState(st.ColumnText(5)));
  e.bytes = st.ColumnBlob(6);
  return e;
}

Result<std::vector<StoredEnvelope>> ReadAll(Statement& st) {
  std::vector<StoredEnvelope> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    MUTUAL_ASSIGN_OR_RETURN(StoredEnvelope e, ReadEnvelope(st));
    out.push_back(std::move(e));
  }
}

Status CheckSeq(uint64_t seq) {
  if (seq == 0 || seq > kMaxSeq)
    return Status::InvalidArgument("envelope seq out of range");
  return Status::Ok();
}

int64_t ClampSeq(uint64_t seq) {
  return static_cast<int64_t>(seq > kMaxSeq ? kMaxSeq : seq);
}

}  // namespace

Result<PutOutcome> Store::PutEnvelope(const StoredEnvelope& e) {
  MUTUAL_RETURN_IF_ERROR(CheckSeq(e.seq));
  MUTUAL_ASSIGN_OR_RETURN(Transaction txn, Begin());
  {
    MUTUAL_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare("SELECT hash FROM envelopes WHERE doc_id = ?1 AND "
                                        "author = ?2 AND seq = ?3"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
    MUTUAL_RETURN_IF_ERROR(st.BindInt(3, static_cast<int64_t>(e.seq)));
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) {
      MUTUAL_ASSIGN_OR_RETURN(Hash32 stored, st.ColumnFixed<32>(0));
      if (stored == e.hash) return PutOutcome::kDuplicate;
      return Status::AlreadyExists(
          "a different envelope is already stored for this author and seq (a fork)");
    }
  }
  {
    MUTUAL_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare(std::string("INSERT INTO envelopes (") + kEnvelopeColumns +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
    MUTUAL_RETURN_IF_ERROR(st.BindInt(3, static_cast<int64_t>(e.seq)));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(4, e.hash));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(5, e.prev));
    MUTUAL_RETURN_IF_ERROR(st.BindText(6, EnvelopeStateName(e.state)));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(7, e.bytes));
    Status s = st.Run();
    if (s.IsInvalidArgument() && s.message().find("FOREIGN KEY") != std::string::npos) {
      return Status::NotFound("no such plan on this device");
    }
    if (s.IsAlreadyExists()) {
      // Only the hash index can clash here: the same envelope stored under
      // another (doc, author, seq), which a correct caller never attempts.
      return Status::InvalidArgument("an envelope with this hash is stored elsewhere");
    }
    MUTUAL_RETURN_IF_ERROR(s);
  }
  MUTUAL_RETURN_IF_ERROR(AdvanceHead(e));
  MUTUAL_RETURN_IF_ERROR(txn.Commit());
  return PutOutcome::kInserted;
}

Result<StoredEnvelope> Store::GetEnvelope(const DocId& doc, const PublicKey& author,
                                          uint64_t seq) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(std::string("SELECT ") + kEnvelopeColumns +
                  " FROM envelopes WHERE doc_id = ?1 AND author = ?2 AND seq = ?3"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, author));
  MUTUAL_RETURN_IF_ERROR(st.BindInt(3, ClampSeq(seq)));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::NotFound("no such envelope");
  return ReadEnvelope(st);
}

Result<StoredEnvelope> Store::GetEnvelopeByHash(const Hash32& hash) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare(std::string("SELECT ") + kEnvelopeColumns +
                                      " FROM envelopes WHERE hash = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, hash));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::NotFound("no envelope with this hash");
  return ReadEnvelope(st);
}

Result<std::vector<StoredEnvelope>> Store::ListEnvelopes(const DocId& doc,
                                                         const PublicKey& author,
                                                         uint64_t first_seq,
                                                         uint64_t last_seq) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(std::string("SELECT ") + kEnvelopeColumns +
                  " FROM envelopes WHERE doc_id = ?1 AND author = ?2 AND seq BETWEEN ?3 "
                  "AND ?4 ORDER BY seq"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, author));
  MUTUAL_RETURN_IF_ERROR(st.BindInt(3, ClampSeq(first_seq)));
  MUTUAL_RETURN_IF_ERROR(st.BindInt(4, ClampSeq(last_seq)));
  return ReadAll(st);
}

Result<std::vector<StoredEnvelope>> Store::EnvelopesInState(const DocId& doc,
                                                            EnvelopeState state) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare(std::string("SELECT ") + kEnvelopeColumns +
                                      " FROM envelopes WHERE doc_id = ?1 AND state = ?2 "
                                      "ORDER BY author, seq"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindText(2, EnvelopeStateName(state)));
  return ReadAll(st);
}

Status Store::SetEnvelopeState(const DocId& doc, const PublicKey& author, uint64_t seq,
                               EnvelopeState state) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("UPDATE envelopes SET state = ?4 WHERE doc_id = ?1 AND "
                                "author = ?2 AND seq = ?3"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, author));
  MUTUAL_RETURN_IF_ERROR(st.BindInt(3, ClampSeq(seq)));
  MUTUAL_RETURN_IF_ERROR(st.BindText(4, EnvelopeStateName(state)));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? Status::NotFound("no such envelope") : Status::Ok();
}

Result<std::vector<AuthorHead>> Store::Heads(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT author, seq, hash FROM author_heads "
                                      "WHERE doc_id = ?1 ORDER BY author"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  std::vector<AuthorHead> heads;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    AuthorHead head;
    MUTUAL_ASSIGN_OR_RETURN(head.author, st.ColumnFixed<32>(0));
    head.seq = static_cast<uint64_t>(st.ColumnInt(1));
    MUTUAL_ASSIGN_OR_RETURN(head.hash, st.ColumnFixed<32>(2));
    heads.push_back(head);
  }
  return heads;
}

// Called inside PutEnvelope's transaction after `e` was inserted: creates
// the author's head row, and when `e` extends the contiguous run, advances
// the head over it and over any later envelopes that were waiting for it.
// Each envelope is stepped over once, so the total cost stays linear.
Status Store::AdvanceHead(const StoredEnvelope& e) {
  {
    MUTUAL_ASSIGN_OR_RETURN(
        Statement st, db_.Prepare("INSERT INTO author_heads (doc_id, author, seq, hash) "
                                  "VALUES (?1, ?2, 0, zeroblob(32)) ON CONFLICT DO NOTHING"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
    MUTUAL_RETURN_IF_ERROR(st.Run());
  }
  uint64_t head = 0;
  {
    MUTUAL_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare("SELECT seq FROM author_heads "
                                        "WHERE doc_id = ?1 AND author = ?2"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Corruption("author head vanished");
    head = static_cast<uint64_t>(st.ColumnInt(0));
  }
  if (e.seq != head + 1) return Status::Ok();
  uint64_t seq = e.seq;
  Hash32 hash = e.hash;
  while (seq < kMaxSeq) {
    MUTUAL_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare("SELECT hash FROM envelopes WHERE doc_id = ?1 AND "
                                        "author = ?2 AND seq = ?3"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
    MUTUAL_RETURN_IF_ERROR(st.BindInt(3, static_cast<int64_t>(seq + 1)));
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ++seq;
    MUTUAL_ASSIGN_OR_RETURN(hash, st.ColumnFixed<32>(0));
  }
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("UPDATE author_heads SET seq = ?3, hash = ?4 "
                                      "WHERE doc_id = ?1 AND author = ?2"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, e.doc_id));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, e.author));
  MUTUAL_RETURN_IF_ERROR(st.BindInt(3, static_cast<int64_t>(seq)));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(4, hash));
  return st.Run();
}

Status Store::RecordFork(const ForkEvidence& first, const ForkEvidence& second) {
  if (first.doc_id != second.doc_id || first.author != second.author ||
      first.seq != second.seq) {
    return Status::InvalidArgument("fork evidence must name one (doc, author, seq)");
  }
  if (first.hash == second.hash) {
    return Status::InvalidArgument("fork evidence needs two different envelopes");
  }
  MUTUAL_RETURN_IF_ERROR(CheckSeq(first.seq));
  MUTUAL_ASSIGN_OR_RETURN(Transaction txn, Begin());
  for (const ForkEvidence* f : {&first, &second}) {
    MUTUAL_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO fork_evidence (doc_id, author, seq, hash, bytes) VALUES "
                    "(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING"));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, f->doc_id));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, f->author));
    MUTUAL_RETURN_IF_ERROR(st.BindInt(3, static_cast<int64_t>(f->seq)));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(4, f->hash));
    MUTUAL_RETURN_IF_ERROR(st.BindBlob(5, f->bytes));
    Status s = st.Run();
    if (s.IsInvalidArgument() && s.message().find("FOREIGN KEY") != std::string::npos) {
      return Status::NotFound("no such plan on this device");
    }
    MUTUAL_RETURN_IF_ERROR(s);
  }
  return txn.Commit();
}

Result<std::vector<ForkEvidence>> Store::ForkEvidenceFor(const DocId& doc) {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("SELECT author, seq, hash, bytes FROM fork_evidence "
                                "WHERE doc_id = ?1 ORDER BY author, seq, hash"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, doc));
  std::vector<ForkEvidence> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ForkEvidence f;
    f.doc_id = doc;
    MUTUAL_ASSIGN_OR_RETURN(f.author, st.ColumnFixed<32>(0));
    f.seq = static_cast<uint64_t>(st.ColumnInt(1));
    MUTUAL_ASSIGN_OR_RETURN(f.hash, st.ColumnFixed<32>(2));
    f.bytes = st.ColumnBlob(3);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mutual::store
