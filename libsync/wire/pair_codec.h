// Pairing messages (proto/pair.proto) in plain C++ types, with strict
// validation: every fixed-size field must have exactly its size, names are
// bounded UTF-8, anything else is a PeerViolation.
//
// Thread-safety: values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::wire {

inline constexpr size_t kPairPointBytes = 32;
inline constexpr size_t kPairAdBytes = 33;
inline constexpr size_t kPairTagBytes = 64;
inline constexpr size_t kPairMaxRecordBytes = 1024;
inline constexpr size_t kPairMaxSealedKeyBytes = 256;
inline constexpr size_t kPairMaxEpochKeys = 64;
inline constexpr size_t kPairMaxMessageBytes = 16 * 1024;

enum class PairKind : uint8_t { kCPace = 1, kConfirm, kJoin, kWelcome };

struct PairEpochKey {
  FixedBytes<32> epoch_id{};
  Bytes sealed_key;
  bool operator==(const PairEpochKey&) const = default;
};

struct PairMessage {
  PairKind kind = PairKind::kCPace;
  Bytes y, ad;                // kCPace
  Bytes tag;                  // kConfirm
  Bytes device_record;        // kJoin
  std::string name;           // kJoin
  FixedBytes<16> doc_id{};    // kWelcome
  std::vector<PairEpochKey> keys;  // kWelcome: 1..kPairMaxEpochKeys
  Bytes inviter_record;            // kWelcome
  bool operator==(const PairMessage&) const = default;
};

// InvalidArgument when `m` breaks a rule (we must not send it).
Result<Bytes> EncodePairMessage(const PairMessage& m);
// PeerViolation on anything malformed, oversized or unknown.
Result<PairMessage> DecodePairMessage(ByteView bytes);

}  // namespace mutual::wire
