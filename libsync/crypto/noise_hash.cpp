#include "libsync/crypto/noise_hash.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace mutual::crypto {
namespace {

static_assert(crypto_generichash_BYTES_MAX == kNoiseHashLen);

// Unkeyed BLAKE2b-512 over up to two parts; the streaming API avoids
// concatenating (possibly secret) inputs into a temporary buffer.
class Blake2b512 {
 public:
  Blake2b512() { crypto_generichash_init(&state_, nullptr, 0, kNoiseHashLen); }
  ~Blake2b512() { sodium_memzero(&state_, sizeof(state_)); }
  Blake2b512(const Blake2b512&) = delete;
  Blake2b512& operator=(const Blake2b512&) = delete;

  void Update(ByteView data) {
    crypto_generichash_update(&state_, data.data(), data.size());
  }
  void Final(NoiseHash& out) {
    crypto_generichash_final(&state_, out.data(), out.size());
  }

 private:
  crypto_generichash_state state_;
};

// RFC 2104's K0 xor pad, as one BLOCKLEN block.
void XorPadBlock(const FixedBytes<kNoiseBlockLen>& k0, uint8_t pad,
                 FixedBytes<kNoiseBlockLen>& out) {
  for (size_t i = 0; i < kNoiseBlockLen; ++i) out[i] = k0[i] ^ pad;
}

}  // namespace

NoiseHash NoiseHashOf(ByteView a, ByteView b) {
  Blake2b512 h;
  h.Update(a);
  h.Update(b);
  NoiseHash out;
  h.Final(out);
  return out;
}

NoiseHash HmacBlake2b512(ByteView key, ByteView data) {
  // K0: the key zero-padded to the block size (hashed first if too long).
  FixedBytes<kNoiseBlockLen> k0{};
  if (key.size() > kNoiseBlockLen) {
    NoiseHash hashed = NoiseHashOf(key);
    std::copy(hashed.begin(), hashed.end(), k0.begin());
    sodium_memzero(hashed.data(), hashed.size());
  } else {
    std::copy(key.begin(), key.end(), k0.begin());
  }
  FixedBytes<kNoiseBlockLen> pad;
  NoiseHash inner;
  {
    Blake2b512 h;
    XorPadBlock(k0, 0x36, pad);
    h.Update(pad);
    h.Update(data);
    h.Final(inner);
  }
  NoiseHash out;
  {
    Blake2b512 h;
    XorPadBlock(k0, 0x5c, pad);
    h.Update(pad);
    h.Update(inner);
    h.Final(out);
  }
  sodium_memzero(k0.data(), k0.size());
  sodium_memzero(pad.data(), pad.size());
  sodium_memzero(inner.data(), inner.size());
  return out;
}

void NoiseHkdf(const NoiseHash& chaining_key, ByteView input_key_material,
               std::span<NoiseHash> outputs) {
  assert(outputs.size() == 2 || outputs.size() == 3);
  NoiseHash temp_key = HmacBlake2b512(chaining_key, input_key_material);
  // output_i = HMAC-HASH(temp_key, output_{i-1} || byte(i)), output_0 empty.
  FixedBytes<kNoiseHashLen + 1> block;
  size_t used = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    block[used] = static_cast<uint8_t>(i + 1);
    outputs[i] = HmacBlake2b512(temp_key, ByteView(block.data(), used + 1));
    std::copy(outputs[i].begin(), outputs[i].end(), block.begin());
    used = kNoiseHashLen;
  }
  sodium_memzero(block.data(), block.size());
  sodium_memzero(temp_key.data(), temp_key.size());
}

}  // namespace mutual::crypto
