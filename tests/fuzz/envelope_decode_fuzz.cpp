// Fuzzes the envelope parsers a peer's bytes reach first: DecodeEnvelope,
// then DecodeEnvelopeHeader on the header it yields, then the signature
// check. Properties: no crash; an accepted envelope re-encodes to the same
// bytes; a random input never passes the signature check.
#include <cstdlib>

#include "libsync/crypto/envelope.h"
#include "libsync/crypto/sodium.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool sodium_ready = mutual::crypto::InitSodium().ok();
  if (!sodium_ready) std::abort();
  mutual::ByteView in(data, size);
  auto env = mutual::crypto::DecodeEnvelope(in);
  if (!env.ok()) return 0;
  if (mutual::crypto::EncodeEnvelope(*env) != mutual::Bytes(in.begin(), in.end())) {
    std::abort();
  }
  auto header = mutual::crypto::DecodeEnvelopeHeader(env->header);
  if (!header.ok()) return 0;
  if (mutual::crypto::EncodeEnvelopeHeader(*header) != env->header) std::abort();
  if (mutual::crypto::VerifyEnvelopeSignature(*env, *header).ok()) std::abort();
  return 0;
}
