// The plan's consent and membership ops: the payloads of crdt::DomainOp
// (doc/consent.md, "Domain ops"). Each op names the acting *member*; the
// policy checks that the signing device belongs to that member.
//
// The codec is strict and deterministic: each kind has a fixed list of
// fields, encoded in one order with minimal LEB128 and length-prefixed
// UTF-8, and decoding rejects anything else (unknown kind, a field out of
// range, trailing bytes), so every op has exactly one byte form.
//
// Thread-safety: plain values; free functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libsync/crdt/types.h"
#include "libsync/plan/content_hash.h"
#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::plan {

// Stable numbers: they are stored in every change that carries the op.
enum class OpKind : uint32_t {
  kCreatePlan = 1,       // member, text = name, device = creator's record
  kEndorse = 2,          // member, item, hash
  kWithdraw = 3,         // member, item, text = reason
  kRevisit = 4,          // member, item, text = reason
  kAck = 5,              // member, item, hash
  kSuggest = 6,          // member, item, target = field path, text
  kDismiss = 7,          // member, item, target = suggestion id, flag = taken
  kRemove = 8,           // member, item, text = reason, flag = direct delete
  kRemovalStance = 9,    // member, item, flag = endorse (false: decline)
  kRespond = 10,         // member, item, text (feedback responses)
  kInvite = 11,          // member, target = new member id, text = name
  kApprove = 12,         // member, target = invited member id
  kAddMember = 13,       // member, target = new member id, text = name, device
  kAddDevice = 14,       // member, device
  kLeave = 15,           // member
  kRemoveMember = 16,    // member, target
  kApproveRemoval = 17,  // member, target
  // Key epochs (DESIGN.md §4, doc/consent.md "Key epochs"): a new doc key,
  // sealed to every current member device; an existing epoch's key (hash =
  // the epoch id) sealed to devices that lack it.
  kRotateKey = 18,  // member, keys
  kShareKey = 19,   // member, hash = epoch id, keys
};

inline constexpr uint32_t kMinOpKind = 1;
inline constexpr uint32_t kMaxOpKind = 19;

// A doc key sealed to one device's delivery key (crypto::SealDocKeyTo).
struct SealedKey {
  crdt::ActorId device{};  // the recipient's signing key
  Bytes sealed;            // crypto::kSealedDocKeyBytes
  bool operator==(const SealedKey&) const = default;
};

// One decoded op. Fields a kind does not use stay empty and are not encoded.
struct PlanOp {
  OpKind kind = OpKind::kEndorse;
  std::string member;  // the acting member
  std::string item;
  ContentHash hash{};
  std::string target;
  std::string text;
  bool flag = false;
  Bytes device;  // an encoded crypto::DeviceRecord
  std::vector<SealedKey> keys;  // distinct devices, in device order

  bool operator==(const PlanOp&) const = default;

  // Fluent construction: PlanOp::Of(OpKind::kEndorse, "rae").Item(id).Hash(h).
  static PlanOp Of(OpKind kind, std::string member) {
    PlanOp op;
    op.kind = kind;
    op.member = std::move(member);
    return op;
  }
  PlanOp& Item(std::string v) {
    item = std::move(v);
    return *this;
  }
  PlanOp& Hash(const ContentHash& v) {
    hash = v;
    return *this;
  }
  PlanOp& Target(std::string v) {
    target = std::move(v);
    return *this;
  }
  PlanOp& Text(std::string v) {
    text = std::move(v);
    return *this;
  }
  PlanOp& Flag(bool v) {
    flag = v;
    return *this;
  }
  PlanOp& Device(Bytes v) {
    device = std::move(v);
    return *this;
  }
  PlanOp& Keys(std::vector<SealedKey> v) {
    keys = std::move(v);
    return *this;
  }
};

// Limits on what a peer may send.
inline constexpr size_t kMaxIdBytes = 64;
inline constexpr size_t kMaxOpTextBytes = 16 * 1024;
inline constexpr size_t kMaxDeviceBytes = 1024;
inline constexpr size_t kMaxSealedKeys = 256;  // recipients of one key op

// The payload bytes for crdt::DomainOp{static_cast<uint32_t>(op.kind), ...}.
Bytes EncodePlanOp(const PlanOp& op);

// Decodes the payload of a DomainOp of `kind`. Corruption on an unknown
// kind or malformed, non-canonical or trailing input.
Result<PlanOp> DecodePlanOp(uint32_t kind, ByteView payload);

// True for ops about one item (they carry `item`).
bool IsItemOp(OpKind kind);
// True for ops that change who is a member or which devices they have.
bool IsMembershipOp(OpKind kind);
// True for kRotateKey and kShareKey.
bool IsKeyOp(OpKind kind);

}  // namespace mutual::plan
