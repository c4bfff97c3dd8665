#include "libsync/wire/length_prefix.h"

#include <algorithm>
#include <string>

namespace mutual::wire {

Result<Bytes> FrameMessage(ByteView payload, size_t max_len) {
  if (payload.size() > max_len || payload.size() > 0xFFFFFFFFu) {
    return Status::InvalidArgument("frame: message of " + std::to_string(payload.size()) +
                                   " bytes exceeds the limit of " +
                                   std::to_string(max_len));
  }
  const auto n = static_cast<uint32_t>(payload.size());
  Bytes out;
  out.reserve(kLengthPrefixBytes + payload.size());
  out.push_back(static_cast<uint8_t>(n >> 24));
  out.push_back(static_cast<uint8_t>(n >> 16));
  out.push_back(static_cast<uint8_t>(n >> 8));
  out.push_back(static_cast<uint8_t>(n));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Status FrameDecoder::Feed(ByteView chunk) {
  if (!failed_.ok()) return failed_;
  size_t pos = 0;
  while (pos < chunk.size() || (in_payload_ && want_ == 0)) {
    if (!in_payload_) {
      header_[header_got_++] = chunk[pos++];
      if (header_got_ < kLengthPrefixBytes) continue;
      header_got_ = 0;
      const size_t len = (size_t{header_[0]} << 24) | (size_t{header_[1]} << 16) |
                         (size_t{header_[2]} << 8) | size_t{header_[3]};
      if (len > max_len_) {
        failed_ = Status::PeerViolation("frame: declared length " + std::to_string(len) +
                                        " exceeds the limit of " +
                                        std::to_string(max_len_));
        return failed_;
      }
      in_payload_ = true;
      want_ = len;
      current_.clear();
      current_.reserve(len);
      continue;
    }
    const size_t take = std::min(want_, chunk.size() - pos);
    current_.insert(current_.end(), chunk.begin() + static_cast<std::ptrdiff_t>(pos),
                    chunk.begin() + static_cast<std::ptrdiff_t>(pos + take));
    pos += take;
    want_ -= take;
    if (want_ == 0) {
      ready_.push_back(std::move(current_));
      current_ = Bytes();
      in_payload_ = false;
    }
  }
  return Status::Ok();
}

std::optional<Bytes> FrameDecoder::Next() {
  if (ready_.empty()) return std::nullopt;
  Bytes b = std::move(ready_.front());
  ready_.pop_front();
  return b;
}

}  // namespace mutual::wire
