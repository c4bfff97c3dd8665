// ByteWriter and ByteReader: the primitives of our deterministic binary
// encoding (doc/encoding.md): unsigned LEB128 integers, fixed-width byte
// strings, and length-prefixed byte strings.
//
// The reader is strict, because it parses what hostile peers send: an
// over-long or non-minimal LEB128, a length past the end, or a value out of
// range is an error, never undefined behaviour. Every encoding therefore has
// exactly one byte form, which signatures and hashes rely on.
//
// Thread-safety: single-owner values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual {

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(size_t reserve) { out_.reserve(reserve); }

  void U8(uint8_t v) { out_.push_back(v); }
  // Unsigned LEB128, minimal form.
  void Varint(uint64_t v);
  // Zig-zag then LEB128.
  void SignedVarint(int64_t v);
  // Raw bytes, no length.
  void Raw(ByteView b) { Append(out_, b); }
  // Varint length, then the bytes.
  void LengthPrefixed(ByteView b);
  void String(std::string_view s) { LengthPrefixed(AsBytes(s)); }

  const Bytes& bytes() const { return out_; }
  Bytes Take() { return std::move(out_); }
  size_t size() const { return out_.size(); }

 private:
  Bytes out_;
};

// Reads from a view it does not own. REQUIRES: the viewed bytes outlive the
// reader. Every failing read returns Corruption and leaves the reader at an
// unspecified position; callers stop parsing at the first error.
class ByteReader {
 public:
  explicit ByteReader(ByteView in) : in_(in) {}

  Result<uint8_t> U8();
  // Rejects more than 10 bytes, overflow past 64 bits and non-minimal forms.
  Result<uint64_t> Varint();
  // Varint that must be <= max.
  Result<uint64_t> VarintAtMost(uint64_t max);
  Result<int64_t> SignedVarint();
  // Exactly n bytes (a view into the input).
  Result<ByteView> Raw(size_t n);
  template <size_t N>
  Result<FixedBytes<N>> Fixed() {
    auto r = Raw(N);
    if (!r.ok()) return r.status();
    FixedBytes<N> out;
    std::copy(r->begin(), r->end(), out.begin());
    return out;
  }
  // Varint length (<= max_len), then that many bytes.
  Result<ByteView> LengthPrefixed(size_t max_len);
  // A length-prefixed string that must be valid UTF-8.
  Result<std::string> Utf8String(size_t max_len);

  size_t remaining() const { return in_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  size_t position() const { return pos_; }
  // Corruption unless every byte was consumed.
  Status ExpectEnd() const;

 private:
  ByteView in_;
  size_t pos_ = 0;
};

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace mutual
