// Conversion between the sync protocol's domain types and proto/peer.proto.
// Protobuf types stay in this file.
#include "libsync/wire/peer_codec.h"

#include <cstring>
#include <string>

#include "libsync/wire/limits.h"
#include "proto/peer.pb.h"

namespace mutual::wire {
namespace {

namespace pb = ::mutual::proto;

Status Bad(std::string_view what) {
  return Status::PeerViolation(std::string("peer message: ") + std::string(what));
}

template <size_t N>
Result<FixedBytes<N>> ToFixed(std::string_view field, const std::string& s) {
  if (s.size() != N) {
    return Bad(std::string(field) + " must be " + std::to_string(N) + " bytes, got " +
               std::to_string(s.size()));
  }
  FixedBytes<N> out;
  std::memcpy(out.data(), s.data(), N);
  return out;
}

template <size_t N>
std::string FromFixed(const FixedBytes<N>& b) {
  return std::string(reinterpret_cast<const char*>(b.data()), N);
}

// Limits a well-formed message obeys; shared by encode and decode.
Status Validate(const PeerMessage& m) {
  switch (m.kind) {
    case PeerMessageKind::kHello:
      if (m.hello.protocol_version == 0) return Bad("protocol version 0");
      if (m.hello.doc_ids.size() > kMaxDocsPerMessage) return Bad("too many doc ids");
      return Status::Ok();
    case PeerMessageKind::kHave:
      if (m.have.docs.size() > kMaxDocsPerMessage) return Bad("too many docs in Have");
      for (const auto& d : m.have.docs) {
        if (d.authors.size() > kMaxAuthorsPerDoc) return Bad("too many authors in Have");
        for (const auto& a : d.authors) {
          if (a.seq == 0) return Bad("author head with seq 0");
        }
      }
      return Status::Ok();
    case PeerMessageKind::kEnvelopes:
      if (m.envelopes.envelopes.size() > kMaxEnvelopesPerMessage) {
        return Bad("too many envelopes");
      }
      for (const auto& e : m.envelopes.envelopes) {
        if (e.empty()) return Bad("empty envelope");
        if (e.size() > kMaxEnvelopeBytes) return Bad("envelope larger than the limit");
      }
      return Status::Ok();
    case PeerMessageKind::kKeepAlive: return Status::Ok();
  }
  return Bad("unknown message kind");
}

}  // namespace

Result<Bytes> EncodePeerMessage(const PeerMessage& m) {
  if (Status s = Validate(m); !s.ok()) return Status::InvalidArgument(s.message());
  pb::PeerMessage p;
  switch (m.kind) {
    case PeerMessageKind::kHello: {
      auto* h = p.mutable_hello();
      h->set_protocol_version(m.hello.protocol_version);
      for (const auto& d : m.hello.doc_ids) h->add_doc_ids(FromFixed(d));
      break;
    }
    case PeerMessageKind::kHave: {
      auto* h = p.mutable_have();
      for (const auto& d : m.have.docs) {
        auto* pd = h->add_docs();
        pd->set_doc_id(FromFixed(d.doc_id));
        for (const auto& a : d.authors) {
          auto* pa = pd->add_authors();
          pa->set_author(FromFixed(a.author));
          pa->set_seq(a.seq);
          pa->set_head_hash(FromFixed(a.head_hash));
          pa->set_fork_seq(a.fork_seq);
        }
      }
      break;
    }
    case PeerMessageKind::kEnvelopes: {
      auto* e = p.mutable_envelopes();
      e->set_doc_id(FromFixed(m.envelopes.doc_id));
      for (const auto& env : m.envelopes.envelopes) {
        e->add_envelopes(std::string(env.begin(), env.end()));
      }
      break;
    }
    case PeerMessageKind::kKeepAlive: p.mutable_keep_alive()->set_nonce(m.keep_alive.nonce); break;
  }
  std::string out;
  if (!p.SerializeToString(&out)) return Status::InvalidArgument("peer message: cannot serialize");
  if (out.size() > kMaxPeerMessageBytes) {
    return Status::InvalidArgument("peer message: larger than the limit");
  }
  return Bytes(out.begin(), out.end());
}

Result<PeerMessage> DecodePeerMessage(ByteView bytes) {
  if (bytes.size() > kMaxPeerMessageBytes) return Bad("larger than the limit");
  pb::PeerMessage p;
  if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Bad("not a valid protobuf PeerMessage");
  }
  PeerMessage m;
  switch (p.body_case()) {
    case pb::PeerMessage::kHello: {
      m.kind = PeerMessageKind::kHello;
      m.hello.protocol_version = p.hello().protocol_version();
      if (static_cast<size_t>(p.hello().doc_ids_size()) > kMaxDocsPerMessage) {
        return Bad("too many doc ids");
      }
      for (const auto& d : p.hello().doc_ids()) {
        MUTUAL_ASSIGN_OR_RETURN(auto id, ToFixed<kDocIdBytes>("doc id", d));
        m.hello.doc_ids.push_back(id);
      }
      break;
    }
    case pb::PeerMessage::kHave: {
      m.kind = PeerMessageKind::kHave;
      if (static_cast<size_t>(p.have().docs_size()) > kMaxDocsPerMessage) {
        return Bad("too many docs in Have");
      }
      for (const auto& pd : p.have().docs()) {
        DocHave d;
        MUTUAL_ASSIGN_OR_RETURN(d.doc_id, ToFixed<kDocIdBytes>("doc id", pd.doc_id()));
        if (static_cast<size_t>(pd.authors_size()) > kMaxAuthorsPerDoc) {
          return Bad("too many authors in Have");
        }
        for (const auto& pa : pd.authors()) {
          AuthorHead a;
          MUTUAL_ASSIGN_OR_RETURN(a.author, ToFixed<kKeyBytes>("author key", pa.author()));
          MUTUAL_ASSIGN_OR_RETURN(a.head_hash,
                                  ToFixed<kHashBytes>("head hash", pa.head_hash()));
          a.seq = pa.seq();
          a.fork_seq = pa.fork_seq();
          d.authors.push_back(a);
        }
        m.have.docs.push_back(std::move(d));
      }
      break;
    }
    case pb::PeerMessage::kEnvelopes: {
      m.kind = PeerMessageKind::kEnvelopes;
      MUTUAL_ASSIGN_OR_RETURN(m.envelopes.doc_id,
                              ToFixed<kDocIdBytes>("doc id", p.envelopes().doc_id()));
      if (static_cast<size_t>(p.envelopes().envelopes_size()) > kMaxEnvelopesPerMessage) {
        return Bad("too many envelopes");
      }
      for (const auto& e : p.envelopes().envelopes()) {
        m.envelopes.envelopes.emplace_back(e.begin(), e.end());
      }
      break;
    }
    case pb::PeerMessage::kKeepAlive:
      m.kind = PeerMessageKind::kKeepAlive;
      m.keep_alive.nonce = p.keep_alive().nonce();
      break;
    case pb::PeerMessage::BODY_NOT_SET:
      return Bad("no message body (or an unknown kind)");
  }
  MUTUAL_RETURN_IF_ERROR(Validate(m));
  return m;
}

}  // namespace mutual::wire
