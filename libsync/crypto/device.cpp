#include "libsync/crypto/device.h"

#include <string_view>

#include "libsync/util/leb128.h"

namespace mutual::crypto {
namespace {

constexpr std::string_view kDeviceDomain = "mutual/device/v1";
constexpr uint8_t kDeviceRecordVersion = 1;

}  // namespace

DeviceSecrets DeviceSecrets::Generate() {
  return DeviceSecrets{SigningKey::Generate(), X25519KeyPair::Generate(),
                       X25519KeyPair::Generate()};
}

Bytes DeviceRecordSignedBytes(const DeviceRecord& record) {
  ByteWriter w(kDeviceDomain.size() + 3 * 32);
  w.Raw(AsBytes(kDeviceDomain));
  w.Raw(record.signing_key);
  w.Raw(record.noise_key);
  w.Raw(record.delivery_key);
  return w.Take();
}

DeviceRecord MakeDeviceRecord(const DeviceSecrets& secrets) {
  DeviceRecord record;
  record.signing_key = secrets.identity.public_key();
  record.noise_key = secrets.noise_static.public_key();
  record.delivery_key = secrets.delivery.public_key();
  record.signature = secrets.identity.Sign(DeviceRecordSignedBytes(record));
  return record;
}

Bytes EncodeDeviceRecord(const DeviceRecord& record) {
  ByteWriter w(kDeviceRecordBytes);
  w.U8(kDeviceRecordVersion);
  w.Raw(record.signing_key);
  w.Raw(record.noise_key);
  w.Raw(record.delivery_key);
  w.Raw(record.signature);
  return w.Take();
}

Result<DeviceRecord> DecodeDeviceRecord(ByteView bytes) {
  if (bytes.size() != kDeviceRecordBytes) {
    return Status::Corruption("device record has the wrong length");
  }
  ByteReader r(bytes);
  MUTUAL_ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kDeviceRecordVersion) {
    return Status::Corruption("unknown device record version");
  }
  DeviceRecord record;
  MUTUAL_ASSIGN_OR_RETURN(record.signing_key, r.Fixed<32>());
  MUTUAL_ASSIGN_OR_RETURN(record.noise_key, r.Fixed<32>());
  MUTUAL_ASSIGN_OR_RETURN(record.delivery_key, r.Fixed<32>());
  MUTUAL_ASSIGN_OR_RETURN(record.signature, r.Fixed<64>());
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());

  if (!VerifySignature(record.signing_key, DeviceRecordSignedBytes(record),
                       record.signature)) {
    return Status::PeerViolation("device record signature does not verify");
  }
  // No key serves two purposes (DESIGN.md §4).
  if (record.signing_key == record.noise_key ||
      record.signing_key == record.delivery_key ||
      record.noise_key == record.delivery_key) {
    return Status::PeerViolation("device record reuses a key for two purposes");
  }
  if (IsWeakX25519Key(record.noise_key) || IsWeakX25519Key(record.delivery_key)) {
    return Status::PeerViolation("device record has a weak X25519 key");
  }
  return record;
}

}  // namespace mutual::crypto
