// Fuzzes DecodeDeviceRecord (device records arrive from peers during
// pairing and inside membership changes). Property: no crash; whatever is
// accepted carries a valid self-signature and re-encodes to the same bytes.
#include <cstdlib>

#include "libsync/crypto/device.h"
#include "libsync/crypto/sodium.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool sodium_ready = mutual::crypto::InitSodium().ok();
  if (!sodium_ready) std::abort();
  mutual::ByteView in(data, size);
  auto record = mutual::crypto::DecodeDeviceRecord(in);
  if (!record.ok()) return 0;
  if (mutual::crypto::EncodeDeviceRecord(*record) != mutual::Bytes(in.begin(), in.end())) {
    std::abort();
  }
  if (!mutual::crypto::VerifySignature(record->signing_key,
                                       mutual::crypto::DeviceRecordSignedBytes(*record),
                                       record->signature)) {
    std::abort();
  }
  return 0;
}
