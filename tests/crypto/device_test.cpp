#include "libsync/crypto/device.h"

#include <catch2/catch.hpp>

#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::RequireSodium;

// A record over chosen keys, correctly signed by `identity`: lets a test
// check the rules that apply beyond the signature.
DeviceRecord SignedRecord(const SigningKey& identity, const PublicKey& noise,
                          const PublicKey& delivery) {
  DeviceRecord r;
  r.signing_key = identity.public_key();
  r.noise_key = noise;
  r.delivery_key = delivery;
  r.signature = identity.Sign(DeviceRecordSignedBytes(r));
  return r;
}

TEST_CASE("DeviceRecordRoundTrips") {
  RequireSodium();
  DeviceSecrets secrets = DeviceSecrets::Generate();
  DeviceRecord record = MakeDeviceRecord(secrets);
  REQUIRE(record.signing_key == secrets.identity.public_key());
  REQUIRE(record.noise_key == secrets.noise_static.public_key());
  REQUIRE(record.delivery_key == secrets.delivery.public_key());
  Bytes encoded = EncodeDeviceRecord(record);
  REQUIRE(encoded.size() == kDeviceRecordBytes);
  auto decoded = DecodeDeviceRecord(encoded);
  REQUIRE(decoded.ok());
  REQUIRE(*decoded == record);
}

TEST_CASE("DeviceRecordEncodingLayout") {
  RequireSodium();
  DeviceRecord record = MakeDeviceRecord(DeviceSecrets::Generate());
  Bytes e = EncodeDeviceRecord(record);
  REQUIRE(e.size() == 161);
  REQUIRE(e[0] == 0x01);
  REQUIRE(Bytes(e.begin() + 1, e.begin() + 33) == ToBytes(ByteView(record.signing_key)));
  REQUIRE(Bytes(e.begin() + 33, e.begin() + 65) == ToBytes(ByteView(record.noise_key)));
  REQUIRE(Bytes(e.begin() + 65, e.begin() + 97) ==
          ToBytes(ByteView(record.delivery_key)));
  REQUIRE(Bytes(e.begin() + 97, e.end()) == ToBytes(ByteView(record.signature)));

  Bytes signed_bytes = DeviceRecordSignedBytes(record);
  REQUIRE(signed_bytes.size() == 16 + 96);
  REQUIRE(AsChars(ByteView(signed_bytes).first(16)) == "mutual/device/v1");
  REQUIRE(Bytes(signed_bytes.begin() + 16, signed_bytes.end()) ==
          Bytes(e.begin() + 1, e.begin() + 97));
}

TEST_CASE("DeviceRecordEveryFlippedByteIsRejected") {
  RequireSodium();
  Bytes good = EncodeDeviceRecord(MakeDeviceRecord(DeviceSecrets::Generate()));
  for (size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    auto r = DecodeDeviceRecord(bad);
    INFO("byte " << i);
    REQUIRE_FALSE(r.ok());
    // The version byte is a format error; any key or signature byte breaks
    // the signature.
    if (i == 0) {
      REQUIRE(r.status().IsCorruption());
    } else {
      REQUIRE(r.status().IsPeerViolation());
    }
  }
}

TEST_CASE("DeviceRecordWithAnotherDevicesSignatureIsRejected") {
  RequireSodium();
  DeviceRecord a = MakeDeviceRecord(DeviceSecrets::Generate());
  DeviceRecord b = MakeDeviceRecord(DeviceSecrets::Generate());
  a.signature = b.signature;
  auto r = DecodeDeviceRecord(EncodeDeviceRecord(a));
  REQUIRE(r.status().IsPeerViolation());
}

TEST_CASE("DeviceRecordWithSwappedKeysIsRejected") {
  RequireSodium();
  DeviceRecord r = MakeDeviceRecord(DeviceSecrets::Generate());
  std::swap(r.noise_key, r.delivery_key);
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(r)).status().IsPeerViolation());
}

TEST_CASE("DeviceRecordWrongLengthOrVersionIsCorruption") {
  RequireSodium();
  Bytes good = EncodeDeviceRecord(MakeDeviceRecord(DeviceSecrets::Generate()));
  Bytes shorter(good.begin(), good.end() - 1);
  Bytes longer = good;
  longer.push_back(0);
  Bytes version2 = good;
  version2[0] = 2;
  REQUIRE(DecodeDeviceRecord(shorter).status().IsCorruption());
  REQUIRE(DecodeDeviceRecord(longer).status().IsCorruption());
  REQUIRE(DecodeDeviceRecord(version2).status().IsCorruption());
  REQUIRE(DecodeDeviceRecord({}).status().IsCorruption());
}

TEST_CASE("DeviceRecordReusingAKeyIsRejected") {
  RequireSodium();
  SigningKey id = SigningKey::Generate();
  PublicKey x = X25519KeyPair::Generate().public_key();
  PublicKey y = X25519KeyPair::Generate().public_key();
  // Noise key == delivery key.
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, x, x)))
              .status()
              .IsPeerViolation());
  // The signing key's bytes reused as an X25519 key, in either slot.
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, id.public_key(), y)))
              .status()
              .IsPeerViolation());
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, x, id.public_key())))
              .status()
              .IsPeerViolation());
  // Control: distinct keys with the same construction are accepted.
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, x, y))).ok());
}

TEST_CASE("DeviceRecordWithWeakX25519KeyIsRejected") {
  RequireSodium();
  SigningKey id = SigningKey::Generate();
  PublicKey good = X25519KeyPair::Generate().public_key();
  PublicKey one{};
  one[0] = 1;
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, one, good)))
              .status()
              .IsPeerViolation());
  REQUIRE(DecodeDeviceRecord(EncodeDeviceRecord(SignedRecord(id, good, one)))
              .status()
              .IsPeerViolation());
}

TEST_CASE("DeviceSecretsAreThreeDistinctKeys") {
  RequireSodium();
  DeviceSecrets s = DeviceSecrets::Generate();
  REQUIRE(s.noise_static.public_key() != s.delivery.public_key());
  REQUIRE(s.noise_static.secret() != s.delivery.secret());
  REQUIRE(s.identity.public_key() != s.noise_static.public_key());
}

}  // namespace
}  // namespace mutual::crypto
