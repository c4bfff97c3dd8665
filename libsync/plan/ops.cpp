#include "libsync/plan/ops.h"

#include "libsync/crypto/doc_key.h"
#include "libsync/util/leb128.h"

namespace mutual::plan {
namespace {

// Which fields a kind carries, in encoding order: member, item, hash,
// target, text, flag, device, keys.
enum Field : uint8_t {
  kMember = 1,
  kItem = 2,
  kHash = 4,
  kTarget = 8,
  kText = 16,
  kFlag = 32,
  kDevice = 64,
  kKeys = 128,
};

uint8_t Layout(OpKind kind) {
  switch (kind) {
    case OpKind::kCreatePlan:
      return kMember | kText | kDevice;
    case OpKind::kEndorse:
      return kMember | kItem | kHash;
    case OpKind::kWithdraw:
      return kMember | kItem | kText;
    case OpKind::kRevisit:
      return kMember | kItem | kText;
    case OpKind::kAck:
      return kMember | kItem | kHash;
    case OpKind::kSuggest:
      return kMember | kItem | kTarget | kText;
    case OpKind::kDismiss:
      return kMember | kItem | kTarget | kFlag;
    case OpKind::kRemove:
      return kMember | kItem | kText | kFlag;
    case OpKind::kRemovalStance:
      return kMember | kItem | kFlag;
    case OpKind::kRespond:
      return kMember | kItem | kText;
    case OpKind::kInvite:
      return kMember | kTarget | kText;
    case OpKind::kApprove:
      return kMember | kTarget;
    case OpKind::kAddMember:
      return kMember | kTarget | kText | kDevice;
    case OpKind::kAddDevice:
      return kMember | kDevice;
    case OpKind::kLeave:
      return kMember;
    case OpKind::kRemoveMember:
      return kMember | kTarget;
    case OpKind::kApproveRemoval:
      return kMember | kTarget;
    case OpKind::kRotateKey:
      return kMember | kKeys;
    case OpKind::kShareKey:
      return kMember | kHash | kKeys;
  }
  return 0;
}

Result<std::string> ReadId(ByteReader& r) {
  MUTUAL_ASSIGN_OR_RETURN(std::string s, r.Utf8String(kMaxIdBytes));
  if (s.empty()) return Status::Corruption("plan op: empty id");
  return s;
}

// Keys: count (1..kMaxSealedKeys), then per key the 32-byte device and the
// fixed-size sealed box, devices strictly ascending (one encoding per set).
void WriteKeys(ByteWriter& w, const std::vector<SealedKey>& keys) {
  w.Varint(keys.size());
  for (const SealedKey& k : keys) {
    w.Raw(k.device);
    w.Raw(k.sealed);
  }
}

Result<std::vector<SealedKey>> ReadKeys(ByteReader& r) {
  MUTUAL_ASSIGN_OR_RETURN(uint64_t n, r.VarintAtMost(kMaxSealedKeys));
  if (n == 0) return Status::Corruption("plan op: no keys");
  std::vector<SealedKey> keys;
  for (uint64_t i = 0; i < n; ++i) {
    SealedKey k;
    MUTUAL_ASSIGN_OR_RETURN(k.device, r.Fixed<32>());
    if (!keys.empty() && !(keys.back().device < k.device)) {
      return Status::Corruption("plan op: key recipients not in ascending order");
    }
    MUTUAL_ASSIGN_OR_RETURN(auto sealed, r.Fixed<crypto::kSealedDocKeyBytes>());
    k.sealed.assign(sealed.begin(), sealed.end());
    keys.push_back(std::move(k));
  }
  return keys;
}

}  // namespace

bool IsItemOp(OpKind kind) { return (Layout(kind) & kItem) != 0; }

bool IsKeyOp(OpKind kind) { return kind == OpKind::kRotateKey || kind == OpKind::kShareKey; }

bool IsMembershipOp(OpKind kind) {
  switch (kind) {
    case OpKind::kCreatePlan:
    case OpKind::kInvite:
    case OpKind::kApprove:
    case OpKind::kAddMember:
    case OpKind::kAddDevice:
    case OpKind::kLeave:
    case OpKind::kRemoveMember:
    case OpKind::kApproveRemoval:
      return true;
    default:
      return false;
  }
}

Bytes EncodePlanOp(const PlanOp& op) {
  const uint8_t layout = Layout(op.kind);
  ByteWriter w(64 + op.text.size() + op.device.size());
  if (layout & kMember) w.String(op.member);
  if (layout & kItem) w.String(op.item);
  if (layout & kHash) w.Raw(op.hash);
  if (layout & kTarget) w.String(op.target);
  if (layout & kText) w.String(op.text);
  if (layout & kFlag) w.U8(op.flag ? 1 : 0);
  if (layout & kDevice) w.LengthPrefixed(op.device);
  if (layout & kKeys) WriteKeys(w, op.keys);
  return w.Take();
}

Result<PlanOp> DecodePlanOp(uint32_t kind, ByteView payload) {
  if (kind < kMinOpKind || kind > kMaxOpKind) {
    return Status::Corruption("plan op: unknown kind " + std::to_string(kind));
  }
  PlanOp op;
  op.kind = static_cast<OpKind>(kind);
  const uint8_t layout = Layout(op.kind);
  ByteReader r(payload);
  if (layout & kMember) {
    MUTUAL_ASSIGN_OR_RETURN(op.member, ReadId(r));
  }
  if (layout & kItem) {
    MUTUAL_ASSIGN_OR_RETURN(op.item, ReadId(r));
  }
  if (layout & kHash) {
    MUTUAL_ASSIGN_OR_RETURN(op.hash, r.Fixed<32>());
  }
  if (layout & kTarget) {
    MUTUAL_ASSIGN_OR_RETURN(op.target, r.Utf8String(kMaxOpTextBytes));
    if (op.target.empty()) return Status::Corruption("plan op: empty target");
  }
  if (layout & kText) {
    MUTUAL_ASSIGN_OR_RETURN(op.text, r.Utf8String(kMaxOpTextBytes));
  }
  if (layout & kFlag) {
    MUTUAL_ASSIGN_OR_RETURN(uint8_t flag, r.U8());
    if (flag > 1) return Status::Corruption("plan op: flag not 0 or 1");
    op.flag = flag == 1;
  }
  if (layout & kDevice) {
    MUTUAL_ASSIGN_OR_RETURN(ByteView dev, r.LengthPrefixed(kMaxDeviceBytes));
    op.device = ToBytes(dev);
  }
  if (layout & kKeys) {
    MUTUAL_ASSIGN_OR_RETURN(op.keys, ReadKeys(r));
  }
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  return op;
}

}  // namespace mutual::plan
