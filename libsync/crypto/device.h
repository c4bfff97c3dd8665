// A device's keys (DESIGN.md §4): an Ed25519 identity key, an X25519 Noise
// static key and an X25519 delivery key (for receiving sealed document
// keys). The public halves travel together as one DeviceRecord signed by the
// identity key. No key is used for two purposes, so a record in which two
// keys are equal is rejected.
//
// Byte formats: doc/encoding-envelope.md.
//
// Thread-safety: values; no shared state.
#pragma once

#include "libsync/crypto/signing.h"
#include "libsync/crypto/x25519.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

// The secret keys of this device.
struct DeviceSecrets {
  SigningKey identity;
  X25519KeyPair noise_static;
  X25519KeyPair delivery;

  // Three independent fresh keys.
  static DeviceSecrets Generate();
};

// The public, signed description of a device.
struct DeviceRecord {
  PublicKey signing_key{};
  PublicKey noise_key{};
  PublicKey delivery_key{};
  Signature signature{};  // by signing_key over DeviceRecordSignedBytes()

  bool operator==(const DeviceRecord&) const = default;
};

// Version byte + 3 keys + signature.
inline constexpr size_t kDeviceRecordBytes = 1 + 32 * 3 + 64;

// The record for `secrets`, signed by its identity key.
DeviceRecord MakeDeviceRecord(const DeviceSecrets& secrets);

// The exact bytes the record's signature covers:
// "mutual/device/v1" ‖ signing_key ‖ noise_key ‖ delivery_key.
Bytes DeviceRecordSignedBytes(const DeviceRecord& record);

// kDeviceRecordBytes bytes: version 0x01 ‖ keys ‖ signature.
Bytes EncodeDeviceRecord(const DeviceRecord& record);

// Parses and checks a record. Corruption on malformed bytes (wrong length or
// version); PeerViolation when the signature does not verify, two keys are
// equal, or an X25519 key is weak (IsWeakX25519Key). On success the keys
// are safe to use for their purposes.
Result<DeviceRecord> DecodeDeviceRecord(ByteView bytes);

}  // namespace mutual::crypto
