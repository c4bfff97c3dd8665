#include "libsync/crypto/cpace_confirm.h"

#include <sodium.h>

#include <string_view>

#include "libsync/crypto/cpace_hash.h"

namespace mutual::crypto {
namespace {

static_assert(crypto_auth_hmacsha512_BYTES == kCPaceTagBytes);

constexpr std::string_view kMacDomain = "CPaceMac";

}  // namespace

CPaceMacKey CPaceMacKeyFor(ByteView sid, const CPaceIsk& isk) {
  CPaceSha512 h;
  h.Raw(AsBytes(kMacDomain));
  h.Raw(sid);
  h.Raw(isk);
  return h.Final();
}

CPaceTag CPaceTagFor(const CPaceMacKey& mac_key, ByteView y, ByteView ad) {
  Bytes message = CPaceLvCat({y, ad});
  // The _init form takes a key of any length (HMAC per RFC 2104); the
  // one-shot crypto_auth_hmacsha512 would insist on a 32-byte key.
  crypto_auth_hmacsha512_state state;
  crypto_auth_hmacsha512_init(&state, mac_key.data(), mac_key.size());
  crypto_auth_hmacsha512_update(&state, message.data(), message.size());
  CPaceTag tag;
  crypto_auth_hmacsha512_final(&state, tag.data());
  sodium_memzero(&state, sizeof(state));
  return tag;
}

bool VerifyCPaceTag(const CPaceMacKey& mac_key, ByteView y, ByteView ad, ByteView tag) {
  if (tag.size() != kCPaceTagBytes) return false;
  CPaceTag expected = CPaceTagFor(mac_key, y, ad);
  return crypto_verify_64(expected.data(), tag.data()) == 0;
}

CPaceKeyConfirmation::CPaceKeyConfirmation(ByteView sid, const CPaceIsk& isk,
                                           ByteView own_y, ByteView own_ad,
                                           ByteView peer_y, ByteView peer_ad) {
  CPaceMacKey mac_key = CPaceMacKeyFor(sid, isk);
  own_tag_ = CPaceTagFor(mac_key, own_y, own_ad);
  expected_peer_tag_ = CPaceTagFor(mac_key, peer_y, peer_ad);
  sodium_memzero(mac_key.data(), mac_key.size());
}

CPaceKeyConfirmation::~CPaceKeyConfirmation() {
  sodium_memzero(expected_peer_tag_.data(), expected_peer_tag_.size());
}

Status CPaceKeyConfirmation::CheckPeerTag(ByteView peer_tag) const {
  if (peer_tag.size() != kCPaceTagBytes ||
      crypto_verify_64(expected_peer_tag_.data(), peer_tag.data()) != 0) {
    return Status::PeerViolation("CPace key confirmation failed");
  }
  return Status::Ok();
}

}  // namespace mutual::crypto
