// Size and count limits for every message libsync/wire accepts, shared by
// the codecs and the framer (doc/control-api.md lists them).
//
// Thread-safety: constants only.
#pragma once

#include <cstddef>

namespace mutual::wire {

// One control request, excluding its 4-byte length prefix.
inline constexpr size_t kMaxControlMessageBytes = 1 << 20;  // 1 MiB
// One control response: an HTML export of a large plan is bigger than any
// request, and the daemon is the trusted side of the socket.
inline constexpr size_t kMaxControlResponseBytes = 32 << 20;  // 32 MiB
// One peer message. Several maximum-size envelopes fit.
inline constexpr size_t kMaxPeerMessageBytes = 4 << 20;  // 4 MiB

// Control strings.
inline constexpr size_t kMaxIdBytes = 128;      // plan/item/suggestion/section id or prefix
inline constexpr size_t kMaxNameBytes = 256;    // names, titles, kinds, formats
inline constexpr size_t kMaxTextBytes = 64 * 1024;  // a field value, reason, message
inline constexpr size_t kMaxFields = 64;
inline constexpr size_t kMaxAbout = 16;
inline constexpr size_t kMaxPassphraseBytes = 1024;
inline constexpr size_t kMaxPlansListed = 4096;

// Peer messages. kMaxEnvelopeBytes equals crypto's limit (wire does not
// depend on crypto; the sync layer re-checks envelopes anyway).
inline constexpr size_t kDocIdBytes = 16;
inline constexpr size_t kKeyBytes = 32;
inline constexpr size_t kHashBytes = 32;
inline constexpr size_t kMaxEnvelopeBytes = 256 * 1024;
inline constexpr size_t kMaxEnvelopesPerMessage = 1024;
inline constexpr size_t kMaxDocsPerMessage = 1024;
inline constexpr size_t kMaxAuthorsPerDoc = 256;

}  // namespace mutual::wire
