#include "libsync/crypto/doc_key.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>

namespace mutual::crypto {
namespace {

static_assert(kSealedDocKeyBytes == crypto_box_SEALBYTES + 32);

}  // namespace

DocKey DocKey::Generate() {
  DocKey key;
  randombytes_buf(key.key_.data(), key.key_.size());
  return key;
}

DocKey DocKey::FromBytes(const FixedBytes<32>& bytes) {
  DocKey key;
  key.key_ = bytes;
  return key;
}

DocKey::~DocKey() { sodium_memzero(key_.data(), key_.size()); }

KeyHint KeyHintOf(const Hash32& epoch_id) {
  KeyHint hint;
  std::copy_n(epoch_id.begin(), hint.size(), hint.begin());
  return hint;
}

Bytes SealDocKeyTo(const DocKey& key, const PublicKey& recipient_delivery_key) {
  Bytes sealed(kSealedDocKeyBytes);
  // Fails only for a weak recipient key, which the precondition excludes.
  [[maybe_unused]] int rc =
      crypto_box_seal(sealed.data(), key.bytes().data(), key.bytes().size(),
                      recipient_delivery_key.data());
  assert(rc == 0);
  return sealed;
}

Result<DocKey> OpenSealedDocKey(ByteView sealed, const X25519KeyPair& delivery) {
  if (sealed.size() != kSealedDocKeyBytes) {
    return Status::PeerViolation("sealed doc key has the wrong length");
  }
  FixedBytes<32> plain;
  if (crypto_box_seal_open(plain.data(), sealed.data(), sealed.size(),
                           delivery.public_key().data(), delivery.secret().data()) != 0) {
    return Status::PeerViolation("sealed doc key does not open with this delivery key");
  }
  DocKey key = DocKey::FromBytes(plain);
  sodium_memzero(plain.data(), plain.size());
  return key;
}

}  // namespace mutual::crypto
