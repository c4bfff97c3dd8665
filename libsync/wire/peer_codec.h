// PeerMessage: the sync protocol's messages (DESIGN.md §6) in plain C++
// types, and their conversion to and from proto/peer.proto bytes.
//
// Decoding checks every length exactly (doc ids 16 bytes, keys and hashes 32)
// and caps every count; malformed or oversized input gives PeerViolation
// (the caller closes that peer), never a crash. Envelopes stay opaque bytes:
// the sync layer verifies them.
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::wire {

using DocId = FixedBytes<16>;
using AuthorKey = FixedBytes<32>;
using HeadHash = FixedBytes<32>;

struct Hello {
  uint32_t protocol_version = 1;  // >= 1
  std::vector<DocId> doc_ids;
  bool operator==(const Hello&) const = default;
};

struct AuthorHead {
  AuthorKey author{};
  uint64_t seq = 1;  // >= 1: highest contiguous seq held
  HeadHash head_hash{};
  uint64_t fork_seq = 0;  // 0 = no fork seen
  bool operator==(const AuthorHead&) const = default;
};

struct DocHave {
  DocId doc_id{};
  std::vector<AuthorHead> authors;
  bool operator==(const DocHave&) const = default;
};

struct Have {
  std::vector<DocHave> docs;
  bool operator==(const Have&) const = default;
};

struct Envelopes {
  DocId doc_id{};
  std::vector<Bytes> envelopes;  // each non-empty, <= kMaxEnvelopeBytes
  bool operator==(const Envelopes&) const = default;
};

struct KeepAlive {
  uint64_t nonce = 0;
  bool operator==(const KeepAlive&) const = default;
};

enum class PeerMessageKind : uint8_t { kHello = 1, kHave, kEnvelopes, kKeepAlive };

// Exactly the member named by `kind` is meaningful; the others stay empty.
struct PeerMessage {
  PeerMessageKind kind = PeerMessageKind::kKeepAlive;
  Hello hello;
  Have have;
  Envelopes envelopes;
  KeepAlive keep_alive;
  bool operator==(const PeerMessage&) const = default;
};

// InvalidArgument for a message we must not send (breaks a cap).
Result<Bytes> EncodePeerMessage(const PeerMessage& m);
// PeerViolation on anything malformed, oversized or unknown.
Result<PeerMessage> DecodePeerMessage(ByteView bytes);

}  // namespace mutual::wire
