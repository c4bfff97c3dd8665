// Framing for the control socket and peer streams: each message is preceded
// by its length as 4 bytes, big-endian. FrameDecoder reassembles messages
// from arbitrarily split or merged chunks and rejects a declared length over
// its cap as soon as the 4 header bytes arrive, before buffering any payload.
//
// Thread-safety: FrameDecoder is not thread-safe (one per connection).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::wire {

inline constexpr size_t kLengthPrefixBytes = 4;

// The 4-byte prefix followed by `payload`. InvalidArgument when payload is
// larger than `max_len`.
Result<Bytes> FrameMessage(ByteView payload, size_t max_len);

class FrameDecoder {
 public:
  // REQUIRES: max_len <= 0xFFFFFFFF.
  explicit FrameDecoder(size_t max_len) : max_len_(max_len) {}

  // Consumes `chunk`. After an error (an over-cap length), the decoder stays
  // failed and returns the same error: the stream cannot be resynchronised.
  Status Feed(ByteView chunk);

  // The next complete message, if any, in arrival order.
  std::optional<Bytes> Next();

  // True when no partial message is buffered (a clean place to close).
  bool idle() const { return header_got_ == 0 && !in_payload_; }

 private:
  size_t max_len_;
  Status failed_;
  uint8_t header_[kLengthPrefixBytes] = {};
  size_t header_got_ = 0;
  bool in_payload_ = false;
  size_t want_ = 0;
  Bytes current_;
  std::deque<Bytes> ready_;
};

}  // namespace mutual::wire
