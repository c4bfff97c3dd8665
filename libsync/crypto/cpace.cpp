#include "libsync/crypto/cpace.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "libsync/crypto/cpace_hash.h"

namespace mutual::crypto {
namespace {

static_assert(crypto_core_ristretto255_BYTES == kCPacePointBytes);
static_assert(crypto_scalarmult_ristretto255_BYTES == kCPacePointBytes);
static_assert(crypto_scalarmult_ristretto255_SCALARBYTES == kCPaceScalarBytes);
static_assert(crypto_core_ristretto255_SCALARBYTES == kCPaceScalarBytes);
static_assert(crypto_core_ristretto255_HASHBYTES == 64);

constexpr std::string_view kDsi = "CPaceRistretto255";
constexpr std::string_view kDsiIsk = "CPaceRistretto255_ISK";
constexpr size_t kSha512BlockBytes = 128;  // H.s_in_bytes

// len(prepend_len(s)) for len(s) == n: LEB128 takes one byte per 7 bits.
size_t LvSize(size_t n) {
  size_t prefix = 1;
  for (size_t v = n; v >= 0x80; v >>= 7) ++prefix;
  return prefix + n;
}

// scalar·point into `out`; false when `point` does not decode or the
// product is the identity (libsodium returns -1 in both cases): exactly the
// G.I outcomes of scalar_mult_vfy.
// REQUIRES: point.size() == 32.
bool ScalarMult(const CPaceScalar& scalar, ByteView point, CPacePoint& out) {
  assert(point.size() == kCPacePointBytes);
  return crypto_scalarmult_ristretto255(out.data(), scalar.data(), point.data()) == 0;
}

}  // namespace

CPacePoint CPaceGenerator(ByteView prs, ByteView ci, ByteView sid) {
  size_t used = 1 + LvSize(prs.size()) + LvSize(kDsi.size());
  size_t zpad = used < kSha512BlockBytes ? kSha512BlockBytes - used : 0;
  CPaceSha512 h;
  h.Lv(AsBytes(kDsi));
  h.Lv(prs);
  h.Lv(Bytes(zpad, 0));
  h.Lv(ci);
  h.Lv(sid);
  Sha512Digest gen_str_hash = h.Final();
  CPacePoint g;
  crypto_core_ristretto255_from_hash(g.data(), gen_str_hash.data());
  sodium_memzero(gen_str_hash.data(), gen_str_hash.size());
  return g;
}

CPaceParty CPaceParty::Start(CPaceRole role, ByteView prs, ByteView ci, ByteView sid,
                             ByteView own_ad) {
  CPaceScalar y;
  crypto_core_ristretto255_scalar_random(y.data());
  auto party = StartWithScalarForTesting(role, prs, ci, sid, own_ad, y);
  sodium_memzero(y.data(), y.size());
  // y is in [1, L-1] and g is a hash-derived element, so y·g is never the
  // identity unless libsodium or SHA-512 is broken.
  if (!party.ok()) std::abort();
  return std::move(party).value();
}

Result<CPaceParty> CPaceParty::StartWithScalarForTesting(CPaceRole role, ByteView prs,
                                                         ByteView ci, ByteView sid,
                                                         ByteView own_ad,
                                                         const CPaceScalar& y) {
  CPacePoint g = CPaceGenerator(prs, ci, sid);
  CPacePoint message;
  bool ok = ScalarMult(y, g, message);
  sodium_memzero(g.data(), g.size());  // g is a function of the PRS
  if (!ok) return Status::InvalidArgument("CPace scalar gives the identity element");
  return CPaceParty(role, y, message, sid, own_ad);
}

CPaceParty::CPaceParty(CPaceRole role, const CPaceScalar& y, const CPacePoint& message,
                       ByteView sid, ByteView own_ad)
    : role_(role),
      scalar_(y),
      message_(message),
      sid_(ToBytes(sid)),
      own_ad_(ToBytes(own_ad)) {}

CPaceParty::CPaceParty(CPaceParty&& other) noexcept
    : role_(other.role_),
      scalar_(other.scalar_),
      message_(other.message_),
      sid_(std::move(other.sid_)),
      own_ad_(std::move(other.own_ad_)),
      spent_(other.spent_) {
  sodium_memzero(other.scalar_.data(), other.scalar_.size());
  other.spent_ = true;
}

CPaceParty& CPaceParty::operator=(CPaceParty&& other) noexcept {
  if (this == &other) return *this;
  role_ = other.role_;
  scalar_ = other.scalar_;
  message_ = other.message_;
  sid_ = std::move(other.sid_);
  own_ad_ = std::move(other.own_ad_);
  spent_ = other.spent_;
  sodium_memzero(other.scalar_.data(), other.scalar_.size());
  other.spent_ = true;
  return *this;
}

CPaceParty::~CPaceParty() { sodium_memzero(scalar_.data(), scalar_.size()); }

Result<CPaceIsk> CPaceParty::Receive(ByteView peer_y, ByteView peer_ad) {
  if (spent_) return Status::FailedPrecondition("CPace party already used");
  spent_ = true;  // one peer message per scalar, whatever happens next
  CPacePoint k;
  Status st = SharedPoint(peer_y, k);
  sodium_memzero(scalar_.data(), scalar_.size());
  if (!st.ok()) return st;
  CPaceIsk isk = DeriveIsk(k, peer_y, peer_ad);
  sodium_memzero(k.data(), k.size());
  return isk;
}

Status CPaceParty::SharedPoint(ByteView peer_y, CPacePoint& k) const {
  if (peer_y.size() != kCPacePointBytes) {
    return Status::PeerViolation("CPace message is " + std::to_string(peer_y.size()) +
                                 " bytes, expected 32");
  }
  // Not in the draft: with our own Y reflected back, both key-confirmation
  // tags would cover the same bytes unless the ADs differ.
  if (std::equal(peer_y.begin(), peer_y.end(), message_.begin())) {
    return Status::PeerViolation("CPace message is our own, reflected");
  }
  if (!ScalarMult(scalar_, peer_y, k)) {
    return Status::PeerViolation("CPace message is not a valid ristretto255 element");
  }
  return Status::Ok();
}

CPaceIsk CPaceParty::DeriveIsk(const CPacePoint& k, ByteView peer_y,
                               ByteView peer_ad) const {
  bool initiator = role_ == CPaceRole::kInitiator;
  ByteView ya = initiator ? ByteView(message_) : peer_y;
  ByteView ada = initiator ? ByteView(own_ad_) : peer_ad;
  ByteView yb = initiator ? peer_y : ByteView(message_);
  ByteView adb = initiator ? peer_ad : ByteView(own_ad_);
  CPaceSha512 h;
  h.Lv(AsBytes(kDsiIsk));
  h.Lv(sid_);
  h.Lv(k);
  h.Lv(ya);  // transcript_ir = lv_cat(Ya, ADa) ‖ lv_cat(Yb, ADb)
  h.Lv(ada);
  h.Lv(yb);
  h.Lv(adb);
  return h.Final();
}

}  // namespace mutual::crypto
