#include "libsync/util/leb128.h"

namespace mutual {

void ByteWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<uint8_t>(v) | 0x80);
    v >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::SignedVarint(int64_t v) {
  Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void ByteWriter::LengthPrefixed(ByteView b) {
  Varint(b.size());
  Raw(b);
}

Result<uint8_t> ByteReader::U8() {
  if (pos_ >= in_.size()) return Status::Corruption("unexpected end of input");
  return in_[pos_++];
}

Result<uint64_t> ByteReader::Varint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= in_.size()) return Status::Corruption("truncated varint");
    uint8_t byte = in_[pos_++];
    uint64_t part = byte & 0x7f;
    if (shift == 63 && part > 1) return Status::Corruption("varint overflows 64 bits");
    result |= part << shift;
    if ((byte & 0x80) == 0) {
      // A final zero byte after the first means a longer-than-needed form.
      if (byte == 0 && shift > 0) return Status::Corruption("non-minimal varint");
      return result;
    }
  }
  return Status::Corruption("varint longer than 10 bytes");
}

Result<uint64_t> ByteReader::VarintAtMost(uint64_t max) {
  auto v = Varint();
  if (!v.ok()) return v;
  if (*v > max) return Status::Corruption("integer out of range");
  return v;
}

Result<int64_t> ByteReader::SignedVarint() {
  auto v = Varint();
  if (!v.ok()) return v.status();
  return static_cast<int64_t>((*v >> 1) ^ (~(*v & 1) + 1));
}

Result<ByteView> ByteReader::Raw(size_t n) {
  if (n > remaining()) return Status::Corruption("length runs past the end of input");
  ByteView out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<ByteView> ByteReader::LengthPrefixed(size_t max_len) {
  auto len = VarintAtMost(max_len);
  if (!len.ok()) return len.status();
  return Raw(static_cast<size_t>(*len));
}

Result<std::string> ByteReader::Utf8String(size_t max_len) {
  auto b = LengthPrefixed(max_len);
  if (!b.ok()) return b.status();
  std::string s(AsChars(*b));
  if (!IsValidUtf8(s)) return Status::Corruption("string is not valid UTF-8");
  return s;
}

Status ByteReader::ExpectEnd() const {
  if (!empty()) return Status::Corruption("trailing bytes after the end of a record");
  return Status::Ok();
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      uint8_t cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace mutual
