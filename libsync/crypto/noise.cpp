#include "libsync/crypto/noise.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <span>
#include <string>

namespace mutual::crypto {
namespace {

static_assert(kNoiseProtocolName.size() <= kNoiseHashLen);  // h = padded name
constexpr size_t kDhLen = 32;

Status Violation(size_t step, std::string_view what) {
  return Status::PeerViolation("noise handshake message " + std::to_string(step + 1) +
                               ": " + std::string(what));
}

}  // namespace

NoiseHandshake NoiseHandshake::Initiator(const X25519KeyPair& s, ByteView prologue) {
  return NoiseHandshake(/*initiator=*/true, s, prologue);
}

NoiseHandshake NoiseHandshake::Responder(const X25519KeyPair& s, ByteView prologue) {
  return NoiseHandshake(/*initiator=*/false, s, prologue);
}

NoiseHandshake::NoiseHandshake(bool initiator, const X25519KeyPair& s, ByteView prologue)
    : initiator_(initiator), symmetric_(kNoiseProtocolName), s_(s) {
  // XX has no pre-message keys, so the prologue is the only thing mixed in.
  symmetric_.MixHash(prologue);
}

void NoiseHandshake::SetEphemeralForTesting(const X25519KeyPair& e) {
  assert(step_ == 0 && !failed_);
  e_ = e;
}

bool NoiseHandshake::IsWriteTurn() const {
  // The initiator writes messages 1 and 3 (indexes 0 and 2).
  return !failed_ && step_ < kMessageCount && ((step_ % 2 == 0) == initiator_);
}

std::span<const NoiseHandshake::Token> NoiseHandshake::Pattern(size_t step) {
  static constexpr Token kMessage1[] = {Token::kE};
  static constexpr Token kMessage2[] = {Token::kE, Token::kEE, Token::kS, Token::kES};
  static constexpr Token kMessage3[] = {Token::kS, Token::kSE};
  switch (step) {
    case 0:
      return kMessage1;
    case 1:
      return kMessage2;
    default:
      return kMessage3;
  }
}

Status NoiseHandshake::TurnCheck(bool writing) const {
  if (failed_) return Status::FailedPrecondition("noise: handshake already failed");
  if (step_ == kMessageCount)
    return Status::FailedPrecondition("noise: handshake complete");
  if (IsWriteTurn() != writing) {
    return Status::FailedPrecondition(writing ? "noise: expected to read a message"
                                              : "noise: expected to write a message");
  }
  return Status::Ok();
}

Status NoiseHandshake::Fail(Status why) {
  failed_ = true;
  symmetric_.WipeSecrets();
  s_.reset();
  e_.reset();
  re_.reset();
  rs_.reset();
  return why;
}

void NoiseHandshake::FinishMessage() {
  ++step_;
  // After the last DH neither local key pair is needed; drop them early.
  if (step_ == kMessageCount) {
    s_.reset();
    e_.reset();
  }
}

Status NoiseHandshake::MixDh(const std::optional<X25519KeyPair>& mine,
                             const std::optional<PublicKey>& theirs) {
  assert(mine.has_value() && theirs.has_value());  // guaranteed by the token order
  FixedBytes<kDhLen> shared;
  // crypto_scalarmult fails on an all-zero result, i.e. a small-order peer
  // key; the spec allows aborting then, and we must (DESIGN.md §5).
  if (crypto_scalarmult(shared.data(), mine->secret().data(), theirs->data()) != 0) {
    sodium_memzero(shared.data(), shared.size());
    return Violation(step_, "Diffie-Hellman result is all zero");
  }
  symmetric_.MixKey(shared);
  sodium_memzero(shared.data(), shared.size());
  return Status::Ok();
}

Status NoiseHandshake::MixDhToken(Token token) {
  switch (token) {
    case Token::kEE:
      return MixDh(e_, re_);
    case Token::kES:
      return initiator_ ? MixDh(e_, rs_) : MixDh(s_, re_);
    case Token::kSE:
      return initiator_ ? MixDh(s_, re_) : MixDh(e_, rs_);
    default:
      assert(false);
      return Status::FailedPrecondition("noise: not a DH token");
  }
}

Status NoiseHandshake::WriteToken(Token token, Bytes& out) {
  switch (token) {
    case Token::kE: {
      if (!e_) e_ = X25519KeyPair::Generate();
      Append(out, e_->public_key());
      symmetric_.MixHash(e_->public_key());
      return Status::Ok();
    }
    case Token::kS: {
      MUTUAL_ASSIGN_OR_RETURN(Bytes sealed, symmetric_.EncryptAndHash(s_->public_key()));
      Append(out, sealed);
      return Status::Ok();
    }
    default:
      return MixDhToken(token);
  }
}

Status NoiseHandshake::ReadKey(ByteView message, size_t& pos, bool encrypted,
                               std::optional<PublicKey>& key) {
  size_t len = kDhLen + (encrypted && symmetric_.HasKey() ? kNoiseTagSize : 0);
  if (message.size() - pos < len) return Violation(step_, "truncated key");
  ByteView field = message.subspan(pos, len);
  pos += len;
  Bytes plain;
  if (encrypted) {
    auto opened = symmetric_.DecryptAndHash(field);
    if (!opened.ok()) return Violation(step_, "static key failed authentication");
    plain = std::move(opened).value();
  } else {
    plain = ToBytes(field);
    symmetric_.MixHash(field);
  }
  PublicKey value;
  std::copy(plain.begin(), plain.end(), value.begin());
  // A small-order key would make DH outputs predictable (and all-zero).
  if (IsWeakX25519Key(value)) return Violation(step_, "peer key of small order");
  key = value;
  return Status::Ok();
}

Status NoiseHandshake::ReadToken(Token token, ByteView message, size_t& pos) {
  switch (token) {
    case Token::kE:
      return ReadKey(message, pos, /*encrypted=*/false, re_);
    case Token::kS:
      return ReadKey(message, pos, /*encrypted=*/true, rs_);
    default:
      return MixDhToken(token);
  }
}

Result<Bytes> NoiseHandshake::WriteMessage(ByteView payload) {
  MUTUAL_RETURN_IF_ERROR(TurnCheck(/*writing=*/true));
  if (payload.size() > kNoiseMaxMessageSize - kNoiseXXOverhead[step_]) {
    return Status::InvalidArgument("noise: handshake payload too large");
  }
  Bytes out;
  out.reserve(kNoiseXXOverhead[step_] + payload.size());
  for (Token token : Pattern(step_)) {
    Status st = WriteToken(token, out);
    if (!st.ok()) return Fail(st);
  }
  auto sealed = symmetric_.EncryptAndHash(payload);
  if (!sealed.ok()) return Fail(sealed.status());
  Append(out, *sealed);
  FinishMessage();
  return out;
}

Result<Bytes> NoiseHandshake::ReadMessage(ByteView message) {
  MUTUAL_RETURN_IF_ERROR(TurnCheck(/*writing=*/false));
  if (message.size() > kNoiseMaxMessageSize) {
    return Fail(Violation(step_, "longer than 65535 bytes"));
  }
  if (message.size() < kNoiseXXOverhead[step_])
    return Fail(Violation(step_, "truncated"));
  size_t pos = 0;
  for (Token token : Pattern(step_)) {
    Status st = ReadToken(token, message, pos);
    if (!st.ok()) return Fail(st);
  }
  auto payload = symmetric_.DecryptAndHash(message.subspan(pos));
  if (!payload.ok()) return Fail(Violation(step_, "payload failed authentication"));
  FinishMessage();
  return std::move(payload).value();
}

Result<NoiseTransport> NoiseHandshake::Split() {
  if (!IsComplete()) return Status::FailedPrecondition("noise: handshake not complete");
  if (split_) return Status::FailedPrecondition("noise: handshake already split");
  NoiseCipherState c1;
  NoiseCipherState c2;
  symmetric_.Split(c1, c2);
  symmetric_.WipeSecrets();
  split_ = true;
  if (initiator_) return NoiseTransport{std::move(c1), std::move(c2)};
  return NoiseTransport{std::move(c2), std::move(c1)};
}

}  // namespace mutual::crypto
