#include "libsync/crypto/cpace_hash.h"

#include <cassert>

#include "libsync/util/leb128.h"

namespace mutual::crypto {
namespace {

static_assert(crypto_hash_sha512_BYTES == sizeof(Sha512Digest));

// LEB128(n), the length prefix of prepend_len.
Bytes LengthPrefix(size_t n) {
  ByteWriter w(10);
  w.Varint(n);
  return w.Take();
}

}  // namespace

CPaceSha512::CPaceSha512() { crypto_hash_sha512_init(&state_); }

CPaceSha512::~CPaceSha512() { sodium_memzero(&state_, sizeof(state_)); }

void CPaceSha512::Raw(ByteView b) {
  assert(!finished_);
  crypto_hash_sha512_update(&state_, b.data(), b.size());
}

void CPaceSha512::Lv(ByteView b) {
  Raw(LengthPrefix(b.size()));
  Raw(b);
}

Sha512Digest CPaceSha512::Final() {
  assert(!finished_);
  finished_ = true;
  Sha512Digest out;
  crypto_hash_sha512_final(&state_, out.data());
  return out;
}

Bytes CPaceLvCat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView part : parts) {
    Append(out, LengthPrefix(part.size()));
    Append(out, part);
  }
  return out;
}

}  // namespace mutual::crypto
