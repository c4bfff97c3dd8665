#include "libsync/sync/screen.h"

#include <string>

namespace mutual::sync {

namespace {

Status AsViolation(const Status& s, std::string_view step) {
  return Status::PeerViolation(std::string(step) + ": " + s.message());
}

}  // namespace

Result<ScreenedEnvelope> ScreenEnvelope(ByteView bytes, const crypto::DocId& doc_id,
                                        const AuthorFilter& is_known) {
  if (bytes.size() > crypto::kMaxEnvelopeBytes) {
    return Status::PeerViolation("envelope of " + std::to_string(bytes.size()) +
                                 " bytes exceeds the 256 KiB limit");
  }
  Result<crypto::Envelope> envelope = crypto::DecodeEnvelope(bytes);
  if (!envelope.ok()) return AsViolation(envelope.status(), "malformed envelope");
  Result<crypto::EnvelopeHeader> header = crypto::DecodeEnvelopeHeader(envelope->header);
  if (!header.ok()) return AsViolation(header.status(), "malformed envelope header");
  if (header->doc_id != doc_id) {
    return Status::PeerViolation("envelope belongs to another plan");
  }
  if (!is_known(header->author)) {
    return Status::PeerViolation("envelope author is no device known to this plan");
  }
  Status sig = crypto::VerifyEnvelopeSignature(*envelope, *header);
  if (!sig.ok()) return AsViolation(sig, "bad envelope signature");
  ScreenedEnvelope out;
  out.hash = crypto::EnvelopeHash(*envelope);
  out.envelope = std::move(envelope).value();
  out.header = *header;
  out.bytes = ToBytes(bytes);
  return out;
}

Result<Bytes> OpenWithKeyring(const crypto::Envelope& envelope,
                              const crypto::EnvelopeHeader& header,
                              const Keyring& keyring) {
  std::vector<const Keyring::Epoch*> candidates = keyring.ForHint(header.key_hint);
  if (candidates.empty()) return Status::NotFound("no key epoch with this key hint");
  for (const Keyring::Epoch* epoch : candidates) {
    Result<Bytes> plain = crypto::OpenEnvelope(envelope, epoch->key);
    if (plain.ok()) return plain;
  }
  return Status::PeerViolation("envelope does not decrypt under the hinted key");
}

}  // namespace mutual::sync
