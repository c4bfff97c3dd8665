#include "libsync/sync/peer_sync.h"

#include "libsync/wire/limits.h"

namespace mutual::sync {
namespace {

// Envelopes per message: bounded by count and by bytes, so one message
// stays well inside the channel's 1 MiB application-message limit.
constexpr size_t kBatchBytes = 768 * 1024;

wire::PeerMessage Message(wire::PeerMessageKind kind) {
  wire::PeerMessage m;
  m.kind = kind;
  return m;
}

// Splits `envelopes` into Envelopes messages for `doc`.
void AppendBatches(const crypto::DocId& doc, std::vector<Bytes> envelopes,
                   std::vector<wire::PeerMessage>& out) {
  wire::PeerMessage m = Message(wire::PeerMessageKind::kEnvelopes);
  m.envelopes.doc_id = doc;
  size_t bytes = 0;
  for (Bytes& e : envelopes) {
    if (!m.envelopes.envelopes.empty() &&
        (m.envelopes.envelopes.size() == wire::kMaxEnvelopesPerMessage ||
         bytes + e.size() > kBatchBytes)) {
      out.push_back(m);
      m.envelopes.envelopes.clear();
      bytes = 0;
    }
    bytes += e.size();
    m.envelopes.envelopes.push_back(std::move(e));
  }
  if (!m.envelopes.envelopes.empty()) out.push_back(std::move(m));
}

}  // namespace

wire::DocHave DocHaveOf(const crypto::DocId& doc, const HeadVector& heads) {
  wire::DocHave have;
  have.doc_id = doc;
  for (const auto& [author, head] : heads.entries()) {
    if (head.seq == 0 && head.fork_seq == 0) continue;  // nothing to say
    have.authors.push_back({author, head.seq, head.hash, head.fork_seq});
  }
  return have;
}

HeadVector FromDocHave(const wire::DocHave& have) {
  HeadVector heads;
  for (const wire::AuthorHead& a : have.authors) {
    heads.Set(a.author, AuthorHead{a.seq, a.head_hash, a.fork_seq});
  }
  return heads;
}

std::vector<wire::PeerMessage> PeerSync::Start() {
  wire::PeerMessage hello = Message(wire::PeerMessageKind::kHello);
  hello.hello.protocol_version = kSyncProtocolVersion;
  for (const crypto::DocId& doc : host_.DocsSharedWith(peer_)) {
    if (offered_.size() == wire::kMaxDocsPerMessage) break;
    offered_.insert(doc);
    hello.hello.doc_ids.push_back(doc);
  }
  return {hello};
}

Result<std::vector<wire::PeerMessage>> PeerSync::OnMessage(const wire::PeerMessage& m) {
  if (m.kind == wire::PeerMessageKind::kKeepAlive)
    return std::vector<wire::PeerMessage>{};
  if (m.kind == wire::PeerMessageKind::kHello) return OnHello(m.hello);
  if (!hello_received_) return Status::PeerViolation("sync: first message must be Hello");
  if (m.kind == wire::PeerMessageKind::kHave) return OnHave(m.have);
  MUTUAL_RETURN_IF_ERROR(OnEnvelopes(m.envelopes));
  return std::vector<wire::PeerMessage>{};
}

Result<std::vector<wire::PeerMessage>> PeerSync::OnHello(const wire::Hello& hello) {
  if (hello_received_) return Status::PeerViolation("sync: second Hello");
  if (hello.protocol_version < 1)
    return Status::PeerViolation("sync: bad protocol version");
  hello_received_ = true;
  // A doc only the peer names is not announced back, and never synced: it
  // may be a plan we do not share with this device.
  for (const wire::DocId& doc : hello.doc_ids) {
    if (offered_.count(doc) != 0) session_docs_.insert(doc);
  }
  // Our Have waits for their Hello, so it names session docs only.
  wire::PeerMessage have = Message(wire::PeerMessageKind::kHave);
  for (const crypto::DocId& doc : session_docs_) {
    have.have.docs.push_back(DocHaveOf(doc, host_.Heads(doc)));
  }
  return std::vector<wire::PeerMessage>{have};
}

Result<std::vector<wire::PeerMessage>> PeerSync::OnHave(const wire::Have& have) {
  std::vector<wire::PeerMessage> out;
  for (const wire::DocHave& doc : have.docs) {
    if (session_docs_.count(doc.doc_id) == 0) {
      return Status::PeerViolation("sync: Have for a plan not in this session");
    }
    HeadVector theirs = FromDocHave(doc);
    host_.NotePeerHeads(doc.doc_id, theirs);
    Lack lack = host_.LackOf(doc.doc_id, theirs);
    std::vector<Bytes> send;
    send.reserve(lack.send.size());
    for (OutgoingEnvelope& e : lack.send) send.push_back(std::move(e.bytes));
    AppendBatches(doc.doc_id, std::move(send), out);
  }
  return out;
}

Status PeerSync::OnEnvelopes(const wire::Envelopes& envelopes) {
  if (session_docs_.count(envelopes.doc_id) == 0) {
    return Status::PeerViolation("sync: envelopes for a plan not in this session");
  }
  for (const Bytes& e : envelopes.envelopes) {
    ReceiveResult r = host_.Receive(envelopes.doc_id, e);
    if (r.disposition == Disposition::kRejected && r.status.IsPeerViolation()) {
      return r.status.WithContext("sync: envelope refused");
    }
  }
  return Status::Ok();
}

std::vector<wire::PeerMessage> PeerSync::OnNewEnvelope(const crypto::DocId& doc,
                                                       ByteView envelope) {
  std::vector<wire::PeerMessage> out;
  if (session_docs_.count(doc) == 0) return out;
  AppendBatches(doc, {ToBytes(envelope)}, out);
  return out;
}

}  // namespace mutual::sync
