#include "libsync/store/storage_key.h"

#include <sodium.h>

#include "libsync/util/leb128.h"

namespace mutual::store {
namespace {

constexpr uint8_t kSealedVersion = 1;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kSealedOverheadBytes == 1 + kNonceBytes + kTagBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

Bytes AssociatedData(std::string_view slot, ByteView row) {
  ByteWriter w(64 + slot.size() + row.size());
  w.Raw(AsBytes("mutual/at-rest/v1"));
  w.String(slot);
  w.LengthPrefixed(row);
  return w.Take();
}

}  // namespace

StorageKey StorageKey::Generate() {
  StorageKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.key_.data());
  return key;
}

StorageKey StorageKey::FromBytes(const FixedBytes<32>& bytes) {
  StorageKey key;
  key.key_ = bytes;
  return key;
}

StorageKey::~StorageKey() { sodium_memzero(key_.data(), key_.size()); }

crypto::Hash32 StorageKey::Tag(std::string_view purpose, ByteView value) const {
  // Subkey = BLAKE2b(key = storage key, "mutual/at-rest/tag/v1" ‖ purpose),
  // so tags for different purposes are unrelated.
  ByteWriter label;
  label.Raw(AsBytes("mutual/at-rest/tag/v1"));
  label.String(purpose);
  crypto::Hash32 subkey = crypto::Blake2b256Keyed(key_, label.bytes());
  crypto::Hash32 tag = crypto::Blake2b256Keyed(subkey, value);
  sodium_memzero(subkey.data(), subkey.size());
  return tag;
}

Bytes SealAtRest(const StorageKey& key, std::string_view slot, ByteView row,
                 ByteView plaintext) {
  Bytes ad = AssociatedData(slot, row);
  Bytes out(1 + kNonceBytes + plaintext.size() + kTagBytes);
  out[0] = kSealedVersion;
  uint8_t* nonce = out.data() + 1;
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + 1 + kNonceBytes, &clen, plaintext.data(), plaintext.size(), ad.data(),
      ad.size(), nullptr, nonce, key.bytes().data());
  return out;
}

Result<Bytes> OpenAtRest(const StorageKey& key, std::string_view slot, ByteView row,
                         ByteView sealed) {
  if (sealed.size() < kSealedOverheadBytes || sealed[0] != kSealedVersion) {
    return Status::Corruption(std::string("sealed ") + std::string(slot) +
                              " value is malformed");
  }
  Bytes ad = AssociatedData(slot, row);
  const uint8_t* nonce = sealed.data() + 1;
  const uint8_t* cipher = nonce + kNonceBytes;
  size_t clen = sealed.size() - 1 - kNonceBytes;
  Bytes plain(clen - kTagBytes);
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &plen, nullptr, cipher,
                                                 clen, ad.data(), ad.size(), nonce,
                                                 key.bytes().data()) != 0) {
    return Status::Corruption(std::string("sealed ") + std::string(slot) +
                              " value does not open: wrong storage key, or it was "
                              "modified or moved from another row");
  }
  return plain;
}

}  // namespace mutual::store
